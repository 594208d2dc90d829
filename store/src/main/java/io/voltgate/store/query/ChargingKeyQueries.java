package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The EMP charging keys of a scope ({@code /emp/v1/charging-keys}): live {@code id_tokens} rows
 * marked {@code charging_key}, so the gateway authorizes them as any token of their network. A
 * disabled key is {@code Blocked}. Changing one here must also drop its cached answer in Redis (the
 * caller does, see {@code RedisKeys.idToken}).
 */
public final class ChargingKeyQueries {

  /** A key; {@code uid} is the idTag chargers present. */
  public record ChargingKey(UUID id, UUID networkId, String uid, String contractId, String visualNumber,
      String fleetId, boolean enabled, OffsetDateTime validTo, OffsetDateTime createdAt) {
  }

  /** A new key of a network. */
  public record NewKey(UUID id, UUID networkId, String uid, String contractId, String visualNumber, String fleetId,
      boolean enabled, OffsetDateTime validTo) {
  }

  /** Where a page starts: after the key with this (created_at, id), the first page when null. */
  public record After(OffsetDateTime createdAt, UUID id) {
  }

  /** A page and, when more keys follow, the position after its last one. */
  public record KeyPage(List<ChargingKey> keys, After next) {
  }

  /** What a change of a key found: the key, or that it is another scope's, or nothing. */
  public record Change(Optional<ChargingKey> key, boolean foreign) {
  }

  private static final String COLUMNS = "id, network_id, token, contract_id, visual_number, fleet_id,"
      + " (status = 'Accepted') AS enabled, expires_at, created_at";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String LIVE = "charging_key AND deleted_at IS NULL";

  private final Pool pg;

  public ChargingKeyQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * The scope's keys after {@code after} in (created_at, id) order, of one fleet when given: a keyset
   * page, so keys created meanwhile never shift the next page (they come at its end).
   */
  public Future<KeyPage> page(Scope scope, String fleetId, After after, int limit) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM id_tokens WHERE " + LIVE + " AND "
            + scope.networkPredicate("network_id", 1) + " AND ($2::text IS NULL OR fleet_id = $2)"
            + " AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4::uuid))"
            + " ORDER BY created_at, id LIMIT $5")
        .execute(Tuple.from(Arrays.asList(scope.networkBind(), fleetId, after == null ? null : after.createdAt(),
            after == null ? null : after.id(), limit + 1)))
        .map(rows -> {
          KeysetSlice<ChargingKey> slice = KeysetSlice.of(Rows.list(rows).stream().map(ChargingKeyQueries::key).toList(), limit);
          ChargingKey last = slice.last();
          return new KeyPage(slice.rows(), last == null ? null : new After(last.createdAt(), last.id()));
        });
  }

  /** Creates the key; empty when a live token (a key or any other) has its uid already. */
  public Future<Optional<ChargingKey>> create(NewKey k) {
    return pg.preparedQuery("INSERT INTO id_tokens (id, network_id, token, contract_id, token_type, alias, status,"
            + " expires_at, charging_key, visual_number, fleet_id)"
            + " VALUES ($1, $2, $3, $4, 'ISO14443', $5, $6, $7, true, $5, $8) RETURNING " + COLUMNS)
        .execute(Tuple.from(Arrays.asList(k.id(), k.networkId(), k.uid(), k.contractId(), k.visualNumber(),
            k.enabled() ? "Accepted" : "Blocked", k.validTo(), k.fleetId())))
        .map(rows -> Optional.of(key(rows.iterator().next())))
        .recover(e -> e instanceof PgException pgError && UNIQUE_VIOLATION.equals(pgError.getSqlState())
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
  }

  /**
   * Enables or disables the scope's key with this uid. When the scope has none, {@code foreign} says
   * whether the key exists in a network outside it (a 403 for the seed rather than a 404).
   */
  public Future<Change> setEnabled(Scope scope, String uid, boolean enabled) {
    return pg.preparedQuery("UPDATE id_tokens SET status = $3, updated_at = now() WHERE token = $2 AND " + LIVE
            + " AND " + scope.networkPredicate("network_id", 1) + " RETURNING " + COLUMNS)
        .execute(Tuple.of(scope.networkBind(), uid, enabled ? "Accepted" : "Blocked"))
        .compose(rows -> {
          Optional<ChargingKey> changed = Rows.first(rows).map(ChargingKeyQueries::key);
          if (changed.isPresent()) {
            return Future.succeededFuture(new Change(changed, false));
          }
          return pg.preparedQuery("SELECT 1 FROM id_tokens WHERE token = $1 AND " + LIVE).execute(Tuple.of(uid))
              .map(found -> new Change(Optional.empty(), found.size() > 0));
        });
  }

  private static ChargingKey key(Row r) {
    return new ChargingKey(r.getUUID("id"), r.getUUID("network_id"), r.getString("token"), r.getString("contract_id"),
        r.getString("visual_number"), r.getString("fleet_id"), r.getBoolean("enabled"),
        r.getOffsetDateTime("expires_at"), r.getOffsetDateTime("created_at"));
  }
}
