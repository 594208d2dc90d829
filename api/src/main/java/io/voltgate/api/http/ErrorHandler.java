package io.voltgate.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure as {@code {error, message, code, status, timestamp}} ({@code code} is the
 * machine-readable error as in the seeds, {@code status} the HTTP status; plus {@code field} for 400s):
 * API errors with their status, backend outages as 503, anything unexpected as a logged 500.
 */
public final class ErrorHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  private ErrorHandler() {
  }

  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      if (api.status() == 429 && ctx.get("retryAfter") != null) {
        ctx.response().putHeader("Retry-After", String.valueOf((Object) ctx.get("retryAfter")));
      }
      send(ctx, api.status(), api.error(), api.getMessage(), api.field());
    } else if (isBackendDown(failure)) {
      LOG.warn("backend unavailable for {} {}: {}", ctx.request().method(), ctx.normalizedPath(), failure.toString());
      send(ctx, 503, "service_unavailable", "A backing store (Postgres or Redis) is unavailable; retry later", null);
    } else if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
      send(ctx, 400, "validation_error", "A value is out of range or malformed", null);
    } else if (failure != null) {
      LOG.error("unexpected failure in {} {}", ctx.request().method(), ctx.normalizedPath(), failure);
      send(ctx, 500, "internal_error", "Unexpected error", null);
    } else {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      String error = switch (status) {
        case 404 -> "not_found";
        case 405 -> "method_not_allowed";
        case 413 -> "payload_too_large";
        case 415 -> "unsupported_media_type";
        case 400 -> "bad_request";
        default -> status >= 500 ? "internal_error" : "error";
      };
      send(ctx, status, error, status == 404 ? "No such endpoint" : "Request failed with status " + status, null);
    }
  }

  private static boolean isBackendDown(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof java.util.concurrent.TimeoutException
          || (c instanceof IOException && !(c instanceof java.io.UncheckedIOException))
          || c.getClass().getName().startsWith("io.vertx.redis.client") || c instanceof io.vertx.core.http.HttpClosedException
          || (c.getMessage() != null && (c.getMessage().contains("Connection refused")
              || c.getMessage().contains("connection may have been lost") || c.getMessage().contains("Timeout")))) {
        return true;
      }
    }
    return false;
  }

  static void send(RoutingContext ctx, int status, String error, String message, String field) {
    if (ctx.response().ended()) {
      return;
    }
    // As in the seeds, code repeats the machine-readable error; status is the HTTP status.
    JsonObject body = new JsonObject().put("error", error).put("message", message).put("code", error)
        .put("status", status).put("timestamp", Responses.now());
    if (field != null && !field.isEmpty()) {
      body.put("field", field);
    }
    if (RequestBodies.unreadOnHttp1(ctx.request())) {
      // Refused before its body was read (401, 413, 415, ...): the rest of it must not be parsed as
      // the next request, nor the connection kept waiting for it, so the connection ends with this answer.
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close")
          .endHandler(v -> ctx.request().connection().close());
    }
    Responses.send(ctx, status, body);
  }
}
