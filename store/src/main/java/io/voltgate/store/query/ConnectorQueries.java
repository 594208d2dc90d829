package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Connectors of a scope's live chargers. A connector is visible when it and its charger are live
 * and the charger is on one of the scope's networks.
 *
 * <p>Reads answer a row view of {@link #COLUMNS}: {@link ChargerQueries#CONNECTOR_COLUMNS} plus the
 * charger's charge_point_id and network_id.
 */
public final class ConnectorQueries {

  /** What an update may change. */
  public static final class Field {
    public static final Patch.Field STANDARD = new Patch.Field("standard");
    public static final Patch.Field FORMAT = new Patch.Field("format");
    public static final Patch.Field POWER_TYPE = new Patch.Field("power_type");
    public static final Patch.Field MAX_VOLTAGE = new Patch.Field("max_voltage");
    public static final Patch.Field MAX_AMPERAGE = new Patch.Field("max_amperage");
    public static final Patch.Field MAX_POWER_KW = new Patch.Field("max_power_kw");
    public static final Patch.Field STATUS = new Patch.Field("status");
    public static final Patch.Field UPDATED_AT = new Patch.Field("updated_at");

    private Field() {
    }
  }

  public static final String COLUMNS = "k.id, k.charger_id, k.evse_id, k.connector_id, k.standard, k.format,"
      + " k.power_type, k.max_power_kw, k.max_amperage, k.max_voltage, k.status, k.error_code, k.status_at, k.updated_at,"
      + " c.charge_point_id, c.network_id";

  private final Pool pg;

  public ConnectorQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Connector {@code k} of a live charger {@code c} of the scope ($1). */
  private static String visible(Scope scope) {
    return "k.deleted_at IS NULL AND c.id = k.charger_id AND " + ChargerQueries.visible(scope);
  }

  /**
   * Connector status row view: {@link #COLUMNS} plus the charger's is_public and its location
   * (location_id, location_name; null when unplaced).
   */
  public static final String STATUS_COLUMNS = COLUMNS + ", c.is_public, l.id AS location_id, l.name AS location_name";

  /**
   * A live connector of a live charger of the scope (connector status row view), or empty; with
   * {@link ChargerQueries.Visibility#PUBLIC} only one of a public charger at a published location.
   */
  public Future<Optional<Row>> status(Scope scope, ChargerQueries.Visibility visibility, UUID id) {
    String publicOnly = visibility == ChargerQueries.Visibility.PUBLIC ? " AND c.is_public AND l.is_published IS TRUE" : "";
    return pg.preparedQuery("SELECT " + STATUS_COLUMNS + " FROM connectors k JOIN chargers c ON c.id = k.charger_id"
            + " LEFT JOIN locations l ON l.id = c.location_id AND l.deleted_at IS NULL"
            + " WHERE k.id = $2 AND " + visible(scope) + publicOnly)
        .execute(Tuple.of(scope.networkBind(), id))
        .map(Rows::first);
  }

  /** The number a new connector of a live charger of the scope gets by default; empty without the charger. */
  public Future<Optional<Integer>> nextNumber(Scope scope, UUID chargerId) {
    return pg.preparedQuery("SELECT c.id, (SELECT COALESCE(max(k.evse_id), 0) + 1 FROM connectors k"
            + " WHERE k.charger_id = c.id AND k.deleted_at IS NULL) AS next FROM chargers c"
            + " WHERE c.id = $2 AND " + ChargerQueries.visible(scope))
        .execute(Tuple.of(scope.networkBind(), chargerId))
        .map(rows -> Rows.first(rows).map(r -> r.getInteger("next")));
  }

  /** The provisioning fields of a new connector; its number is the OCPP 1.6 connectorId (EVSE, connector 1). */
  public record New(UUID id, UUID chargerId, int number, String standard, String format, String powerType,
      Integer maxVoltage, Integer maxAmperage, BigDecimal maxPowerKw) {
  }

  /**
   * Inserts a connector on a charger already found within the caller's scope; fails with the unique
   * violation when the charger has the number.
   */
  public Future<Void> create(New k) {
    return pg.preparedQuery("INSERT INTO connectors (id, charger_id, evse_id, connector_id,"
            + " ocpp_connector_id, standard, format, power_type, max_voltage, max_amperage, max_power_kw)"
            + " VALUES ($1, $2, $3, 1, $3, $4, $5, $6, $7, $8, $9)")
        .execute(Tuple.from(new Object[] {k.id(), k.chargerId(), k.number(), k.standard(), k.format(), k.powerType(),
            k.maxVoltage(), k.maxAmperage(), k.maxPowerKw()}))
        .mapEmpty();
  }

  /** A visible connector (row view), or empty. */
  public Future<Optional<Row>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM connectors k, chargers c WHERE k.id = $2 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(Rows::first);
  }

  /** Applies the patch to a visible connector; completes with the row view after it, or empty. */
  public Future<Optional<Row>> update(Scope scope, UUID id, Patch patch) {
    return pg.preparedQuery("UPDATE connectors k SET " + patch.assignments(3) + " FROM chargers c WHERE k.id = $2 AND "
            + visible(scope) + " RETURNING " + COLUMNS)
        .execute(patch.tuple(Tuple.of(scope.networkBind(), id)))
        .map(Rows::first);
  }

  /** What a soft delete found. */
  public enum Outcome { DELETED, NOT_FOUND, ACTIVE_SESSION }

  /** @param assignments tariff assignments on the connector deactivated with it */
  public record Deletion(Outcome outcome, int assignments) {
  }

  /** Soft-deletes a visible connector and deactivates its tariff assignments; refuses while a session is active on it. */
  public Future<Deletion> softDelete(Scope scope, UUID id) {
    return pg.withTransaction(tx -> tx.preparedQuery("SELECT k.id, EXISTS (SELECT 1 FROM charging_sessions cs"
                + " WHERE cs.status = 'ACTIVE' AND (cs.connector_pk = k.id OR (cs.charger_id = k.charger_id AND cs.evse_id = k.evse_id)))"
                + " AS active FROM connectors k, chargers c WHERE k.id = $2 AND " + visible(scope) + " FOR UPDATE OF k")
        .execute(Tuple.of(scope.networkBind(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(new Deletion(Outcome.NOT_FOUND, 0));
          }
          if (rows.iterator().next().getBoolean("active")) {
            return Future.succeededFuture(new Deletion(Outcome.ACTIVE_SESSION, 0));
          }
          return tx.preparedQuery("UPDATE tariff_assignments SET deactivated_at = now() WHERE deactivated_at IS NULL"
                  + " AND scope_type = 'connector' AND scope_id = $1").execute(Tuple.of(id))
              .compose(assignments -> tx.preparedQuery("UPDATE connectors SET deleted_at = now(), updated_at = now()"
                      + " WHERE id = $1").execute(Tuple.of(id))
                  .map(ignored -> new Deletion(Outcome.DELETED, assignments.rowCount())));
        }));
  }
}
