package io.voltgate.services.drivers;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Drivers' token settings (see the README's configuration table).
 *
 * @param accessTtl lifetime of an access JWT (the seed's {@code expiresIn}: 3600 s)
 * @param refreshTtl lifetime of a refresh token
 * @param algorithm {@code ES256} or {@code RS256}: of the keys this node creates
 * @param issuer {@code iss} of every access token
 * @param keyRotation age at which the signing key is replaced
 */
public record TokenOptions(Duration accessTtl, Duration refreshTtl, String algorithm, String issuer,
    Duration keyRotation) {

  /** The algorithms a key may have: asymmetric only, so a verifying node can never sign. */
  public static final Set<String> ALGORITHMS = Set.of("ES256", "RS256");

  public TokenOptions {
    Objects.requireNonNull(accessTtl);
    Objects.requireNonNull(refreshTtl);
    Objects.requireNonNull(issuer);
    Objects.requireNonNull(keyRotation);
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("algorithm must be one of " + ALGORITHMS + ": " + algorithm);
    }
  }

  public static TokenOptions from(Settings s) {
    String alg = s.string(ConfigKey.DRIVER_JWT_ALG).toUpperCase(java.util.Locale.ROOT);
    if (!ALGORITHMS.contains(alg)) {
      throw new Settings.ConfigException(ConfigKey.DRIVER_JWT_ALG.envName() + "=" + alg + " is not ES256 or RS256");
    }
    return new TokenOptions(
        Duration.ofSeconds(s.integer(ConfigKey.DRIVER_ACCESS_TOKEN_TTL_S, 60, 86_400)),
        Duration.ofDays(s.integer(ConfigKey.DRIVER_REFRESH_TOKEN_TTL_DAYS, 1, 365)),
        alg,
        s.string(ConfigKey.DRIVER_JWT_ISSUER),
        Duration.ofDays(s.integer(ConfigKey.DRIVER_KEY_ROTATION_DAYS, 1, 3650)));
  }

  /** The defaults of the configuration table. */
  public static TokenOptions defaults() {
    return new TokenOptions(Duration.ofHours(1), Duration.ofDays(30), "ES256", "voltgate", Duration.ofDays(30));
  }
}
