package io.voltgate.services.push;

import io.voltgate.services.Refusal;
import java.util.Base64;

/**
 * Checks the keys of a browser's push subscription (RFC 8291 section 3): {@code p256dh}, the
 * browser's P-256 public key as an uncompressed point (65 bytes, first byte 4), and {@code auth},
 * the 16-byte authentication secret, both base64url as {@code PushSubscription.toJSON()} gives them
 * (padding tolerated). Caught at subscribe time, a malformed key is a 400, not a failed push later.
 */
final class SubscriptionKeys {

  private static final int P256DH_BYTES = 65;
  private static final int AUTH_BYTES = 16;

  private SubscriptionKeys() {
  }

  /** @throws Refusal naming {@code keys.p256dh} or {@code keys.auth} */
  static void check(String p256dh, String auth) {
    byte[] key = decode(p256dh, "keys.p256dh");
    if (key.length != P256DH_BYTES || key[0] != 0x04) {
      throw Refusal.invalid("keys.p256dh", "keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url)");
    }
    if (decode(auth, "keys.auth").length != AUTH_BYTES) {
      throw Refusal.invalid("keys.auth", "keys.auth must be a 16-byte secret (base64url)");
    }
  }

  /** Without base64 padding: browsers differ, the decoder takes both only this way. */
  static String unpadded(String base64url) {
    int end = base64url.length();
    while (end > 0 && base64url.charAt(end - 1) == '=') {
      end--;
    }
    return base64url.substring(0, end);
  }

  private static byte[] decode(String value, String field) {
    try {
      return Base64.getUrlDecoder().decode(unpadded(value));
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(field, field + " must be base64url");
    }
  }
}
