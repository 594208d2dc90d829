package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * API keys as authentication needs them: a key by the hash of its secret, which keys became invalid,
 * metered usage, and the first-run bootstrap key. Listing and minting (what a caller's scope sees)
 * live in {@code store.query.ApiKeyQueries}.
 */
public final class ApiKeyRepository {

  /** A key as stored: what a request's authentication checks. */
  public record StoredKey(UUID id, String name, String family, String keyClass, List<String> scopes,
      List<UUID> networks, List<String> allowedIps, int rateLimitPerHour, Instant expiresAt, Instant revokedAt,
      boolean deleted) {
  }

  /** Requests of one key on one UTC day. */
  /**
   * Metered use of a key on one UTC day.
   *
   * @param units metered units (docs/usage.md): one per request plus what an export adds
   */
  public record Usage(UUID keyId, LocalDate day, long requests, long units) {
  }

  private final Pool pg;

  public ApiKeyRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The key with this secret hash, or null. */
  public Future<StoredKey> byHash(String keyHash) {
    return pg.preparedQuery("SELECT id, name, family, key_class, scopes, network_ids, allowed_ips, rate_limit_per_hour,"
            + " expires_at, revoked_at, deleted_at IS NOT NULL AS deleted FROM api_keys WHERE key_hash = $1")
        .execute(Tuple.of(keyHash))
        .map(rows -> rows.size() == 0 ? null : toKey(rows.iterator().next()));
  }

  /** Of these keys, those revoked, deleted or expired by now. */
  public Future<Set<UUID>> invalidAmong(Collection<UUID> keyIds) {
    return pg.preparedQuery("SELECT id FROM api_keys WHERE id = ANY($1) AND (revoked_at IS NOT NULL"
            + " OR deleted_at IS NOT NULL OR expires_at <= now())")
        .execute(Tuple.of((Object) keyIds.toArray(new UUID[0])))
        .map(rows -> {
          Set<UUID> invalid = new HashSet<>();
          rows.forEach(r -> invalid.add(r.getUUID("id")));
          return invalid;
        });
  }

  /** Adds metered requests and units to the daily usage and the keys' totals, in one transaction. */
  public Future<Void> addUsage(List<Usage> usage) {
    if (usage.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> daily = usage.stream().map(u -> Tuple.of(u.keyId(), u.day(), u.requests(), u.units())).toList();
    List<Tuple> totals = usage.stream().map(u -> Tuple.of(u.keyId(), u.requests())).toList();
    return pg.withTransaction(conn -> conn.preparedQuery("INSERT INTO api_key_usage (api_key_id, day, requests, units)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT (api_key_id, day) DO UPDATE SET"
            + " requests = api_key_usage.requests + EXCLUDED.requests, units = api_key_usage.units + EXCLUDED.units")
        .executeBatch(daily)
        .compose(r -> conn.preparedQuery("UPDATE api_keys SET usage_count = usage_count + $2 WHERE id = $1")
            .executeBatch(totals)))
        .mapEmpty();
  }

  /** Moves each key's {@code last_used_at} forward (never back) to the given instants. */
  public Future<Void> touchLastUsed(Map<UUID, Instant> lastUsed) {
    if (lastUsed.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    lastUsed.forEach((id, at) -> rows.add(Tuple.of(id, at.atOffset(ZoneOffset.UTC))));
    return pg.preparedQuery("UPDATE api_keys SET last_used_at = GREATEST(COALESCE(last_used_at, $2), $2) WHERE id = $1")
        .executeBatch(rows).mapEmpty();
  }

  /**
   * The bootstrap key with this secret hash: created unrestricted with the given scopes, or an
   * existing one given {@code ensureScope} if it lacks it. Runs in the caller's transaction.
   * Completes with the key's id.
   */
  public static Future<UUID> ensureBootstrapKey(SqlConnection conn, String prefix, String keyHash, String lastFour,
      List<String> scopes, String ensureScope) {
    return conn.preparedQuery("SELECT id FROM api_keys WHERE key_hash = $1").execute(Tuple.of(keyHash))
        .compose(rows -> {
          if (rows.size() > 0) {
            UUID existing = rows.iterator().next().getUUID("id");
            return conn.preparedQuery("UPDATE api_keys SET scopes = array_append(scopes, $2) WHERE id = $1"
                    + " AND network_ids IS NULL AND NOT ($2 = ANY(scopes))")
                .execute(Tuple.of(existing, ensureScope)).map(existing);
          }
          UUID id = UUID.randomUUID();
          return conn.preparedQuery("INSERT INTO api_keys (id, name, family, prefix, key_hash, last_four,"
                  + " scopes, network_ids) VALUES ($1, 'Bootstrap key', 'cpms', $2, $3, $4, $5, NULL)")
              .execute(Tuple.of(id, prefix, keyHash, lastFour, scopes.toArray(new String[0])))
              .map(id);
        });
  }

  private static StoredKey toKey(Row r) {
    OffsetDateTime expires = r.getOffsetDateTime("expires_at");
    OffsetDateTime revoked = r.getOffsetDateTime("revoked_at");
    UUID[] networks = r.getArrayOfUUIDs("network_ids");
    String[] ips = r.getArrayOfStrings("allowed_ips");
    return new StoredKey(r.getUUID("id"), r.getString("name"), r.getString("family"), r.getString("key_class"),
        Arrays.asList(r.getArrayOfStrings("scopes")), networks == null ? null : Arrays.asList(networks),
        ips == null ? null : Arrays.asList(ips), r.getInteger("rate_limit_per_hour"),
        expires == null ? null : expires.toInstant(), revoked == null ? null : revoked.toInstant(),
        r.getBoolean("deleted"));
  }
}
