package io.voltgate.services.emp;

import java.security.SecureRandom;

/** Ids of charging-key orders: ten random letters and digits, opaque like the seed's ({@code aYnky297eG}). */
public final class OrderIds {

  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private OrderIds() {
  }

  public static String next() {
    StringBuilder id = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
