package io.voltgate.api.control;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.api.http.ApiException;
import io.voltgate.store.security.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * Tokens of diagnostics/log upload URLs: {@code chargerId.expiry.slot.mac}. The MAC (compared in
 * constant time) binds the charger, the expiry and a random slot; the slot lives in Redis until the
 * expiry ({@code vg:upload:SLOT}: {@code charger}, {@code name} = the file the charger said it will
 * upload, {@code used} = the file uploaded) and admits one file, once.
 */
public final class UploadTokens {

  /** What a verified token grants: one upload for this charger, through this slot. */
  public record Grant(UUID chargerId, String slot) {
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAC_HEX = 32;
  private static final String OPEN = "redis.call('HSET', KEYS[1], 'charger', ARGV[1]);"
      + " redis.call('EXPIREAT', KEYS[1], ARGV[2]); return 1";
  /** Binds the file name unless an upload came first (or the slot expired). */
  private static final String EXPECT = "if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HEXISTS', KEYS[1], 'used') == 0"
      + " then redis.call('HSET', KEYS[1], 'name', ARGV[1]) end; return 1";
  private static final String CLAIM = "if redis.call('EXISTS', KEYS[1]) == 0 then return 'expired' end;"
      + " local name = redis.call('HGET', KEYS[1], 'name');"
      + " if name and name ~= ARGV[1] then return 'other_file' end;"
      + " if redis.call('HSETNX', KEYS[1], 'used', ARGV[1]) == 0 then return 'used' end; return 'ok'";

  private final SecretBox secrets;
  private final Redis redis;
  private final Clock clock;
  private final Duration ttl;

  public UploadTokens(SecretBox secrets, Redis redis, Clock clock, Duration ttl) {
    this.secrets = Objects.requireNonNull(secrets);
    this.redis = Objects.requireNonNull(redis);
    this.clock = Objects.requireNonNull(clock);
    this.ttl = Objects.requireNonNull(ttl);
  }

  static String key(String slot) {
    return "vg:upload:" + slot;
  }

  /** Completes with a new token for one upload of this charger's, valid for the configured time. */
  public Future<String> issue(UUID chargerId) {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String slot = HexFormat.of().formatHex(random);
    long expires = clock.instant().plus(ttl).getEpochSecond();
    String body = chargerId + "." + expires + "." + slot;
    String token = body + "." + mac(body);
    return redis.send(Request.cmd(Command.EVAL).arg(OPEN).arg(1).arg(key(slot)).arg(chargerId.toString()).arg(expires))
        .map(token);
  }

  /** Binds the token to the file the charger said it will upload (its answer to GetDiagnostics/GetLog). */
  public Future<Void> expect(String token, String fileName) {
    return redis.send(Request.cmd(Command.EVAL).arg(EXPECT).arg(1).arg(key(slotOf(token))).arg(fileName)).mapEmpty();
  }

  /** Checks the MAC and the expiry; no I/O. Fails with 403. */
  public Grant verify(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 4) {
      throw invalid();
    }
    String body = parts[0] + "." + parts[1] + "." + parts[2];
    if (!MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII), parts[3].getBytes(StandardCharsets.US_ASCII))) {
      throw invalid();
    }
    long expires;
    UUID charger;
    try {
      expires = Long.parseLong(parts[1]);
      charger = UUID.fromString(parts[0]);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (expires < clock.instant().getEpochSecond()) {
      throw ApiException.forbidden("Upload token expired");
    }
    return new Grant(charger, parts[2]);
  }

  /**
   * Takes the grant's one upload for {@code fileName}. Fails with 403 when the slot expired or the
   * charger announced another file, 409 when the slot was used.
   */
  public Future<Void> claim(Grant grant, String fileName) {
    return redis.send(Request.cmd(Command.EVAL).arg(CLAIM).arg(1).arg(key(grant.slot())).arg(fileName))
        .compose(r -> switch (r.toString()) {
          case "ok" -> Future.succeededFuture();
          case "used" -> Future.failedFuture(ApiException.conflict("This upload URL was already used"));
          case "other_file" -> Future.failedFuture(ApiException.forbidden("This upload URL is for another file"));
          default -> Future.failedFuture(ApiException.forbidden("Upload token expired"));
        });
  }

  /** Frees the slot after a failed upload, so that the charger may retry. */
  public Future<Void> release(Grant grant) {
    return redis.send(Request.cmd(Command.HDEL).arg(key(grant.slot())).arg("used")).mapEmpty();
  }

  private String mac(String body) {
    return secrets.mac(body).substring(0, MAC_HEX);
  }

  private static String slotOf(String token) {
    String[] parts = token.split("\\.");
    return parts.length == 4 ? parts[2] : "";
  }

  private static ApiException invalid() {
    return ApiException.forbidden("Invalid upload token");
  }
}
