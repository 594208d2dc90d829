package io.voltgate.store.query;

import io.vertx.core.Future;
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
 * The CDR ledger ({@code transactions}) of a scope. Filters apply to the CDR's end time.
 *
 * <p>Reads answer a row view: every column of {@code transactions}, the session's evse_id and
 * connector_id, the charger's charge_point_id, and location_name and location_address (null without
 * a location).
 */
public final class TransactionQueries {

  private static final String COLUMNS = "t.*, s.evse_id, s.connector_id, c.charge_point_id,"
      + " l.name AS location_name, NULLIF(concat_ws(', ', l.address, l.postal_code, l.city), '') AS location_address";
  private static final String FROM = "FROM transactions t JOIN charging_sessions s ON s.id = t.session_id"
      + " JOIN chargers c ON c.id = t.charger_id LEFT JOIN locations l ON l.id = c.location_id";

  private final Pool pg;

  public TransactionQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** A charger and an inclusive range of end times; each null field is no condition. */
  public record Filter(UUID chargerId, OffsetDateTime from, OffsetDateTime to) {
  }

  private static String where(Scope scope) {
    return " WHERE " + scope.networkPredicate("t.network_id", 1)
        + " AND ($2::uuid IS NULL OR t.charger_id = $2) AND ($3::timestamptz IS NULL OR t.stopped_at >= $3)"
        + " AND ($4::timestamptz IS NULL OR t.stopped_at <= $4)";
  }

  private static Tuple params(Scope scope, Filter f) {
    return Tuple.from(Arrays.asList(scope.networkBind(), f.chargerId(), f.from(), f.to()));
  }

  /** The scope's CDRs matching the filter, latest end first. */
  public Future<Page<Row>> page(Scope scope, Filter f, int limit, int offset) {
    return Paging.page(pg, COLUMNS, FROM + where(scope), "t.stopped_at DESC, t.id", params(scope, f), limit, offset, r -> r);
  }

  /** A CDR of the scope, or empty. */
  public Future<Optional<Row>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE t.id = $2 AND " + scope.networkPredicate("t.network_id", 1))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(Rows::first);
  }

  /** Up to {@code limit} CDRs of the scope matching the filter, earliest end first (an export). */
  public Future<List<Row>> export(Scope scope, Filter f, int limit) {
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + where(scope) + " ORDER BY t.stopped_at, t.id LIMIT $5")
        .execute(params(scope, f).addValue(limit))
        .map(Rows::list);
  }
}
