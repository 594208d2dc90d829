package io.voltgate.store.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Charger (and driver) passwords: bcrypt (Bouncy Castle), so a leaked table does not reveal them.
 * Both methods burn CPU on purpose: call them off the event loop ({@code executeBlocking}).
 */
public final class ChargerPasswords {

  /** 2^10 rounds: ~50–100 ms here; verified results are cached by the gateway per connection. */
  private static final int COST = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ChargerPasswords() {
  }

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, COST);
  }

  public static boolean verify(String hash, String password) {
    if (hash == null || password == null) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
