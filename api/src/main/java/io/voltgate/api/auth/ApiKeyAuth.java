package io.voltgate.api.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.http.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code X-API-Key} authentication for every API call: the key's SHA-256 is looked up (cached per
 * event loop for {@link #CACHE_MS}, so a revocation takes effect within that time), then checked for
 * revocation and expiry (401), the allowed IPs (403) and the hourly rate limit (429 with
 * {@code Retry-After}; counted in Redis so every API node shares it). Usage is metered per key per
 * day in Redis and flushed to Postgres ({@code api_key_usage}, {@code last_used_at},
 * {@code usage_count}) by {@link #flushUsage()}.
 */
public final class ApiKeyAuth {

  static final long CACHE_MS = 10_000;
  public static final String HEADER = "X-API-Key";

  private record Cached(ApiKeyRow row, long loadedAt) {
  }

  /** A key as stored. */
  record ApiKeyRow(UUID id, String name, String family, List<String> scopes, List<UUID> networks,
      List<String> allowedIps, int rateLimitPerHour, Instant expiresAt, Instant revokedAt, boolean deleted) {
  }

  private final Pool pg;
  private final Redis redis;
  private final Clock clock;
  private final Map<String, Cached> cache = new HashMap<>();

  public ApiKeyAuth(Pool pg, Redis redis, Clock clock) {
    this.pg = Objects.requireNonNull(pg);
    this.redis = Objects.requireNonNull(redis);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Route handler: authenticates or fails the request; continues with the principal in the context. */
  public void handle(RoutingContext ctx) {
    String secret = ctx.request().getHeader(HEADER);
    if (secret == null || secret.isBlank()) {
      ctx.fail(ApiException.unauthorized("Missing X-API-Key header"));
      return;
    }
    String hash = ApiKeySecrets.hash(secret.trim());
    load(hash).compose(row -> check(ctx, row)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.put(ApiPrincipal.CONTEXT_KEY, ar.result());
        ctx.next();
      }
    });
  }

  /** Forgets a cached key (after revocation on this node). */
  public void evict(UUID keyId) {
    cache.values().removeIf(c -> c.row() != null && c.row().id().equals(keyId));
  }

  private Future<ApiKeyRow> load(String hash) {
    long now = clock.millis();
    Cached cached = cache.get(hash);
    if (cached != null && now - cached.loadedAt() < CACHE_MS) {
      return Future.succeededFuture(cached.row());
    }
    return pg.preparedQuery("SELECT id, name, family, scopes, network_ids, allowed_ips, rate_limit_per_hour,"
            + " expires_at, revoked_at, deleted_at IS NOT NULL AS deleted FROM api_keys WHERE key_hash = $1")
        .execute(Tuple.of(hash))
        .map(rows -> {
          ApiKeyRow row = rows.size() == 0 ? null : toRow(rows.iterator().next());
          if (cache.size() > 10_000) {
            cache.clear();
          }
          cache.put(hash, new Cached(row, now));
          return row;
        });
  }

  private Future<ApiPrincipal> check(RoutingContext ctx, ApiKeyRow row) {
    Instant now = clock.instant();
    if (row == null) {
      return Future.failedFuture(ApiException.unauthorized("Invalid API key"));
    }
    if (row.deleted() || row.revokedAt() != null) {
      return Future.failedFuture(ApiException.unauthorized("API key has been revoked"));
    }
    if (row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
      return Future.failedFuture(ApiException.unauthorized("API key has expired"));
    }
    if (row.allowedIps() != null && !row.allowedIps().isEmpty()) {
      String ip = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
      if (!IpAllowList.allows(row.allowedIps(), ip)) {
        return Future.failedFuture(ApiException.forbidden("Requests from " + ip + " are not allowed for this API key"));
      }
    }
    ApiPrincipal principal = new ApiPrincipal(row.id(), row.name(), row.family(), new HashSet<>(row.scopes()),
        row.networks(), row.rateLimitPerHour(), row.allowedIps());
    return meter(ctx, row, now).map(principal);
  }

  /** Counts the request for the hourly limit and the daily usage in one Redis round trip. */
  private Future<Void> meter(RoutingContext ctx, ApiKeyRow row, Instant now) {
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
   * Moves metered usage from Redis to Postgres (atomically taking the pending counters, so two API
   * nodes never count a request twice). Called periodically.
   */
  public Future<Void> flushUsage() {
    String taking = "vg:usage:flushing:" + UUID.randomUUID();
    return redis.send(Request.cmd(Command.RENAME).arg("vg:usage:pending").arg(taking))
        .compose(ok -> redis.send(Request.cmd(Command.HGETALL).arg(taking)))
        .compose(all -> {
          List<Tuple> rows = new java.util.ArrayList<>();
          for (String field : all.getKeys()) {
            String[] parts = field.split("\\|");
            rows.add(Tuple.of(UUID.fromString(parts[0]), LocalDate.parse(parts[1]), all.get(field).toLong()));
          }
          if (rows.isEmpty()) {
            return Future.succeededFuture();
          }
          return pg.withTransaction(conn -> conn.preparedQuery("INSERT INTO api_key_usage (api_key_id, day, requests)"
                  + " VALUES ($1, $2, $3) ON CONFLICT (api_key_id, day) DO UPDATE SET requests = api_key_usage.requests + EXCLUDED.requests")
              .executeBatch(rows)
              .compose(r -> conn.preparedQuery("UPDATE api_keys SET usage_count = usage_count + $2 WHERE id = $1")
                  .executeBatch(rows.stream().map(t -> Tuple.of(t.getUUID(0), t.getLong(2))).toList())))
              .compose(r -> redis.send(Request.cmd(Command.DEL).arg(taking))).mapEmpty();
        })
        .compose(v -> redis.send(Request.cmd(Command.HGETALL).arg("vg:usage:lastused")))
        .compose(last -> {
          List<Tuple> rows = new java.util.ArrayList<>();
          for (String id : last.getKeys()) {
            rows.add(Tuple.of(UUID.fromString(id), Instant.ofEpochMilli(last.get(id).toLong()).atOffset(ZoneOffset.UTC)));
          }
          return rows.isEmpty() ? Future.succeededFuture()
              : pg.preparedQuery("UPDATE api_keys SET last_used_at = GREATEST(COALESCE(last_used_at, $2), $2) WHERE id = $1")
                  .executeBatch(rows).mapEmpty();
        })
        .recover(e -> e.getMessage() != null && e.getMessage().contains("no such key")
            ? Future.succeededFuture() : Future.failedFuture(e))
        .mapEmpty();
  }

  private static ApiKeyRow toRow(Row r) {
    OffsetDateTime expires = r.getOffsetDateTime("expires_at");
    OffsetDateTime revoked = r.getOffsetDateTime("revoked_at");
    UUID[] networks = r.getArrayOfUUIDs("network_ids");
    String[] ips = r.getArrayOfStrings("allowed_ips");
    return new ApiKeyRow(r.getUUID("id"), r.getString("name"), r.getString("family"),
        Arrays.asList(r.getArrayOfStrings("scopes")), networks == null ? null : Arrays.asList(networks),
        ips == null ? null : Arrays.asList(ips), r.getInteger("rate_limit_per_hour"),
        expires == null ? null : expires.toInstant(), revoked == null ? null : revoked.toInstant(),
        r.getBoolean("deleted"));
  }
}
