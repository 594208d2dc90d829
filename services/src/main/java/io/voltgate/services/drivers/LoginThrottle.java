package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.store.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed driver logins counted in Redis per account and per source address, in fixed windows
 * ({@link LoginLimits}), so every API node sees the same counts. A login is refused before its
 * password is checked once either count has reached its limit, until that window ends.
 *
 * <p>When Redis cannot be reached, logins are let through (and logged): the Argon2 cost of each
 * attempt still bounds guessing, while refusing every driver would turn a Redis outage into an
 * outage of the app.
 */
public final class LoginThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

  // Counts and TTLs of both keys in one round trip; a missing key counts 0.
  private static final String READ = "local out = {}"
      + " for i, k in ipairs(KEYS) do out[2*i-1] = tonumber(redis.call('GET', k) or '0');"
      + " out[2*i] = redis.call('TTL', k) end return out";
  // The window starts at the first failure: EXPIRE only when the counter is new.
  private static final String FAIL = "for i, k in ipairs(KEYS) do"
      + " if redis.call('INCR', k) == 1 then redis.call('EXPIRE', k, ARGV[1]) end end return 1";

  private final Redis redis;
  private final LoginLimits limits;

  public LoginThrottle(Redis redis, LoginLimits limits) {
    this.redis = Objects.requireNonNull(redis);
    this.limits = Objects.requireNonNull(limits);
  }

  /**
   * Completes when the account and the address may try a login; fails with
   * {@link DriverAuthFailure.Reason#TOO_MANY_ATTEMPTS} and the seconds to wait otherwise.
   */
  public Future<Void> admit(UUID networkId, String email, String address) {
    Request read = Request.cmd(Command.EVAL).arg(READ).arg(address == null ? 1 : 2).arg(accountKey(networkId, email));
    if (address != null) {
      read.arg(RedisKeys.driverLoginAddress(address));
    }
    return redis.send(read)
        .otherwise(e -> {
          LOG.warn("event=driver_login_throttle_unavailable error={}", e.toString());
          return null;
        })
        .compose(counts -> {
          if (counts == null) {
            return Future.succeededFuture();
          }
          long wait = Math.max(over(counts, 0, limits.maxFailuresPerAccount()),
              counts.size() > 2 ? over(counts, 2, limits.maxFailuresPerAddress()) : 0);
          return wait == 0 ? Future.succeededFuture() : Future.failedFuture(new DriverAuthFailure(
              DriverAuthFailure.Reason.TOO_MANY_ATTEMPTS, "Too many failed logins; try again later.", wait));
        });
  }

  /** Counts a failed login against the account and the address. */
  public Future<Void> failed(UUID networkId, String email, String address) {
    Request fail = Request.cmd(Command.EVAL).arg(FAIL).arg(address == null ? 1 : 2).arg(accountKey(networkId, email));
    if (address != null) {
      fail.arg(RedisKeys.driverLoginAddress(address));
    }
    return redis.send(fail.arg(limits.window().toSeconds()))
        .<Void>mapEmpty()
        .otherwise(e -> {
          LOG.warn("event=driver_login_throttle_unavailable error={}", e.toString());
          return null;
        });
  }

  /** Clears the account's failures after a successful login (the address keeps its count). */
  public Future<Void> succeeded(UUID networkId, String email) {
    return redis.send(Request.cmd(Command.DEL).arg(accountKey(networkId, email)))
        .<Void>mapEmpty()
        .otherwise(e -> null);
  }

  /** Seconds to wait when the counter at {@code i} has reached {@code max}, else 0. */
  private static long over(Response counts, int i, int max) {
    if (counts.get(i).toLong() < max) {
      return 0;
    }
    long ttl = counts.get(i + 1).toLong();
    return Math.max(ttl, 1);
  }

  private static String accountKey(UUID networkId, String email) {
    return RedisKeys.driverLoginAccount(networkId, digest(email.trim().toLowerCase(Locale.ROOT)));
  }

  private static String digest(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
