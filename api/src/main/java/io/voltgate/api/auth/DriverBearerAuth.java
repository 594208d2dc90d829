package io.voltgate.api.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.http.ApiException;
import java.util.Objects;

/**
 * The second step of a driver family's authentication, after the API key: an
 * {@code Authorization: Bearer} access token, when present, must be valid and issued for one of the
 * key's networks; the request then acts for that driver ({@link ApiPrincipal#scope()} is the
 * driver's). Without the header the request continues as the key alone; whether an operation needs
 * the driver is the route's decision. Runs from the headers, before the body is read.
 */
public final class DriverBearerAuth {

  private static final String BEARER = "bearer ";

  private final DriverTokenVerifier tokens;

  public DriverBearerAuth(DriverTokenVerifier tokens) {
    this.tokens = Objects.requireNonNull(tokens);
  }

  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      ctx.next();
      return;
    }
    if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(ApiException.unauthorized("Authorization must be Bearer <access token>"));
      return;
    }
    ApiPrincipal key = ctx.get(ApiPrincipal.CONTEXT_KEY);
    tokens.verify(header.substring(BEARER.length()).trim()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ApiException.unauthorized("The access token is invalid or has expired"));
      } else if (!key.sees(ar.result().networkId())) {
        // The token is genuine but for a network this app's key does not serve.
        ctx.fail(ApiException.unauthorized("The access token was not issued for this API key's network"));
      } else {
        ctx.put(ApiPrincipal.CONTEXT_KEY, key.withDriver(ar.result()));
        ctx.next();
      }
    });
  }
}
