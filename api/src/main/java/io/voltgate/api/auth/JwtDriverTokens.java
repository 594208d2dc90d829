package io.voltgate.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.services.drivers.DriverTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Driver access tokens checked by {@link DriverTokens}: the token names its network as audience; it
 * is verified against that very network (signature, key id, algorithm, expiry), and
 * {@link DriverBearerAuth} then requires the network to be one of the API key's.
 */
public final class JwtDriverTokens implements DriverTokenVerifier {

  private final DriverTokens tokens;

  public JwtDriverTokens(DriverTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens);
  }

  @Override
  public Future<ApiPrincipal.Driver> verify(String accessToken) {
    UUID audience = audience(accessToken);
    if (audience == null) {
      return Future.failedFuture("no network audience");
    }
    // The unverified audience only chooses what to verify against; a forged one fails the check.
    return tokens.verify(audience, accessToken).map(c -> new ApiPrincipal.Driver(c.networkId(), c.driverId(), c.expiresAt()));
  }

  private static UUID audience(String jwt) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      Object aud = payload.getValue("aud");
      return aud instanceof String s ? UUID.fromString(s) : null;
    } catch (RuntimeException malformed) {
      return null;
    }
  }
}
