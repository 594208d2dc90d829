package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The CDR ledger ({@code transactions}) of a scope. Filters apply to the CDR's end time. A network
 * scope sees its networks' CDRs, a driver's scope the CDRs of the driver's own sessions.
 *
 * <p>Reads answer {@link CdrView}s.
 */
public final class TransactionQueries {

  private static final String COLUMNS = "t.*, s.driver_id, s.evse_id, s.connector_id, c.charge_point_id,"
      + " c.location_id, l.name AS location_name,"
      + " NULLIF(concat_ws(', ', l.address, l.postal_code, l.city), '') AS location_address";
  private static final String FROM = "FROM transactions t JOIN charging_sessions s ON s.id = t.session_id"
      + " JOIN chargers c ON c.id = t.charger_id LEFT JOIN locations l ON l.id = c.location_id";

  private final Pool pg;

  public TransactionQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * A charger, a driver and an inclusive range of end times; each null field is no condition.
   *
   * @param driverId the CDRs of one driver's sessions (a back end asking about one of its users)
   */
  public record Filter(UUID chargerId, UUID driverId, OffsetDateTime from, OffsetDateTime to) {
  }

  /** The scope's rows: $1 the network bind, $2 the driver's id (null for a network scope). */
  private static String visible(Scope scope) {
    return scope.ownedPredicate("t.network_id", "s.driver_id", 1);
  }

  private static String where(Scope scope) {
    return " WHERE " + visible(scope)
        + " AND ($3::uuid IS NULL OR t.charger_id = $3) AND ($4::uuid IS NULL OR s.driver_id = $4)"
        + " AND ($5::timestamptz IS NULL OR t.stopped_at >= $5) AND ($6::timestamptz IS NULL OR t.stopped_at <= $6)";
  }

  private static Tuple params(Scope scope, Filter f) {
    return Tuple.from(Arrays.asList(scope.networkBind(), scope.driverId(), f.chargerId(), f.driverId(), f.from(),
        f.to()));
  }

  /** The scope's CDRs matching the filter, latest end first. */
  public Future<Page<CdrView>> page(Scope scope, Filter f, int limit, int offset) {
    return Paging.page(pg, COLUMNS, FROM + where(scope), "t.stopped_at DESC, t.id", params(scope, f), limit, offset,
        TransactionQueries::view);
  }

  /** A CDR of the scope, or empty. */
  public Future<Optional<CdrView>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE t.id = $3 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), id))
        .map(rows -> Rows.first(rows).map(TransactionQueries::view));
  }

  /** Up to {@code limit} CDRs of the scope matching the filter, earliest end first (an export). */
  public Future<List<CdrView>> export(Scope scope, Filter f, int limit) {
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + where(scope) + " ORDER BY t.stopped_at, t.id LIMIT $7")
        .execute(params(scope, f).addValue(limit))
        .map(rows -> Rows.list(rows).stream().map(TransactionQueries::view).toList());
  }

  /**
   * The scope's CDRs among {@code ids}, locked until the transaction of {@code tx} ends (so two
   * invoices cannot take the same CDR at once), in id order.
   */
  static Future<List<CdrView>> lockedForInvoice(SqlClient tx, Scope scope, List<UUID> ids) {
    return tx.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE t.id = ANY($3) AND " + visible(scope)
            + " ORDER BY t.id FOR UPDATE OF t")
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), ids.toArray(new UUID[0])))
        .map(rows -> Rows.list(rows).stream().map(TransactionQueries::view).toList());
  }

  private static CdrView view(Row r) {
    return new CdrView(r.getUUID("id"), r.getString("ocpi_id"), r.getUUID("session_id"), r.getUUID("network_id"),
        r.getUUID("driver_id"), r.getUUID("charger_id"), r.getString("charge_point_id"), r.getInteger("evse_id"),
        r.getInteger("connector_id"), r.getUUID("location_id"), r.getString("location_name"), r.getString("location_address"), r.getOffsetDateTime("started_at"),
        r.getOffsetDateTime("stopped_at"), r.getBigDecimal("energy_kwh"), r.getLong("duration_seconds"),
        r.getLong("idle_seconds"), r.getString("currency").trim(), r.getBigDecimal("energy_cost"),
        r.getBigDecimal("time_cost"), r.getBigDecimal("session_fee"), r.getBigDecimal("idle_fee"),
        r.getBigDecimal("subtotal"), r.getBigDecimal("tax_rate"), r.getBigDecimal("tax"), r.getBigDecimal("total"),
        r.getBigDecimal("energy_supply_cost"), r.getBigDecimal("processing_fees"), r.getString("payment_status"),
        r.getString("payment_method"), r.getString("payment_reference"), r.getString("auth_method"),
        r.getBoolean("is_free"), r.getUUID("tariff_id"), r.getUUID("payout_id"), r.getString("invoice_number"),
        r.getOffsetDateTime("invoice_date"), r.getJsonObject("breakdown"));
  }
}
