package io.voltgate.store.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that must be used again in clear (webhook signing secrets) with AES-256-GCM.
 * Stored form: {@code v1:} + base64(nonce ‖ ciphertext ‖ tag).
 */
public final class SecretBox {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;

  private final SecretKeySpec key;

  private SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the secret key must be 32 bytes (base64 of 32 random bytes)");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** From a configured base64 key, else from (or into) {@code keyFile}. Blocking (file I/O). */
  public static SecretBox load(String base64Key, Path keyFile) {
    if (base64Key != null && !base64Key.isBlank()) {
      return new SecretBox(Base64.getDecoder().decode(base64Key.trim()));
    }
    try {
      if (Files.exists(keyFile)) {
        return new SecretBox(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
      }
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      Files.createDirectories(keyFile.toAbsolutePath().getParent());
      Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh));
      try {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      return new SecretBox(fresh);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secret key " + keyFile, e);
    }
  }

  /**
   * A 32-byte key for one purpose, derived from this box's key: every node with the deployment's
   * secret key derives the same, and it is useless for any other purpose.
   */
  public byte[] derivedKey(String purpose) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(concat(key.getEncoded(), ("voltgate-key:" + purpose).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** HMAC-SHA256 under a key derived from this box's key (signed upload URLs). Hex. */
  public String mac(String message) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      byte[] derived = java.security.MessageDigest.getInstance("SHA-256")
          .digest(concat(key.getEncoded(), "voltgate-mac".getBytes(StandardCharsets.UTF_8)));
      mac.init(new SecretKeySpec(derived, "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  public String seal(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
          .put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required by every JDK", e);
    }
  }

  public String open(String stored) {
    if (!stored.startsWith("v1:")) {
      throw new IllegalArgumentException("unknown secret format");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(3));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
      return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot decrypt a stored secret: is VOLTGATE_SECRET_KEY the deployment's key?", e);
    }
  }
}
