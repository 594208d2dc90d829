package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What live control and diagnostics read before they talk to a charger: the charger (within the
 * scope), its active session, a firmware image it may install, its status history and the charging
 * profile last set on a connector.
 */
public final class ControlQueries {

  /** A charger addressed by a control request, as stored (its live OCPP version is the caller's to add). */
  public record Charger(UUID id, UUID networkId, String chargePointId, String ocppVersion, String firmwareVersion,
      String serialNumber, String firmwareStatus, OffsetDateTime firmwareStatusAt) {
  }

  /** The charger's transaction handle of an active session: the 1.6 integer id or the 2.0.1 reference. */
  public record ActiveSession(UUID id, Integer ocpp16TransactionId, String transactionRef) {

    /** The id the charger knows the transaction by. */
    public Object chargerTransactionId() {
      return ocpp16TransactionId != null ? ocpp16TransactionId : transactionRef;
    }
  }

  /** A catalog image a charger of the network may be told to install. */
  public record FirmwareImage(UUID id, String version, String locationUrl) {
  }

  private final Pool pg;

  public ControlQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** A live charger of the scope, or empty (another network's charger is answered like an unknown one). */
  public Future<Optional<Charger>> charger(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT id, network_id, charge_point_id, ocpp_version, firmware_version,"
            + " COALESCE(serial_number, charge_box_serial_number) AS serial, firmware_status, firmware_status_at"
            + " FROM chargers WHERE id = $2 AND deleted_at IS NULL AND " + scope.networkPredicate("network_id", 1))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(rows -> rows.size() == 0 ? Optional.<Charger>empty() : Optional.of(toCharger(rows.iterator().next())));
  }

  /** The charger's newest active session, optionally a given one and/or on a given EVSE. */
  public Future<Optional<ActiveSession>> activeSession(UUID chargerId, UUID sessionId, Integer evseId) {
    return pg.preparedQuery("SELECT id, ocpp16_transaction_id, transaction_ref FROM charging_sessions"
            + " WHERE charger_id = $1 AND status = 'ACTIVE' AND ($2::uuid IS NULL OR id = $2)"
            + " AND ($3::int IS NULL OR evse_id = $3) ORDER BY started_at DESC LIMIT 1")
        .execute(Tuple.of(chargerId, sessionId, evseId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
            new ActiveSession(r.getUUID("id"), r.getInteger("ocpp16_transaction_id"), r.getString("transaction_ref"))));
  }

  /** A global image or one of the network's own, or empty. */
  public Future<Optional<FirmwareImage>> firmwareImage(UUID imageId, UUID networkId) {
    return pg.preparedQuery("SELECT id, version, location_url FROM firmware_images WHERE id = $1"
            + " AND (network_id IS NULL OR network_id = $2)")
        .execute(Tuple.of(imageId, networkId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
            new FirmwareImage(r.getUUID("id"), r.getString("version"), r.getString("location_url"))));
  }

  /**
   * The charger's latest status reports, newest first: {@code status, error_code, info,
   * vendor_error_code, evse_id, reported_at}.
   */
  public Future<List<Row>> statusHistory(UUID chargerId, int limit) {
    return pg.preparedQuery("SELECT status, error_code, info, vendor_error_code, evse_id, reported_at"
            + " FROM status_history WHERE charger_id = $1 ORDER BY reported_at DESC, id DESC LIMIT $2")
        .execute(Tuple.of(chargerId, limit))
        .map(rows -> {
          List<Row> list = new ArrayList<>();
          rows.forEach(list::add);
          return list;
        });
  }

  /** The charging profile last set on the EVSE (its lowest-numbered live connector), or empty. */
  public Future<Optional<JsonObject>> activeProfile(UUID chargerId, int evseId) {
    return pg.preparedQuery("SELECT active_profile FROM connectors WHERE charger_id = $1 AND evse_id = $2"
            + " AND deleted_at IS NULL ORDER BY connector_id LIMIT 1")
        .execute(Tuple.of(chargerId, evseId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.ofNullable((JsonObject) rows.iterator().next().getValue("active_profile")));
  }

  /**
   * Whether site load balancing is on at the charger's location: it then owns the connectors'
   * charging speed, and a driver's limit stacked above its allocations would override them.
   */
  public Future<Boolean> loadBalanced(UUID chargerId) {
    return pg.preparedQuery("SELECT COALESCE((l.load_balancing->>'enabled')::boolean, false) AS balanced"
            + " FROM chargers c LEFT JOIN locations l ON l.id = c.location_id WHERE c.id = $1")
        .execute(Tuple.of(chargerId))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("balanced")));
  }

  private static Charger toCharger(Row r) {
    return new Charger(r.getUUID("id"), r.getUUID("network_id"), r.getString("charge_point_id"), r.getString("ocpp_version"),
        r.getString("firmware_version"), r.getString("serial"), r.getString("firmware_status"),
        r.getOffsetDateTime("firmware_status_at"));
  }
}
