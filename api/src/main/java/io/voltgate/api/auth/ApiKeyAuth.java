package io.voltgate.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.RequestBodies;
import io.voltgate.store.pg.ApiKeyRepository;
import io.voltgate.store.pg.ApiKeyRepository.StoredKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * {@code X-API-Key} authentication for every API call, from the header alone (it runs before the
 * body is read: the request stays paused until the key is accepted). The key's SHA-256 is looked
 * up, then checked on every request for revocation and expiry (401), the allowed IPs (403) and the
 * hourly rate limit (429 with {@code Retry-After}; counted in Redis so every API node shares it).
 * Usage is metered per key per day in Redis and flushed to Postgres ({@code api_key_usage},
 * {@code last_used_at}, {@code usage_count}) by {@link #flushUsage()}: each request counts one
 * request and one unit; {@link #meterUnits} adds the units of work a request did beyond that
 * (a report export's rows; docs/usage.md).
 *
 * <p>Looked-up keys are cached per event loop for {@link #CACHE_MS}, but only while this verticle is
 * subscribed to the revocation channel ({@link #subscribed()}): a revocation anywhere evicts the key
 * here at once ({@link #evict}). Without a subscription every request reads Postgres, and every
 * change of subscription state drops the whole cache, since messages may have been missed.
 */
public final class ApiKeyAuth {

  /** Backstop: a cached key is re-read at least this often even if a revocation message was lost. */
  static final long CACHE_MS = 5_000;
  private static final int CACHE_MAX = 10_000;
  public static final String HEADER = "X-API-Key";

  private record Cached(StoredKey row, long loadedAt) {
  }

  private final ApiKeyRepository keys;
  private final Redis redis;
  private final Clock clock;
  /**
   * Bounded by frequency (W-TinyLFU), not by clearing when full: a spray of made-up keys (cached as
   * misses, so repeating one costs no query) cannot push out the keys in real use. Maintenance runs on
   * the calling event loop, like every other use of this instance.
   */
  private final Cache<String, Cached> cache = Caffeine.newBuilder().maximumSize(CACHE_MAX)
      .executor(Runnable::run).build();
  /** Bumped by every eviction, so a lookup that raced a revocation does not cache what it read. */
  private long generation;
  private boolean trusted;

  public ApiKeyAuth(ApiKeyRepository keys, Redis redis, Clock clock) {
    this.keys = Objects.requireNonNull(keys);
    this.redis = Objects.requireNonNull(redis);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * The route handler of a family that takes keys of {@code keyFamily}: a valid key of another
   * family (an eMSP app's key on the operator API, say) is refused with 401 like an unknown one.
   */
  public Handler<RoutingContext> of(String keyFamily) {
    Objects.requireNonNull(keyFamily);
    return ctx -> handle(ctx, keyFamily);
  }

  /**
   * Authenticates from the header, pausing the request meanwhile so that the body is neither read
   * nor lost before the body handler that follows; continues with the principal in the context, or
   * fails the request.
   */
  private void handle(RoutingContext ctx, String keyFamily) {
    String secret = ctx.request().getHeader(HEADER);
    if (secret == null || secret.isBlank()) {
      reject(ctx, ApiException.unauthorized("Missing X-API-Key header"));
      return;
    }
    if (RequestBodies.pending(ctx.request())) {
      ctx.request().pause();
    }
    String hash = ApiKeySecrets.hash(secret.trim());
    load(hash).compose(row -> check(ctx, row, keyFamily)).onComplete(ar -> {
      if (ar.failed()) {
        reject(ctx, ar.cause());
      } else {
        ctx.put(ApiPrincipal.CONTEXT_KEY, ar.result());
        ctx.next();
      }
    });
  }

  /** Fails the request; its body stays unread ({@code ErrorHandler} then closes an HTTP/1 connection). */
  private static void reject(RoutingContext ctx, Throwable failure) {
    ctx.fail(failure);
  }

  /** Forgets a key (it was revoked, here or on another node). */
  public void evict(UUID keyId) {
    generation++;
    cache.asMap().values().removeIf(c -> c.row() != null && c.row().id().equals(keyId));
  }

  /** The revocation subscription is in place: cache again, starting from nothing. */
  public void subscribed() {
    generation++;
    cache.invalidateAll();
    trusted = true;
  }

  /** The revocation subscription was lost: revocations may be missed, so stop caching. */
  public void unsubscribed() {
    generation++;
    cache.invalidateAll();
    trusted = false;
  }

  /** Of these keys, those revoked, deleted or expired by now. */
  public Future<Set<UUID>> invalidAmong(Collection<UUID> keyIds) {
    return keys.invalidAmong(keyIds);
  }

  private Future<StoredKey> load(String hash) {
    long now = clock.millis();
    Cached cached = trusted ? cache.getIfPresent(hash) : null;
    if (cached != null && now - cached.loadedAt() < CACHE_MS) {
      return Future.succeededFuture(cached.row());
    }
    long startedAt = generation;
    return keys.byHash(hash)
        .map(row -> {
          if (trusted && generation == startedAt) {
            cache.put(hash, new Cached(row, now));
          }
          return row;
        });
  }

  private Future<ApiPrincipal> check(RoutingContext ctx, StoredKey row, String keyFamily) {
    Instant now = clock.instant();
    if (row == null) {
      return Future.failedFuture(ApiException.unauthorized("Invalid API key"));
    }
    if (row.deleted() || row.revokedAt() != null) {
      return Future.failedFuture(ApiException.unauthorized("API key has been revoked"));
    }
    // Checked on every request, cached or not: expiry needs no message to take effect.
    if (row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
      return Future.failedFuture(ApiException.unauthorized("API key has expired"));
    }
    if (!keyFamily.equals(row.family())) {
      return Future.failedFuture(ApiException.unauthorized("This is a key of the " + row.family()
          + " API; this API takes " + keyFamily + " keys"));
    }
    if (row.allowedIps() != null && !row.allowedIps().isEmpty()) {
      String ip = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
      if (!IpAllowList.allows(row.allowedIps(), ip)) {
        return Future.failedFuture(ApiException.forbidden("Requests from " + ip + " are not allowed for this API key"));
      }
    }
    ApiPrincipal principal = new ApiPrincipal(row.id(), row.name(), row.family(), new HashSet<>(row.scopes()),
        row.networks(), row.rateLimitPerHour(), row.allowedIps(), row.expiresAt(), "Publishable".equals(row.keyClass()),
        null);
    return meter(ctx, row, now).map(principal);
  }

  /** Counts the request for the hourly limit and the daily usage in one Redis round trip. */
  private Future<Void> meter(RoutingContext ctx, StoredKey row, Instant now) {
    long hour = now.getEpochSecond() / 3600;
    String rateKey = "vg:rate:" + row.id() + ":" + hour;
    String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
    return redis.batch(List.of(
            Request.cmd(Command.INCR).arg(rateKey),
            Request.cmd(Command.EXPIRE).arg(rateKey).arg(3700),
            Request.cmd(Command.HINCRBY).arg("vg:usage:pending").arg(row.id() + "|" + day).arg(1),
            Request.cmd(Command.HSET).arg("vg:usage:lastused").arg(row.id().toString()).arg(now.toEpochMilli())))
        .compose(replies -> {
          long count = replies.get(0).toLong();
          if (count > row.rateLimitPerHour()) {
            long retryAfter = (hour + 1) * 3600 - now.getEpochSecond();
            ctx.put("retryAfter", Math.max(1, retryAfter));
            return Future.failedFuture(new ApiException(429, "rate_limited",
                "Hourly rate limit of " + row.rateLimitPerHour() + " requests exceeded"));
          }
          return Future.succeededFuture();
        });
  }

  /**
   * Adds {@code units} metered units (beyond the one its request counted) to a key's usage today;
   * the usage endpoint reports them once flushed. Best effort: a Redis failure is logged by nobody
   * and loses these units only.
   */
  public Future<Void> meterUnits(UUID keyId, long units) {
    if (units <= 0) {
      return Future.succeededFuture();
    }
    String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    return redis.send(Request.cmd(Command.HINCRBY).arg("vg:usage:pending").arg(keyId + "|" + day + "|" + EXTRA_UNITS)
        .arg(units)).mapEmpty();
  }

  /** The suffix of a pending usage field that counts units only (no requests). */
  private static final String EXTRA_UNITS = "units";

  /**
   * Moves metered usage from Redis to Postgres (atomically taking the pending counters, so two API
   * nodes never count a request twice). Called periodically.
   */
  public Future<Void> flushUsage() {
    String taking = "vg:usage:flushing:" + UUID.randomUUID();
    return redis.send(Request.cmd(Command.RENAME).arg("vg:usage:pending").arg(taking))
        .compose(ok -> redis.send(Request.cmd(Command.HGETALL).arg(taking)))
        .compose(all -> {
          // Fields: "key|day" (requests, one unit each) and "key|day|units" (extra units).
          Map<String, long[]> sums = new HashMap<>();
          for (String field : all.getKeys()) {
            String[] parts = field.split("\\|");
            long n = all.get(field).toLong();
            long[] sum = sums.computeIfAbsent(parts[0] + "|" + parts[1], k -> new long[2]);
            if (parts.length > 2) {
              sum[1] += n;
            } else {
              sum[0] += n;
              sum[1] += n;
            }
          }
          List<ApiKeyRepository.Usage> usage = new ArrayList<>();
          sums.forEach((field, sum) -> {
            String[] parts = field.split("\\|");
            usage.add(new ApiKeyRepository.Usage(UUID.fromString(parts[0]), LocalDate.parse(parts[1]), sum[0], sum[1]));
          });
          return keys.addUsage(usage).compose(v -> redis.send(Request.cmd(Command.DEL).arg(taking))).mapEmpty();
        })
        .recover(e -> e.getMessage() != null && e.getMessage().contains("no such key")
            ? Future.succeededFuture() : Future.failedFuture(e))
        .compose(v -> redis.send(Request.cmd(Command.HGETALL).arg("vg:usage:lastused")))
        .compose(last -> {
          Map<UUID, Instant> lastUsed = new HashMap<>();
          for (String id : last.getKeys()) {
            lastUsed.put(UUID.fromString(id), Instant.ofEpochMilli(last.get(id).toLong()));
          }
          return keys.touchLastUsed(lastUsed);
        });
  }
}
