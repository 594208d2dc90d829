package io.voltgate.services.drivers;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Uids of drivers' app tokens, like the seed's {@code A1B2C3D4E5F6}: 12 upper-case hex digits
 * (48 random bits). They fit OCPP 1.6's idTag (20 characters) and 2.0.1's idToken, and being
 * random, a uid says nothing about its driver.
 */
public final class AppTokenUids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private AppTokenUids() {
  }

  /** A new uid. */
  public static String next() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
