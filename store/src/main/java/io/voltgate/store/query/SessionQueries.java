package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Charging sessions of a scope, as the API families read them (a driver scope: the driver's own).
 *
 * <p>Reads answer {@link SessionView}s without live values ({@link SessionViews} adds them).
 */
public final class SessionQueries {

  /**
   * The status a client sees: an orphan — a stop for a transaction nobody started, kept as a record
   * of its own so the report is not lost — is {@code ORPHANED}, never a COMPLETED session.
   */
  private static final String VISIBLE_STATUS = "CASE WHEN s.orphan THEN 'ORPHANED' ELSE s.status END";

  private static final String COLUMNS = "s.id, " + VISIBLE_STATUS + " AS status, s.network_id, s.charger_id, c.charge_point_id,"
      + " c.location_id, s.connector_pk, s.evse_id, s.connector_id, s.transaction_ref, s.id_token, s.started_at,"
      + " s.stopped_at, s.energy_wh, s.meter_start_wh, s.meter_stop_wh, s.stop_reason, s.tariff_id,"
      + " s.ocpp16_transaction_id, s.id_token_type, l.name AS location_name, k.max_power_kw,"
      + " t.id AS cdr_id, t.total, t.idle_seconds, t.currency AS cdr_currency, t.energy_cost, t.time_cost, t.session_fee,"
      + " t.idle_fee, t.subtotal, t.tax, t.payment_status, t.auth_method,"
      + " COALESCE(tf.currency, n.currency) AS default_currency";
  private static final String FROM = "FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
      + " JOIN networks n ON n.id = s.network_id LEFT JOIN locations l ON l.id = c.location_id"
      + " LEFT JOIN connectors k ON k.id = s.connector_pk"
      + " LEFT JOIN transactions t ON t.session_id = s.id LEFT JOIN tariffs tf ON tf.id = s.tariff_id";

  /**
   * The sessions a scope sees, binding $1 to $3 ({@link #scopeBinds}): a network scope its networks'
   * sessions; a driver scope the sessions started with one of the driver's tokens at the driver's
   * network (orphans excluded: a stop nobody started is no driver's session). A driver scope matches
   * no network ($1 is empty); a network scope no driver ($2, $3 null).
   */
  private static String visible(Scope scope) {
    return "(" + scope.networkPredicate("s.network_id", 1) + " OR (s.network_id = $2::uuid AND NOT s.orphan"
        + " AND s.id_token IN (SELECT it.token FROM id_tokens it WHERE it.driver_id = $3::uuid"
        + " AND it.network_id = $2::uuid)))";
  }

  private static List<Object> scopeBinds(Scope scope) {
    UUID driverNetwork = scope instanceof Scope.Driver d ? d.networkId() : null;
    return new ArrayList<>(Arrays.asList(scope.networkBind(), driverNetwork, scope.driverId()));
  }

  private final Pool pg;

  public SessionQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * What a list is narrowed to; each null field is no condition.
   *
   * @param from inclusive lower bound of the start time
   * @param to inclusive upper bound of the start time
   */
  public record Filter(String status, UUID chargerId, OffsetDateTime from, OffsetDateTime to) {
  }

  /** The scope's sessions matching the filter, newest first. */
  public Future<Page<SessionView>> page(Scope scope, Filter f, int limit, int offset) {
    String where = FROM + " WHERE " + visible(scope)
        + " AND ($4::text IS NULL OR " + VISIBLE_STATUS + " = $4) AND ($5::uuid IS NULL OR s.charger_id = $5)"
        + " AND ($6::timestamptz IS NULL OR s.started_at >= $6) AND ($7::timestamptz IS NULL OR s.started_at <= $7)";
    List<Object> binds = scopeBinds(scope);
    binds.addAll(Arrays.asList(f.status(), f.chargerId(), f.from(), f.to()));
    return Paging.page(pg, COLUMNS, where, "s.started_at DESC, s.id", Tuple.from(binds), limit, offset,
        SessionQueries::view);
  }

  /** A session of the scope, or empty. */
  public Future<Optional<SessionView>> find(Scope scope, UUID id) {
    List<Object> binds = scopeBinds(scope);
    binds.add(id);
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE s.id = $4 AND " + visible(scope))
        .execute(Tuple.from(binds))
        .map(rows -> Rows.first(rows).map(SessionQueries::view));
  }

  private static SessionView view(Row r) {
    String currency = r.getString("cdr_currency") != null ? r.getString("cdr_currency") : r.getString("default_currency");
    return new SessionView(r.getUUID("id"), r.getString("status"), r.getUUID("network_id"), r.getUUID("charger_id"),
        r.getString("charge_point_id"), r.getUUID("location_id"), r.getUUID("connector_pk"), r.getInteger("evse_id"),
        r.getInteger("connector_id"), r.getString("transaction_ref"), r.getString("id_token"),
        r.getOffsetDateTime("started_at"), r.getOffsetDateTime("stopped_at"), r.getBigDecimal("energy_wh"),
        r.getBigDecimal("meter_start_wh"), r.getBigDecimal("meter_stop_wh"), r.getString("stop_reason"),
        r.getUUID("tariff_id"), r.getUUID("cdr_id"), r.getBigDecimal("total"), r.getLong("idle_seconds"),
        currency == null ? null : currency.trim(), null,
        new SessionView.Where(r.getString("location_name"), r.getBigDecimal("max_power_kw")),
        r.getInteger("ocpp16_transaction_id"), r.getString("id_token_type"), cdr(r));
  }

  private static SessionView.Cdr cdr(Row r) {
    if (r.getUUID("cdr_id") == null) {
      return null;
    }
    String currency = r.getString("cdr_currency");
    return new SessionView.Cdr(r.getBigDecimal("energy_cost"), r.getBigDecimal("time_cost"),
        r.getBigDecimal("session_fee"), r.getBigDecimal("idle_fee"), r.getBigDecimal("subtotal"), r.getBigDecimal("tax"),
        r.getBigDecimal("total"), currency == null ? null : currency.trim(), r.getString("payment_status"),
        r.getString("auth_method"));
  }

  /** The status of a session of the scope (as a client sees it: ORPHANED for an orphan), or empty. */
  public Future<Optional<String>> status(Scope scope, UUID id) {
    List<Object> binds = scopeBinds(scope);
    binds.add(id);
    return pg.preparedQuery("SELECT " + VISIBLE_STATUS + " AS status FROM charging_sessions s WHERE s.id = $4 AND "
            + visible(scope))
        .execute(Tuple.from(binds))
        .map(rows -> Rows.first(rows).map(r -> r.getString("status")));
  }

  /**
   * The scope's running session on one EVSE (connector number) of a charger, the newest when the
   * rows hold more than one, or empty. Its {@link SessionView#chargerTransactionId()} is the id the
   * charger knows the transaction by (1.6 integer, 2.0.1 string). Orphans never run.
   */
  public Future<Optional<SessionView>> active(Scope scope, UUID chargerId, int evseId) {
    List<Object> binds = scopeBinds(scope);
    binds.add(chargerId);
    binds.add(evseId);
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE s.charger_id = $4 AND s.evse_id = $5"
            + " AND s.status = 'ACTIVE' AND NOT s.orphan AND " + visible(scope) + " ORDER BY s.started_at DESC LIMIT 1")
        .execute(Tuple.from(binds))
        .map(rows -> Rows.first(rows).map(SessionQueries::view));
  }

  /**
   * The EVSE ids of the charger's running sessions the scope sees (a driver: their own; a network
   * scope: every one of its networks), one per session. Orphans never run, so they are not here.
   */
  public Future<List<Integer>> activeEvses(Scope scope, UUID chargerId) {
    List<Object> binds = scopeBinds(scope);
    binds.add(chargerId);
    return pg.preparedQuery("SELECT s.evse_id FROM charging_sessions s WHERE s.charger_id = $4 AND s.status = 'ACTIVE'"
            + " AND NOT s.orphan AND " + visible(scope))
        .execute(Tuple.from(binds))
        .map(rows -> {
          List<Integer> evses = new ArrayList<>();
          rows.forEach(r -> evses.add(r.getInteger("evse_id")));
          return evses;
        });
  }
}
