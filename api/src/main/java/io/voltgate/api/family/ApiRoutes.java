package io.voltgate.api.family;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.RouteTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One family's sub-router, with routes as data: every endpoint is declared once with its method,
 * OpenAPI path, scope, callers, summary and request schema; this mounts it on the family's own
 * sub-router (the family's authentication, from the headers → no multipart → body, bounded and in
 * memory → caller and scope → handler) and remembers it for the OpenAPI document. The
 * caller is authenticated before a byte of the body is read, so an unauthenticated client cannot make the server buffer or store
 * anything; file uploads are never written to disk here (the upload routes have their own handler).
 */
public final class ApiRoutes {

  /** Largest accepted request body. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  /** One declared endpoint. */
  public record Operation(ApiFamily family, HttpMethod method, String path, String tag, String scope, Caller caller,
      String summary, String bodySchema, int status) {
  }

  /** JSON bodies only: uploads are refused (415), never spooled to a file. */
  private static final BodyHandler BODY = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

  private final Router router;
  private final ApiFamily family;
  /** The family's authentication steps: put the caller's principal on the context, or fail the request. */
  private final List<Handler<RoutingContext>> authenticate;
  private final List<Operation> operations = new ArrayList<>();
  private String tag = "default";
  private Caller caller = Caller.KEY;

  private ApiRoutes(Router router, ApiFamily family, List<Handler<RoutingContext>> authenticate) {
    this.router = router;
    this.family = Objects.requireNonNull(family);
    this.authenticate = List.copyOf(authenticate);
  }

  /**
   * Mounts the family's own sub-router under its path prefix; a request there that no declared
   * route matches falls through to the parent's 404.
   *
   * @param authenticate the family's authentication, in order (the API key, then a driver's token):
   *     each puts the caller's principal on the context, or fails the request
   */
  @SafeVarargs
  public static ApiRoutes mount(Vertx vertx, Router parent, ApiFamily family, Handler<RoutingContext>... authenticate) {
    if (authenticate.length == 0) {
      throw new IllegalArgumentException("a family needs authentication");
    }
    Router sub = Router.router(vertx);
    parent.route(family.pathPrefix() + "/*").subRouter(sub);
    return new ApiRoutes(sub, family, List.of(authenticate));
  }

  /** Groups the next declarations under an OpenAPI tag; they are open to {@link Caller#KEY} until {@link #callers}. */
  public ApiRoutes tag(String name) {
    this.tag = name;
    this.caller = Caller.KEY;
    return this;
  }

  /** Who may call the next declarations (of a family with driver tokens). */
  public ApiRoutes callers(Caller who) {
    if (who != Caller.KEY && !family.driverTokens()) {
      throw new IllegalArgumentException("the " + family.name() + " family takes no driver tokens");
    }
    this.caller = Objects.requireNonNull(who);
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
    Caller who = caller;
    operations.add(new Operation(family, method, path, tag, scope, who, summary, bodySchema, status));
    Route route = router.route(method, vertxPath(path.substring(family.pathPrefix().length())));
    String template = vertxPath(path);
    // First, so even a request refused by authentication is labelled with its endpoint.
    route.handler(ctx -> {
      RouteTemplate.put(ctx, template);
      ctx.next();
    });
    authenticate.forEach(route::handler);
    route.handler(ApiRoutes::refuseMultipart)
        .handler(ApiRoutes::readBody)
        .handler(ctx -> run(ctx, scope, who, handler));
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
    // Form bodies too: the body handler decodes them before any endpoint refuses them, and failed on
    // them with a 500 (a GET with a form type; a broken %-escape in the form; found by perf/fuzz).
    if (type != null && (type.regionMatches(true, 0, "multipart/", 0, 10)
        || type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33))) {
      ctx.fail(new ApiException(415, "unsupported_media_type",
          "This endpoint takes a JSON body (Content-Type: application/json), not a form"));
      return;
    }
    ctx.next();
  }

  private static void run(RoutingContext ctx, String scope, Caller caller, ApiHandler handler) {
    ApiPrincipal principal = ctx.get(ApiPrincipal.CONTEXT_KEY);
    Future<Reply> reply;
    try {
      // The scope first: a key that may never call the operation is 403 whoever comes with it.
      principal.require(scope);
      requireCaller(principal, caller);
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

  /** 401 when the operation needs a driver's token that was not given, 403 for an in-app key on a back-end operation. */
  private static void requireCaller(ApiPrincipal principal, Caller caller) {
    boolean driver = principal.driver() != null;
    switch (caller) {
      case KEY -> {
        if (principal.publishable()) {
          throw ApiException.forbidden("A publishable (in-app) key cannot call this endpoint; use a server-side key");
        }
      }
      case DRIVER -> {
        if (!driver) {
          throw ApiException.driverTokenRequired();
        }
      }
      case KEY_OR_DRIVER -> {
        if (!driver && principal.publishable()) {
          throw ApiException.driverTokenRequired();
        }
      }
      case ANY_KEY -> {
        // public facts: the key's family and scope were checked, nothing else is asked
      }
    }
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
