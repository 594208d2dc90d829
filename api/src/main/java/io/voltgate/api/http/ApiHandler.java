package io.voltgate.api.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;

/**
 * One endpoint. Runs after authentication and the scope check; completes with the reply, or fails
 * with an {@link ApiException} (any other failure becomes 503/500 by {@link ErrorHandler}).
 */
@FunctionalInterface
public interface ApiHandler {

  Future<Reply> handle(RoutingContext ctx, ApiPrincipal principal);
}
