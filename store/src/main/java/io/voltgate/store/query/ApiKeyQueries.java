package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Operator API keys as a scope sees them. A key is visible to an unrestricted scope, or to a network
 * scope when the key is confined to networks all within it; keys holding the platform
 * administrator scope only when the caller may see them. A driver scope sees no key.
 *
 * <p>Lists answer a row view of {@link #COLUMNS}.
 */
public final class ApiKeyQueries {

  public static final String COLUMNS = "id, name, description, family, key_class, prefix, last_four, scopes, network_ids,"
      + " allowed_ips, rate_limit_per_hour, expires_at, revoked_at, last_used_at, usage_count, created_at";

  private final Pool pg;
  private final String adminScope;

  /** @param adminScope the scope that only platform administrators' lists show (platform:admin) */
  public ApiKeyQueries(Pool pg, String adminScope) {
    this.pg = Objects.requireNonNull(pg);
    this.adminScope = Objects.requireNonNull(adminScope);
  }

  /**
   * Keys visible to $1 (the scope's networks: a key confined to networks all within them) and
   * {@code $adminParam} (whether platform-administrator keys are shown).
   */
  private String visibility(int adminParam) {
    return "deleted_at IS NULL AND ($1::uuid[] IS NULL OR (network_ids IS NOT NULL AND network_ids <@ $1))"
        + " AND ($" + adminParam + "::boolean OR NOT ('" + adminScope + "' = ANY(scopes)))";
  }

  /** The visible keys, newest first. */
  public Future<Page<Row>> page(Scope scope, boolean showAdminKeys, int limit, int offset) {
    if (scope.isDriver()) {
      return Future.succeededFuture(new Page<>(List.of(), 0));
    }
    return Paging.page(pg, COLUMNS, "FROM api_keys WHERE " + visibility(2), "created_at DESC, id",
        Tuple.of(scope.networkBind(), showAdminKeys), limit, offset, r -> r);
  }

  /** A new key's stored fields (the secret only as its hash). */
  public record New(UUID id, String name, String description, String family, String keyClass, String prefix, String keyHash, String lastFour,
      String[] scopes, UUID[] networkIds, String[] allowedIps, int rateLimitPerHour, OffsetDateTime expiresAt,
      UUID createdBy) {
  }

  public Future<Void> create(New k) {
    return pg.preparedQuery("INSERT INTO api_keys (id, name, description, family, key_class, prefix,"
            + " key_hash, last_four, scopes, network_ids, allowed_ips, rate_limit_per_hour, expires_at, created_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
        .execute(Tuple.from(new Object[] {k.id(), k.name(), k.description(), k.family(), k.keyClass(), k.prefix(), k.keyHash(), k.lastFour(),
            k.scopes(), k.networkIds(), k.allowedIps(), k.rateLimitPerHour(), k.expiresAt(), k.createdBy()}))
        .mapEmpty();
  }

  /** Revokes and soft-deletes a visible key; completes with false when there is none. */
  public Future<Boolean> revoke(Scope scope, boolean showAdminKeys, UUID id) {
    if (scope.isDriver()) {
      return Future.succeededFuture(false);
    }
    return pg.preparedQuery("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()), deleted_at = now()"
            + " WHERE id = $2 AND " + visibility(3) + " RETURNING id")
        .execute(Tuple.of(scope.networkBind(), id, showAdminKeys))
        .map(rows -> rows.size() > 0);
  }

  /** Requests and metered units on one UTC day by the keys of one family. */
  public record DailyUsage(LocalDate day, String family, long requests, long units) {
  }

  /**
   * Requests and units per day and key family in the inclusive range of the scope's keys (every key
   * for an unrestricted scope, else the caller's own key and keys sharing a network with the scope),
   * newest day first.
   */
  public Future<List<DailyUsage>> dailyUsage(Scope scope, UUID callerKey, LocalDate from, LocalDate to) {
    Object networks = scope.networkBind();
    return pg.preparedQuery(
            "SELECT u.day, k.family, sum(u.requests)::bigint AS requests, sum(u.units)::bigint AS units"
                + " FROM api_key_usage u JOIN api_keys k ON k.id = u.api_key_id"
                + " WHERE u.day BETWEEN $1 AND $2 AND ($3 OR k.id = $4 OR (k.network_ids && $5::uuid[]))"
                + " GROUP BY u.day, k.family ORDER BY u.day DESC, k.family")
        .execute(Tuple.of(from, to, networks == null, callerKey, networks == null ? new UUID[0] : networks))
        .map(rows -> {
          List<DailyUsage> out = new ArrayList<>();
          rows.forEach(r -> out.add(new DailyUsage(r.getLocalDate("day"), r.getString("family"), r.getLong("requests"),
              r.getLong("units"))));
          return out;
        });
  }

}
