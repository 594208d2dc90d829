package io.voltgate.api.cpms.fleet;

import java.security.SecureRandom;

/**
 * Generated Basic-auth passwords for security profiles 1 and 2: 20 characters from an unambiguous
 * alphabet, within OCPP 1.6's AuthorizationKey (16–20 bytes) and 2.0.1's BasicAuthPassword (16–40)
 * limits.
 */
public final class ChargerSecrets {

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  public static final int PASSWORD_LENGTH = 20;

  private ChargerSecrets() {
  }

  public static String password() {
    return random(ALPHABET, PASSWORD_LENGTH);
  }

  /** A short printable EVSE code, e.g. {@code VG-7KQ2MX}. */
  public static String evseCode() {
    return "VG-" + random(CODE_ALPHABET, 6);
  }

  private static String random(String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
