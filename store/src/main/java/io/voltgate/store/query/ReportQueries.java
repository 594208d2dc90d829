package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Report exports over the CDR ledger ({@code transactions}) of a scope, read through a database
 * cursor so that a year of CDRs never sits in memory: {@link #open} takes a connection of its own,
 * begins a read-only transaction (a Postgres cursor lives in one), and answers a {@link Cursor} whose
 * rows arrive {@code fetch} at a time as the reader asks for them (pause/resume: backpressure).
 * The aggregate reports are computed by Postgres ({@code GROUP BY}) and streamed the same way.
 *
 * <p>Every report covers CDRs whose end ({@code stopped_at}) is within the inclusive range, like the
 * transaction ledger; money is summed per currency, never across currencies. Each column's SQL alias
 * is its exported name, so the renderer above needs no mapping.
 */
public final class ReportQueries {

  /** Rows asked of the cursor at a time. */
  public static final int FETCH = 500;

  /** A report: its wire name, columns (exported names, in order) and whether it is one row per CDR. */
  public enum Type {
    /** One row per CDR: the operator's sessions with their revenue. */
    SESSIONS("sessions", true, List.of("transactionId", "sessionId", "networkId", "chargerId", "chargePointId",
        "connectorNumber", "locationId", "locationName", "userId", "startedAt", "stoppedAt", "durationSeconds",
        "energyKwh", "currency", "subtotal", "tax", "total", "paymentStatus")),
    /** Per UTC day of the CDR's end and currency. */
    DAILY_SALES("daily-sales", false, List.of("date", "currency", "sessions", "energyKwh", "subtotal", "tax",
        "total")),
    /** Per location (null: chargers without a location) and currency. */
    BY_LOCATION("by-location", false, List.of("locationId", "locationName", "currency", "sessions", "energyKwh",
        "subtotal", "tax", "total")),
    /** Per driver (null: sessions of tokens without a driver account) and currency. */
    BY_USER("by-user", false, List.of("userId", "userName", "currency", "sessions", "energyKwh", "subtotal", "tax",
        "total")),
    /** One row per currency over the whole range. */
    SESSIONS_SUMMARY("sessions-summary", false, List.of("currency", "sessions", "users", "locations", "energyKwh",
        "durationSeconds", "averageEnergyKwh", "averageDurationSeconds", "subtotal", "tax", "total"));

    private final String wire;
    private final boolean perCdr;
    private final List<String> columns;

    Type(String wire, boolean perCdr, List<String> columns) {
      this.wire = wire;
      this.perCdr = perCdr;
      this.columns = columns;
    }

    public String wire() {
      return wire;
    }

    /** Whether the report has one row per CDR (else one per group). */
    public boolean perCdr() {
      return perCdr;
    }

    public List<String> columns() {
      return columns;
    }

    /** The type of a wire name, or null. */
    public static Type of(String wire) {
      for (Type t : values()) {
        if (t.wire.equals(wire)) {
          return t;
        }
      }
      return null;
    }
  }

  /**
   * An open report: read {@link #rows()} (a paused-until-asked stream; its end or failure is the
   * report's), then {@link #close()} — always, also after a failure or when the client went away.
   */
  public static final class Cursor {
    private final SqlConnection conn;
    private final Transaction tx;
    private final RowStream<Row> rows;
    private boolean closed;

    private Cursor(SqlConnection conn, Transaction tx, RowStream<Row> rows) {
      this.conn = conn;
      this.tx = tx;
      this.rows = rows;
    }

    public ReadStream<Row> rows() {
      return rows;
    }

    /** Closes the cursor, ends the read-only transaction and gives the connection back; idempotent. */
    public Future<Void> close() {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      return rows.close().transform(v -> tx.rollback()).transform(v -> conn.close());
    }
  }

  private static final String MONEY = " sum(t.subtotal) AS \"subtotal\", sum(t.tax) AS \"tax\", sum(t.total) AS \"total\"";
  private static final String FROM = " FROM transactions t JOIN charging_sessions s ON s.id = t.session_id";
  private static final String WITH_PLACE = FROM
      + " JOIN chargers c ON c.id = t.charger_id LEFT JOIN locations l ON l.id = c.location_id";

  /**
   * Planner settings of the per-CDR report's transaction. A row-limited portal (the client's cursor)
   * is planned for all its rows, so Postgres would hash-join a year of sessions and sort it before
   * the first row (about 5 s for 1,000,000 CDRs, measured); without hash joins, merge joins and sorts
   * the plan is an index scan in end order ({@code transactions_stopped_idx}) with key lookups, and
   * rows flow at once. {@code SET LOCAL}: they end with the transaction.
   */
  static final String FIRST_ROWS_FIRST =
      "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL enable_sort = off";

  private final Pool pg;

  public ReportQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** $1 the network bind, $2 the driver (null for a network scope), $3 one network or null, $4/$5 the range. */
  private static String where(Scope scope) {
    return " WHERE " + scope.ownedPredicate("t.network_id", "s.driver_id", 1)
        + " AND ($3::uuid IS NULL OR t.network_id = $3)"
        + " AND ($4::timestamptz IS NULL OR t.stopped_at >= $4) AND ($5::timestamptz IS NULL OR t.stopped_at <= $5)";
  }

  static String sql(Type type, Scope scope) {
    String w = where(scope);
    return switch (type) {
      case SESSIONS -> "SELECT t.id AS \"transactionId\", t.session_id AS \"sessionId\", t.network_id AS \"networkId\","
          + " t.charger_id AS \"chargerId\", c.charge_point_id AS \"chargePointId\", s.evse_id AS \"connectorNumber\","
          + " c.location_id AS \"locationId\", l.name AS \"locationName\", s.driver_id AS \"userId\","
          + " t.started_at AS \"startedAt\", t.stopped_at AS \"stoppedAt\", t.duration_seconds AS \"durationSeconds\","
          + " t.energy_kwh AS \"energyKwh\", rtrim(t.currency) AS \"currency\", t.subtotal AS \"subtotal\","
          + " t.tax AS \"tax\", t.total AS \"total\", t.payment_status AS \"paymentStatus\""
          + WITH_PLACE + w + " ORDER BY t.stopped_at, t.id";
      case DAILY_SALES -> "SELECT (date_trunc('day', t.stopped_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS \"date\","
          + " rtrim(t.currency) AS \"currency\", count(*) AS \"sessions\", sum(t.energy_kwh) AS \"energyKwh\"," + MONEY
          + FROM + w + " GROUP BY 1, 2 ORDER BY 1, 2";
      case BY_LOCATION -> "SELECT l.id AS \"locationId\", l.name AS \"locationName\", rtrim(t.currency) AS \"currency\","
          + " count(*) AS \"sessions\", sum(t.energy_kwh) AS \"energyKwh\"," + MONEY
          + WITH_PLACE + w + " GROUP BY l.id, l.name, t.currency ORDER BY l.name NULLS LAST, l.id, 3";
      case BY_USER -> "SELECT s.driver_id AS \"userId\", d.name AS \"userName\", rtrim(t.currency) AS \"currency\","
          + " count(*) AS \"sessions\", sum(t.energy_kwh) AS \"energyKwh\"," + MONEY
          + FROM + " LEFT JOIN drivers d ON d.id = s.driver_id" + w
          + " GROUP BY s.driver_id, d.name, t.currency ORDER BY s.driver_id NULLS LAST, 3";
      case SESSIONS_SUMMARY -> "SELECT rtrim(t.currency) AS \"currency\", count(*) AS \"sessions\","
          + " count(DISTINCT s.driver_id) AS \"users\", count(DISTINCT c.location_id) AS \"locations\","
          + " sum(t.energy_kwh) AS \"energyKwh\", sum(t.duration_seconds)::bigint AS \"durationSeconds\","
          + " round(avg(t.energy_kwh), 3) AS \"averageEnergyKwh\","
          + " round(avg(t.duration_seconds))::bigint AS \"averageDurationSeconds\"," + MONEY
          + FROM + " JOIN chargers c ON c.id = t.charger_id" + w + " GROUP BY t.currency ORDER BY 1";
    };
  }

  /**
   * Opens a report of the scope's CDRs ended within the inclusive range (either end open), of one
   * network when {@code networkId} is not null (the caller checked that the scope sees it).
   */
  public Future<Cursor> open(Scope scope, Type type, UUID networkId, OffsetDateTime from, OffsetDateTime to) {
    Tuple params = Tuple.from(Arrays.asList(scope.networkBind(), scope.driverId(), networkId, from, to));
    String sql = sql(type, scope);
    return pg.getConnection().compose(conn -> conn.begin()
        .compose(tx -> conn.query(type.perCdr() ? "SET TRANSACTION READ ONLY; " + FIRST_ROWS_FIRST
                : "SET TRANSACTION READ ONLY").execute()
            .compose(r -> conn.prepare(sql))
            .map(ps -> {
              RowStream<Row> rows = ps.createStream(FETCH, params);
              rows.pause();
              return new Cursor(conn, tx, rows);
            }))
        .onFailure(e -> conn.close()));
  }
}
