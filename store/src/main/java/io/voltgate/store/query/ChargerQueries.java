package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Registered chargers of a scope: list, detail, partial update and decommissioning.
 *
 * <p>Reads answer row views rather than records (a charger has some twenty columns the API renders
 * one to one): a charger row carries {@link #CHARGER_COLUMNS}, a connector row {@link #CONNECTOR_COLUMNS}.
 */
public final class ChargerQueries {

  /** What an update may change. */
  public static final class Field {
    public static final Patch.Field OPERATOR_STATUS = new Patch.Field("operator_status");
    public static final Patch.Field PHYSICAL_REFERENCE = new Patch.Field("physical_reference");
    public static final Patch.Field FLOOR_LEVEL = new Patch.Field("floor_level");
    public static final Patch.Field LOCATION = new Patch.Field("location_id");
    public static final Patch.Field PUBLIC = new Patch.Field("is_public");
    public static final Patch.Field UPDATED_AT = new Patch.Field("updated_at");

    private Field() {
    }
  }

  /**
   * Charger row view: id, network_id, location_id, charge_point_id, ocpp_version, operator_status,
   * serial_number, charge_box_serial_number, firmware_version, vendor, model, model_id, evse_code,
   * security_profile, physical_reference, floor_level, registration_status, created_at, updated_at,
   * and max_power_kw (the strongest live connector).
   */
  public static final String CHARGER_COLUMNS = "c.id, c.network_id, c.location_id, c.charge_point_id, c.ocpp_version,"
      + " c.operator_status, c.serial_number, c.charge_box_serial_number, c.firmware_version, c.vendor, c.model,"
      + " c.model_id, c.evse_code, c.security_profile, c.physical_reference, c.floor_level, c.registration_status,"
      + " c.created_at, c.updated_at,"
      + " (SELECT max(k.max_power_kw) FROM connectors k WHERE k.charger_id = c.id AND k.deleted_at IS NULL) AS max_power_kw";

  /**
   * Connector row view: id, charger_id, evse_id, connector_id, standard, format, power_type,
   * max_power_kw, max_amperage, max_voltage, status, error_code, status_at, updated_at.
   */
  public static final String CONNECTOR_COLUMNS = "k.id, k.charger_id, k.evse_id, k.connector_id, k.standard, k.format,"
      + " k.power_type, k.max_power_kw, k.max_amperage, k.max_voltage, k.status, k.error_code, k.status_at, k.updated_at";

  /** Which chargers a discovery read (the driver API's charger and location reads) shows. */
  public enum Visibility {
    /** Every live charger of the scope: a partner back end's view of its networks' fleet. */
    FLEET,
    /** Only public chargers at a published live location: what drivers may discover. */
    PUBLIC
  }

  /**
   * Discovery row view: {@link #CHARGER_COLUMNS} plus is_public, connector_count, and the charger's
   * location (location_name, location_published, location_address, location_city, location_latitude,
   * location_longitude; null when unplaced) and network (network_name, network_currency,
   * network_settings).
   */
  public static final String DISCOVERY_COLUMNS = CHARGER_COLUMNS + ", c.is_public,"
      + " (SELECT count(*) FROM connectors k WHERE k.charger_id = c.id AND k.deleted_at IS NULL) AS connector_count,"
      + " l.name AS location_name, l.is_published AS location_published, l.address AS location_address,"
      + " l.city AS location_city, l.latitude AS location_latitude, l.longitude AS location_longitude,"
      + " n.name AS network_name, n.currency AS network_currency, n.settings AS network_settings";

  private static final String DISCOVERY_FROM = "FROM chargers c JOIN networks n ON n.id = c.network_id"
      + " LEFT JOIN locations l ON l.id = c.location_id AND l.deleted_at IS NULL";

  /** The condition a visibility adds to {@link #visible}: a public charger's location is live and published. */
  private static String shown(Visibility visibility) {
    return visibility == Visibility.PUBLIC ? " AND c.is_public AND l.is_published IS TRUE" : "";
  }

  private final Pool pg;

  public ChargerQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** A live charger {@code c} of the scope, with $1 bound to {@link Scope#networkBind()}. */
  static String visible(Scope scope) {
    return "c.deleted_at IS NULL AND " + scope.networkPredicate("c.network_id", 1);
  }

  /** The scope's live chargers, oldest first (charger row views). */
  public Future<Page<Row>> page(Scope scope, int limit, int offset) {
    return Paging.page(pg, CHARGER_COLUMNS, "FROM chargers c WHERE " + visible(scope), "c.created_at, c.id",
        Tuple.of(scope.networkBind()), limit, offset, r -> r);
  }

  /** A live charger of the scope (charger row view), or empty. */
  public Future<Optional<Row>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + CHARGER_COLUMNS + " FROM chargers c WHERE c.id = $2 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(Rows::first);
  }

  /**
   * The scope's chargers a discovery read shows, oldest first (discovery row views); only those at
   * the location when one is given.
   */
  public Future<Page<Row>> discoveryPage(Scope scope, Visibility visibility, UUID location, int limit, int offset) {
    return Paging.page(pg, DISCOVERY_COLUMNS, DISCOVERY_FROM + " WHERE " + visible(scope) + shown(visibility)
            + " AND ($2::uuid IS NULL OR c.location_id = $2)", "c.created_at, c.id",
        Tuple.of(scope.networkBind(), location), limit, offset, r -> r);
  }

  /** A charger of the scope a discovery read shows (discovery row view), or empty. */
  public Future<Optional<Row>> discoveryFind(Scope scope, Visibility visibility, UUID id) {
    return pg.preparedQuery("SELECT " + DISCOVERY_COLUMNS + " " + DISCOVERY_FROM + " WHERE c.id = $2 AND "
            + visible(scope) + shown(visibility))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(Rows::first);
  }

  /**
   * A public charger at a published location of the scope named as a QR code may name it: by its
   * id, its uid (charge_point_id) or its serial number, in that order of precedence (discovery row
   * view), or empty.
   *
   * @param id the identifier as a UUID, or null when it is not one
   */
  public Future<Optional<Row>> findPublicByIdentifier(Scope scope, String identifier, UUID id) {
    return pg.preparedQuery("SELECT " + DISCOVERY_COLUMNS + " " + DISCOVERY_FROM + " WHERE"
            + " (c.id = $3 OR c.charge_point_id = $2 OR c.serial_number = $2) AND " + visible(scope)
            + shown(Visibility.PUBLIC)
            + " ORDER BY (c.id = $3) IS TRUE DESC, c.charge_point_id = $2 DESC, c.created_at LIMIT 1")
        .execute(Tuple.of(scope.networkBind(), identifier, id))
        .map(Rows::first);
  }

  /** The live connectors of a live charger of the scope, by EVSE and connector (connector row views). */
  public Future<List<Row>> connectors(Scope scope, UUID chargerId) {
    return pg.preparedQuery("SELECT " + CONNECTOR_COLUMNS + " FROM connectors k JOIN chargers c ON c.id = k.charger_id"
            + " WHERE k.charger_id = $2 AND k.deleted_at IS NULL AND " + visible(scope)
            + " ORDER BY k.evse_id, k.connector_id")
        .execute(Tuple.of(scope.networkBind(), chargerId))
        .map(Rows::list);
  }

  /** The network of a live charger of the scope, or empty. */
  public Future<Optional<UUID>> networkOf(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT c.network_id FROM chargers c WHERE c.id = $2 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(rows -> Rows.first(rows).map(r -> r.getUUID("network_id")));
  }

  /** Applies the patch to a live charger of the scope; completes with false when there is none. */
  public Future<Boolean> update(Scope scope, UUID id, Patch patch) {
    return pg.preparedQuery("UPDATE chargers c SET " + patch.assignments(3) + " WHERE c.id = $2 AND " + visible(scope)
            + " RETURNING c.id")
        .execute(patch.tuple(Tuple.of(scope.networkBind(), id)))
        .map(rows -> rows.size() > 0);
  }

  /** What decommissioning found and did. */
  public enum Outcome { DELETED, NOT_FOUND, ACTIVE_SESSION }

  /**
   * @param chargePointId the charger's OCPP identity (null when not found), to tell the gateways
   * @param connectors connectors soft-deleted with it
   * @param assignments tariff assignments deactivated with it (on the charger or its connectors)
   */
  public record Decommission(Outcome outcome, String chargePointId, int connectors, int assignments) {
  }

  /**
   * Soft-deletes a live charger of the scope with its connectors, and deactivates its tariff
   * assignments, in one transaction; refuses while a session is active on it.
   */
  public Future<Decommission> softDelete(Scope scope, UUID id) {
    return pg.withTransaction(tx -> tx.preparedQuery("SELECT c.id, c.charge_point_id, EXISTS (SELECT 1 FROM charging_sessions cs"
                + " WHERE cs.charger_id = c.id AND cs.status = 'ACTIVE') AS active FROM chargers c WHERE c.id = $2 AND "
                + visible(scope) + " FOR UPDATE OF c")
        .execute(Tuple.of(scope.networkBind(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(new Decommission(Outcome.NOT_FOUND, null, 0, 0));
          }
          Row found = rows.iterator().next();
          String chargePointId = found.getString("charge_point_id");
          if (found.getBoolean("active")) {
            return Future.succeededFuture(new Decommission(Outcome.ACTIVE_SESSION, chargePointId, 0, 0));
          }
          return tx.preparedQuery("UPDATE connectors SET deleted_at = now(), updated_at = now()"
                  + " WHERE charger_id = $1 AND deleted_at IS NULL").execute(Tuple.of(id))
              .compose(connectors -> tx.preparedQuery("UPDATE tariff_assignments SET deactivated_at = now()"
                      + " WHERE deactivated_at IS NULL AND ((scope_type = 'charger' AND scope_id = $1)"
                      + " OR (scope_type = 'connector' AND scope_id IN (SELECT id FROM connectors WHERE charger_id = $1)))")
                  .execute(Tuple.of(id))
                  .compose(assignments -> tx.preparedQuery("UPDATE chargers SET deleted_at = now(), updated_at = now()"
                          + " WHERE id = $1").execute(Tuple.of(id))
                      .map(ignored -> new Decommission(Outcome.DELETED, chargePointId, connectors.rowCount(),
                          assignments.rowCount()))));
        }));
  }

  /** A charger to register, on a network (and location, model) already resolved within the caller's scope. */
  public record New(UUID id, UUID networkId, UUID locationId, String chargePointId, String serialNumber,
      String operatorStatus, String firmwareVersion, String ocppVersion, short securityProfile, String passwordHash,
      UUID modelId, String vendor, String model, String evseCode, boolean isPublic) {
  }

  /**
   * Inserts a charger; completes with its EVSE code. Fails with the unique violation of
   * {@code chargers_evse_code_idx} (the random code is taken: retry with another) or
   * {@code chargers_cpid_live_idx} (the identity is registered).
   */
  public Future<String> register(New c) {
    return pg.preparedQuery("INSERT INTO chargers (id, network_id, location_id, charge_point_id, serial_number,"
            + " operator_status, firmware_version, ocpp_version, security_profile, password_hash, model_id, vendor, model, evse_code,"
            + " is_public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id, evse_code")
        .execute(Tuple.from(new Object[] {c.id(), c.networkId(), c.locationId(), c.chargePointId(), c.serialNumber(),
            c.operatorStatus(), c.firmwareVersion(), c.ocppVersion(), c.securityProfile(), c.passwordHash(), c.modelId(),
            c.vendor(), c.model(), c.evseCode(), c.isPublic()}))
        .map(rows -> rows.iterator().next().getString("evse_code"));
  }
}
