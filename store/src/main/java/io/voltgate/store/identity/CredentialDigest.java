package io.voltgate.store.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed digest (HMAC-SHA256) of a charger's (stored bcrypt hash, password) pair: equal digests
 * mean the same password checked against the same stored hash, and a rotated password has another
 * hash, so no old digest matches it. Keyed with the deployment's key (derived from its secret key),
 * so gateway nodes, a restarted node and the API that generated the password agree on it, and a copy
 * of Redis, which never holds the key, gives no cheaper way to guess passwords than the bcrypt hashes.
 */
public final class CredentialDigest {

  /** The purpose the deployment's digest key is derived for ({@code SecretBox.derivedKey}). */
  public static final String KEY_PURPOSE = "charger-credential-digest";

  private final SecretKeySpec key;

  /** @param key 32 bytes: the deployment's (see the class comment) */
  public CredentialDigest(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** A key of this process's own: digests that no other process can match. */
  public static CredentialDigest processLocal() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new CredentialDigest(key);
  }

  public String of(String passwordHash, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(passwordHash.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
