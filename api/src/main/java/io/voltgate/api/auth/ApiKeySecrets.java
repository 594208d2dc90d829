package io.voltgate.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API key secrets: 128-bit random values with a visible prefix. Only a SHA-256 digest is stored;
 * the secrets are high-entropy, so a slow password hash would add latency to every request and no
 * protection.
 */
public final class ApiKeySecrets {

  public static final String CPMS_PREFIX = "pk_cpms_live_";

  /**
   * The visible prefix of a new key: {@code pk_<family>_live_} for server-side keys (the seed's
   * {@code pk_cpms_live_}), {@code pub_<family>_live_} for keys shipped inside apps, so a leaked
   * key's kind shows at a glance.
   */
  public static String prefix(String family, boolean publishable) {
    return (publishable ? "pub_" : "pk_") + family + "_live_";
  }
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {
  }

  /** A new secret: prefix + 32 hex characters. */
  public static String generate(String prefix) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  /** Hex SHA-256 of the secret, the only form persisted. */
  public static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** The last four characters, safe to display. */
  public static String lastFour(String secret) {
    return secret.length() <= 4 ? secret : secret.substring(secret.length() - 4);
  }

  /** The visible prefix of a secret: everything up to and including the last underscore. */
  public static String visiblePrefix(String secret) {
    int i = secret.lastIndexOf('_');
    return i < 0 ? "" : secret.substring(0, i + 1);
  }
}
