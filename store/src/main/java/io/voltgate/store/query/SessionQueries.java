package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Charging sessions of a scope, as the operator API reads them.
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
      + " t.id AS cdr_id, t.total, t.idle_seconds, t.currency AS cdr_currency,"
      + " COALESCE(tf.currency, n.currency) AS default_currency";
  private static final String FROM = "FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
      + " JOIN networks n ON n.id = s.network_id"
      + " LEFT JOIN transactions t ON t.session_id = s.id LEFT JOIN tariffs tf ON tf.id = s.tariff_id";

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
    String where = FROM + " WHERE " + scope.networkPredicate("s.network_id", 1)
        + " AND ($2::text IS NULL OR " + VISIBLE_STATUS + " = $2) AND ($3::uuid IS NULL OR s.charger_id = $3)"
        + " AND ($4::timestamptz IS NULL OR s.started_at >= $4) AND ($5::timestamptz IS NULL OR s.started_at <= $5)";
    return Paging.page(pg, COLUMNS, where, "s.started_at DESC, s.id",
        Tuple.from(Arrays.asList(scope.networkBind(), f.status(), f.chargerId(), f.from(), f.to())), limit, offset,
        SessionQueries::view);
  }

  /** A session of the scope, or empty. */
  public Future<Optional<SessionView>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE s.id = $2 AND " + scope.networkPredicate("s.network_id", 1))
        .execute(Tuple.of(scope.networkBind(), id))
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
        currency == null ? null : currency.trim(), null);
  }

  /** The status of a session of the scope, or empty. */
  public Future<Optional<String>> status(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT status FROM charging_sessions WHERE id = $1 AND " + scope.networkPredicate("network_id", 2))
        .execute(Tuple.of(id, scope.networkBind()))
        .map(rows -> Rows.first(rows).map(r -> r.getString("status")));
  }
}
