package io.voltgate.api.emsp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The charger's {@code llmLookupId}: six characters a person can read out to an assistant (or type)
 * — the first 30 bits of SHA-256 over the charger's UUID in Crockford's base32 (digits and upper-case
 * letters without I, L, O, U, so nothing is mistaken for 1 or 0). Derived, not stored: the same
 * charger always has the same code, on every node. It is a hint, not a key: about a billion codes,
 * so two chargers of a large fleet may share one; nothing resolves it, the info endpoint takes the
 * UUID, uid or serial number.
 */
final class LlmLookupId {

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int LENGTH = 6;

  private LlmLookupId() {
  }

  static String of(UUID chargerId) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(chargerId.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
    long bits = Integer.toUnsignedLong(ByteBuffer.wrap(digest).getInt()) >>> 2; // 30 bits
    char[] out = new char[LENGTH];
    for (int i = LENGTH - 1; i >= 0; i--) {
      out[i] = CROCKFORD[(int) (bits & 31)];
      bits >>>= 5;
    }
    return new String(out);
  }
}
