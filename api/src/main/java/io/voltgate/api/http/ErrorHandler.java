package io.voltgate.api.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.voltgate.services.Refusal;
import io.voltgate.services.drivers.DriverAuthFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure as {@code {error, message, code, status, timestamp}} ({@code code} is the
 * machine-readable error as in the seeds, {@code status} the HTTP status; plus {@code field} for 400s):
 * API errors with their status, backend outages as 503, constraint and conversion errors Postgres
 * raises on client-supplied values as 4xx (see {@link #fromPostgres}), anything unexpected as a
 * logged 500. The codes are listed in docs/errors.md.
 */
public final class ErrorHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  /** The column in Postgres' detail of a constraint violation: {@code Key (network_id)=(...) ...}. */
  private static final Pattern KEY_COLUMN = Pattern.compile("Key \\(([a-z_]+)\\)");

  private ErrorHandler() {
  }

  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      if (api.status() == 429 && ctx.get("retryAfter") != null) {
        ctx.response().putHeader("Retry-After", String.valueOf((Object) ctx.get("retryAfter")));
      }
      send(ctx, api.status(), api.error(), api.getMessage(), api.field());
    } else if (failure instanceof Refusal r) {
      send(ctx, r.kind() == Refusal.Kind.INVALID ? 400 : 409, r.code(), r.getMessage(), r.field());
    } else if (failure instanceof DriverAuthFailure d) {
      if (d.status() == 429 && d.retryAfterSeconds() > 0) {
        ctx.response().putHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
      }
      send(ctx, d.status(), d.code(), d.getMessage(), null);
    } else if (fromFormDecoder(failure)) {
      // A form-encoded body (the API takes JSON) the body handler could not decode: a field over its
      // limit, or broken encoding. Was a 500 or a 503 (found by the HTTP fuzzer, perf/fuzz).
      boolean tooLarge = failure instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooLongFormFieldException
          || String.valueOf(failure.getMessage()).contains("exceed");
      send(ctx, tooLarge ? 413 : 400, tooLarge ? "payload_too_large" : "bad_request",
          tooLarge ? "A form field of the request body is too large" : "The form-encoded request body is malformed", null);
    } else if (isBackendDown(failure)) {
      LOG.warn("backend unavailable for {} {}: {}", ctx.request().method(), ctx.normalizedPath(), failure.toString());
      send(ctx, 503, "service_unavailable", "A backing store (Postgres or Redis) is unavailable; retry later", null);
    } else if (failure instanceof PgException pg && fromPostgres(pg) != null) {
      ApiException api = fromPostgres(pg);
      LOG.debug("{} {} refused by Postgres: {} {}", ctx.request().method(), ctx.normalizedPath(), pg.getSqlState(),
          pg.getErrorMessage());
      send(ctx, api.status(), api.error(), api.getMessage(), api.field());
    } else if (failure instanceof DecodeException || failure instanceof DateTimeParseException
        || (failure instanceof IllegalArgumentException && failure.getMessage() != null
            && failure.getMessage().startsWith("Invalid UUID string"))) {
      send(ctx, 400, "validation_error", "A value is malformed: " + failure.getMessage(), null);
    } else if (failure != null) {
      LOG.error("unexpected failure in {} {}", ctx.request().method(), ctx.normalizedPath(), failure);
      send(ctx, 500, "internal_error", "Unexpected error", null);
    } else {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      String error = switch (status) {
        case 404 -> "not_found";
        case 405 -> "method_not_allowed";
        case 413 -> "payload_too_large";
        case 414 -> "uri_too_long";
        case 431 -> "headers_too_large";
        case 415 -> "unsupported_media_type";
        case 400 -> "bad_request";
        default -> status >= 500 ? "internal_error" : "error";
      };
      send(ctx, status, error, status == 404 ? "No such endpoint" : "Request failed with status " + status, null);
    }
  }

  /** Thrown by Netty's form decoder (multipart / url-encoded bodies), whatever the exception's type. */
  static boolean fromFormDecoder(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      StackTraceElement[] st = c.getStackTrace();
      if (c.getClass().getName().startsWith("io.netty.handler.codec.http.multipart")
          || st.length > 0 && st[0].getClassName().startsWith("io.netty.handler.codec.http.multipart")) {
        return true;
      }
    }
    return false;
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

  /**
   * A constraint or conversion error on values the client sent, as the API error it stands for; null
   * for anything else (a server fault). SQLSTATE classes: 23 integrity, 22 data exception.
   */
  static ApiException fromPostgres(PgException pg) {
    String state = pg.getSqlState();
    if (state == null) {
      return null;
    }
    String field = keyColumn(pg.getDetail());
    return switch (state) {
      case "23503" -> new ApiException(422, "invalid_reference",
          "A referenced resource does not exist" + (field == null ? "" : " (" + field + ")"), field);
      case "23505", "23P01" -> new ApiException(409, "conflict",
          "A resource with these values already exists" + (field == null ? "" : " (" + field + ")"), field);
      case "23502", "23514" -> new ApiException(400, "validation_error", "A required value is missing or not allowed",
          pg.getColumn() != null ? pg.getColumn() : field);
      default -> state.startsWith("22")
          ? new ApiException(400, "validation_error", "A value is out of range or malformed", null) : null;
    };
  }

  private static String keyColumn(String detail) {
    if (detail == null) {
      return null;
    }
    Matcher m = KEY_COLUMN.matcher(detail);
    return m.find() ? m.group(1) : null;
  }

  static void send(RoutingContext ctx, int status, String error, String message, String field) {
    if (ctx.response().ended()) {
      return;
    }
    RequestBodies.abandonUnread(ctx);
    Responses.send(ctx, status, body(status, error, message, field));
  }

  /** The error body every API answer shares. */
  public static JsonObject body(int status, String error, String message, String field) {
    // As in the seeds, code repeats the machine-readable error; status is the HTTP status.
    JsonObject body = new JsonObject().put("error", error).put("message", message).put("code", error)
        .put("status", status).put("timestamp", Responses.now());
    if (field != null && !field.isEmpty()) {
      body.put("field", field);
    }
    return body;
  }
}
