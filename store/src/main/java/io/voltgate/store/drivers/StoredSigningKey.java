package io.voltgate.store.drivers;

import java.time.Instant;
import java.util.Objects;

/**
 * A key that signs (or signed) drivers' access tokens.
 *
 * @param privateKeySealed the PKCS#8 PEM private key sealed by {@code SecretBox}
 * @param retiredAt when it stopped signing, or null for the signing key
 */
public record StoredSigningKey(String kid, String alg, String publicKeyPem, String privateKeySealed,
    Instant createdAt, Instant retiredAt) {

  public StoredSigningKey {
    Objects.requireNonNull(kid);
    Objects.requireNonNull(alg);
    Objects.requireNonNull(publicKeyPem);
    Objects.requireNonNull(privateKeySealed);
    Objects.requireNonNull(createdAt);
  }
}
