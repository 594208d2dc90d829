package io.voltgate.api.auth;

import io.vertx.core.Future;

/** Checks a driver's bearer access token (signature, algorithm, key id, audience, expiry). */
@FunctionalInterface
public interface DriverTokenVerifier {

  /**
   * Completes with the driver the token was issued to, or fails (any failure: the token is not
   * accepted, answered 401).
   */
  Future<ApiPrincipal.Driver> verify(String accessToken);
}
