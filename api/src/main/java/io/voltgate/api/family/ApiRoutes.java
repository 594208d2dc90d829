package io.voltgate.api.family;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.Handler;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Routes as data: every endpoint is declared once with its method, OpenAPI path, scope, summary and
 * request schema; this mounts it (the family's authentication, from the headers → no multipart →
 * body, bounded and in memory → scope → handler) and remembers it for the OpenAPI document. The
 * caller is authenticated before a byte of the body is read, so an unauthenticated client cannot make the server buffer or store
 * anything; file uploads are never written to disk here (the upload routes have their own handler).
 */
public final class ApiRoutes {

  /** Largest accepted request body. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  /** One declared endpoint. */
  public record Operation(ApiFamily family, HttpMethod method, String path, String tag, String scope, String summary,
      String bodySchema, int status) {
  }

  /** JSON bodies only: uploads are refused (415), never spooled to a file. */
  private static final BodyHandler BODY = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

  private final Router router;
  private final ApiFamily family;
  /** The family's authentication: puts the caller's principal on the context, or fails the request. */
  private final Handler<RoutingContext> authenticate;
  private final List<Operation> operations = new ArrayList<>();
  private String tag = "default";

  public ApiRoutes(Router router, ApiFamily family, Handler<RoutingContext> authenticate) {
    this.router = Objects.requireNonNull(router);
    this.family = Objects.requireNonNull(family);
    this.authenticate = Objects.requireNonNull(authenticate);
  }

  /** Groups the next declarations under an OpenAPI tag. */
  public ApiRoutes tag(String name) {
    this.tag = name;
    return this;
  }

  public ApiRoutes get(String path, String scope, String summary, ApiHandler handler) {
    return add(HttpMethod.GET, path, scope, summary, null, 200, handler);
  }

  public ApiRoutes post(String path, String scope, String summary, String bodySchema, ApiHandler handler) {
    return add(HttpMethod.POST, path, scope, summary, bodySchema, 200, handler);
  }

  public ApiRoutes create(String path, String scope, String summary, String bodySchema, ApiHandler handler) {
    return add(HttpMethod.POST, path, scope, summary, bodySchema, 201, handler);
  }

  public ApiRoutes put(String path, String scope, String summary, String bodySchema, ApiHandler handler) {
    return add(HttpMethod.PUT, path, scope, summary, bodySchema, 200, handler);
  }

  public ApiRoutes patch(String path, String scope, String summary, String bodySchema, ApiHandler handler) {
    return add(HttpMethod.PATCH, path, scope, summary, bodySchema, 200, handler);
  }

  public ApiRoutes delete(String path, String scope, String summary, ApiHandler handler) {
    return add(HttpMethod.DELETE, path, scope, summary, null, 200, handler);
  }

  private ApiRoutes add(HttpMethod method, String path, String scope, String summary, String bodySchema,
      int status, ApiHandler handler) {
    if (!family.owns(path)) {
      throw new IllegalArgumentException(path + " is outside the " + family.name() + " family (" + family.pathPrefix() + ")");
    }
    if (bodySchema != null) {
      BodySchemas.schema(bodySchema); // fail at start when the schema is missing
    }
    operations.add(new Operation(family, method, path, tag, scope, summary, bodySchema, status));
    router.route(method, vertxPath(path))
        .handler(authenticate)
        .handler(ApiRoutes::refuseMultipart)
        .handler(ApiRoutes::readBody)
        .handler(ctx -> run(ctx, scope, handler));
    return this;
  }

  /**
   * The body handler, called from a handler of ours: Vert.x Web refuses a user handler (the key
   * check) before a body handler on one route. The key check paused any request with a body to
   * come; one that has ended already has nothing left to read.
   */
  private static void readBody(RoutingContext ctx) {
    if (ctx.request().isEnded()) {
      ctx.next();
    } else {
      BODY.handle(ctx);
    }
  }

  private static void refuseMultipart(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10)) {
      ctx.fail(new ApiException(415, "unsupported_media_type",
          "This endpoint takes a JSON body (Content-Type: application/json), not multipart"));
      return;
    }
    ctx.next();
  }

  private static void run(RoutingContext ctx, String scope, ApiHandler handler) {
    ApiPrincipal principal = ctx.get(ApiPrincipal.CONTEXT_KEY);
    Future<Reply> reply;
    try {
      principal.require(scope);
      reply = handler.handle(ctx, principal);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ctx.response().ended()) {
        ar.result().send(ctx);
      }
    });
  }

  /** {@code /a/{id}/b} → {@code /a/:id/b}. */
  public static String vertxPath(String openApiPath) {
    return openApiPath.replaceAll("\\{(\\w+)}", ":$1");
  }

  public ApiFamily family() {
    return family;
  }

  public List<Operation> operations() {
    return Collections.unmodifiableList(operations);
  }
}
