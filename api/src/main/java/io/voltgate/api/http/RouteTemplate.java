package io.voltgate.api.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The full route template of the endpoint a request reached (e.g. {@code /cpms/v1/api-keys/:id}),
 * kept on the request's context. A family's routes live on its own sub-router, where the route the
 * parent context knows is only the mount point ({@code /cpms/v1/*}); whoever labels requests by
 * route (the request metrics) reads the template from here.
 */
public final class RouteTemplate {

  private static final String KEY = RouteTemplate.class.getName();

  private RouteTemplate() {
  }

  public static void put(RoutingContext ctx, String template) {
    ctx.put(KEY, template);
  }

  /** The template, or null when the request reached no family endpoint. */
  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
