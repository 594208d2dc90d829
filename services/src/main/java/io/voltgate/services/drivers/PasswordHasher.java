package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Drivers' passwords, hashed with Argon2id (Bouncy Castle) into the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (unpadded standard base64), so
 * a stored hash carries its own parameters and old hashes still verify after they change.
 *
 * <p>Hashing is CPU- and memory-heavy on purpose, so it never runs on an event loop: every call runs
 * on a small dedicated worker pool, whose size also bounds the memory in use at once
 * ({@code threads × memoryKib}).
 */
public final class PasswordHasher {

  /**
   * Argon2id cost.
   *
   * @param memoryKib memory per hash in KiB
   * @param iterations passes over the memory
   * @param parallelism lanes
   */
  public record Params(int memoryKib, int iterations, int parallelism) {

    /**
     * 19 MiB, 2 passes, 1 lane: the OWASP password-storage minimum for Argon2id (RFC 9106's second
     * recommendation needs 64 MiB per login, too much for several logins at once on a small node).
     */
    public static final Params DEFAULT = new Params(19_456, 2, 1);

    public Params {
      if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
        throw new IllegalArgumentException("invalid Argon2 parameters");
      }
    }
  }

  private static final String PREFIX = "$argon2id$v=19$";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final WorkerExecutor workers;
  private final Params params;

  /** {@code threads} bounds the hashes computed at once (and so their memory) on this node. */
  public PasswordHasher(Vertx vertx, Params params, int threads) {
    this.params = Objects.requireNonNull(params);
    this.workers = vertx.createSharedWorkerExecutor("voltgate-password-hashing", threads);
  }

  /** Completes with the encoded hash of {@code password} under a fresh salt. */
  public Future<String> hash(String password) {
    Objects.requireNonNull(password);
    return workers.executeBlocking(() -> encode(password, params), false);
  }

  /**
   * Completes with whether {@code password} matches {@code encoded}; false for a hash this class
   * cannot read (never a failure, so a corrupt row is a wrong password, not a 500).
   */
  public Future<Boolean> verify(String encoded, String password) {
    Objects.requireNonNull(password);
    return workers.executeBlocking(() -> matches(encoded, password), false);
  }

  /**
   * Spends the time of one verification and completes with false: a login for an unknown e-mail
   * then takes as long as a wrong password, and does not tell which accounts exist.
   */
  public Future<Boolean> verifyNothing(String password) {
    return workers.executeBlocking(() -> {
      derive(password.getBytes(StandardCharsets.UTF_8), new byte[SALT_BYTES], params);
      return false;
    }, false);
  }

  /** Whether {@code encoded} was made with other parameters than today's (re-hash after a login). */
  public boolean needsRehash(String encoded) {
    Parsed p = parse(encoded);
    return p == null || !p.params.equals(params);
  }

  static String encode(String password, Params params) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password.getBytes(StandardCharsets.UTF_8), salt, params);
    return PREFIX + "m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
        + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  static boolean matches(String encoded, String password) {
    Parsed p = parse(encoded);
    if (p == null) {
      return false;
    }
    byte[] actual = derive(password.getBytes(StandardCharsets.UTF_8), p.salt, p.params);
    // MessageDigest.isEqual takes the same time wherever the first difference is.
    return MessageDigest.isEqual(actual, p.hash);
  }

  private static byte[] derive(byte[] password, byte[] salt, Params params) {
    Argon2Parameters a = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(params.memoryKib())
        .withIterations(params.iterations())
        .withParallelism(params.parallelism())
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(a);
    byte[] out = new byte[HASH_BYTES];
    generator.generateBytes(password, out);
    return out;
  }

  private record Parsed(Params params, byte[] salt, byte[] hash) {
  }

  private static Parsed parse(String encoded) {
    if (encoded == null || !encoded.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = encoded.substring(PREFIX.length()).split("\\$");
    if (parts.length != 3) {
      return null;
    }
    try {
      int m = -1;
      int t = -1;
      int p = -1;
      for (String kv : parts[0].split(",")) {
        String[] pair = kv.split("=", 2);
        int value = Integer.parseInt(pair[1]);
        switch (pair[0]) {
          case "m" -> m = value;
          case "t" -> t = value;
          case "p" -> p = value;
          default -> {
            return null;
          }
        }
      }
      // A hash from elsewhere asking for gigabytes must not exhaust the worker's memory.
      if (m > 1_048_576 || t > 64 || p > 16) {
        return null;
      }
      byte[] hash = B64D.decode(parts[2]);
      return hash.length < 16 ? null : new Parsed(new Params(m, t, p), B64D.decode(parts[1]), hash);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
