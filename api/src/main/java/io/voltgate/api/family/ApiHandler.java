package io.voltgate.api.family;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ErrorHandler;
import io.voltgate.api.http.Reply;

/**
 * One endpoint. Runs after authentication and the scope check; completes with the reply, or fails
 * with an {@link ApiException} (any other failure becomes 503/500 by {@link ErrorHandler}).
 */
@FunctionalInterface
public interface ApiHandler {

  Future<Reply> handle(RoutingContext ctx, ApiPrincipal principal);
}
