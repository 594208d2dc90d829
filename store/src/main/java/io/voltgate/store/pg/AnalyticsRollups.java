package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.query.AnalyticsQueries;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The write side of the analytics rollups (V22, V23, V27; docs/analytics.md): a completed session
 * added to its network's and location's day and month, a batch of status history turned into
 * connector time per day and month, the connection history and per-charger uptime, and the backfill that rebuilds the session
 * rollups from the CDRs. Every statement is here; the reads are {@code store.query.AnalyticsQueries}.
 */
public final class AnalyticsRollups {

  /** A session ended by these stop reasons counts as failed (a fault or a restart ended it). */
  public static final Set<String> FAULT_STOP_REASONS = Set.of("EmergencyStop", "PowerLoss", "PowerQuality",
      "GroundFault", "OvercurrentFault", "HardReset", "SoftReset", "ImmediateReset", "Reboot");

  private static final UUID NO_LOCATION = AnalyticsQueries.NO_LOCATION;
  private static final String NETWORK_ZONE = AnalyticsQueries.NETWORK_ZONE;

  /** The first day of a day's month, as SQL: the key of the monthly rollups (V27). */
  private static final String MONTH_OF = "date_trunc('month', (%s::date)::timestamp)::date";

  // The day's and the month's rows of the network and of the location, in one statement (V22, V27).
  private static final String ADD_SESSION = "WITH d AS (INSERT INTO analytics_session_days AS r (network_id, day,"
      + " sessions, failed, duration_seconds, energy_kwh, revenue) VALUES ($1, $2, 1, $4, $5, $6, $7)"
      + " ON CONFLICT (network_id, day) DO UPDATE SET sessions = r.sessions + 1, failed = r.failed + EXCLUDED.failed,"
      + " duration_seconds = r.duration_seconds + EXCLUDED.duration_seconds,"
      + " energy_kwh = r.energy_kwh + EXCLUDED.energy_kwh, revenue = r.revenue + EXCLUDED.revenue),"
      + " m AS (INSERT INTO analytics_session_months AS r (network_id, month,"
      + " sessions, failed, duration_seconds, energy_kwh, revenue) VALUES ($1, " + MONTH_OF.formatted("$2")
      + ", 1, $4, $5, $6, $7) ON CONFLICT (network_id, month) DO UPDATE SET sessions = r.sessions + 1,"
      + " failed = r.failed + EXCLUDED.failed, duration_seconds = r.duration_seconds + EXCLUDED.duration_seconds,"
      + " energy_kwh = r.energy_kwh + EXCLUDED.energy_kwh, revenue = r.revenue + EXCLUDED.revenue),"
      + " lm AS (INSERT INTO analytics_location_months AS l (network_id, month, location_id, sessions, energy_kwh,"
      + " revenue) VALUES ($1, " + MONTH_OF.formatted("$2") + ", $3, 1, $6, $7)"
      + " ON CONFLICT (network_id, month, location_id) DO UPDATE SET sessions = l.sessions + 1,"
      + " energy_kwh = l.energy_kwh + EXCLUDED.energy_kwh, revenue = l.revenue + EXCLUDED.revenue)"
      + " INSERT INTO analytics_location_days AS l (network_id, day, location_id, sessions, energy_kwh, revenue)"
      + " VALUES ($1, $2, $3, 1, $6, $7) ON CONFLICT (network_id, day, location_id) DO UPDATE SET"
      + " sessions = l.sessions + 1, energy_kwh = l.energy_kwh + EXCLUDED.energy_kwh, revenue = l.revenue + EXCLUDED.revenue";

  private AnalyticsRollups() {
  }

  /** Whether a stop reason makes a completed session a failed one. */
  public static boolean failed(String stopReason) {
    return stopReason != null && FAULT_STOP_REASONS.contains(stopReason);
  }

  /**
   * Adds one completed session to its network's day and month and its location's day and month (one
   * statement); run in the transaction that writes the session's CDR, so a session is counted exactly
   * when its CDR exists.
   */
  public static Future<Void> addSession(SqlClient conn, UUID networkId, UUID locationId, LocalDate day, boolean failed,
      long durationSeconds, BigDecimal energyKwh, BigDecimal revenue) {
    return conn.preparedQuery(ADD_SESSION).execute(Tuple.from(new Object[] {networkId, day,
        locationId == null ? NO_LOCATION : locationId, failed ? 1L : 0L, durationSeconds, energyKwh, revenue}))
        .mapEmpty();
  }

  /**
   * Rebuilds the session rollups of every network, daily and monthly, from the CDRs (transactions)
   * and their sessions, in one transaction: what an operator runs after a network's time zone
   * changed, or after importing history. The months are summed from the days just written, so each
   * month row equals its days. Completes with the number of network days written.
   */
  public static Future<Integer> rebuildSessions(Pool pg) {
    String sessionDay = "((t.started_at AT TIME ZONE " + NETWORK_ZONE + ")::date)";
    String from = " FROM transactions t JOIN charging_sessions s ON s.id = t.session_id"
        + " JOIN networks n ON n.id = t.network_id JOIN chargers c ON c.id = t.charger_id";
    String month = MONTH_OF.formatted("day");
    // The lock makes a CDR written meanwhile wait and add itself after the rebuild, which cannot see it.
    return pg.withTransaction(conn -> conn.query("LOCK TABLE analytics_session_days, analytics_location_days,"
            + " analytics_session_months, analytics_location_months IN EXCLUSIVE MODE").execute()
        .compose(v -> conn.query("DELETE FROM analytics_location_months").execute())
        .compose(v -> conn.query("DELETE FROM analytics_session_months").execute())
        .compose(v -> conn.query("DELETE FROM analytics_location_days").execute())
        .compose(v -> conn.query("DELETE FROM analytics_session_days").execute())
        .compose(v -> conn.preparedQuery("INSERT INTO analytics_session_days (network_id, day, sessions, failed,"
            + " duration_seconds, energy_kwh, revenue) SELECT t.network_id, " + sessionDay + ", count(*),"
            + " count(*) FILTER (WHERE s.stop_reason = ANY($1)), sum(t.duration_seconds), sum(t.energy_kwh),"
            + " sum(t.total)" + from + " GROUP BY 1, 2").execute(Tuple.of((Object) FAULT_STOP_REASONS.toArray(new String[0]))))
        .compose(days -> conn.query("INSERT INTO analytics_location_days (network_id, day, location_id, sessions,"
            + " energy_kwh, revenue) SELECT t.network_id, " + sessionDay + ", COALESCE(c.location_id, '"
            + NO_LOCATION + "'::uuid), count(*), sum(t.energy_kwh), sum(t.total)" + from + " GROUP BY 1, 2, 3")
            .execute()
            .compose(v -> conn.query("INSERT INTO analytics_session_months (network_id, month, sessions, failed,"
                + " duration_seconds, energy_kwh, revenue) SELECT network_id, " + month + ", sum(sessions), sum(failed),"
                + " sum(duration_seconds), sum(energy_kwh), sum(revenue) FROM analytics_session_days GROUP BY 1, 2")
                .execute())
            .compose(v -> conn.query("INSERT INTO analytics_location_months (network_id, month, location_id, sessions,"
                + " energy_kwh, revenue) SELECT network_id, " + month + ", location_id, sum(sessions), sum(energy_kwh),"
                + " sum(revenue) FROM analytics_location_days GROUP BY 1, 2, 3").execute())
            .map(v -> days.rowCount())));
  }

  // --- status history → connector time -------------------------------------------------------------

  /** One status report as the utilization job reads it, with its charger's network and time zone. */
  public record StatusRow(long id, UUID chargerId, int evseId, int connectorId, String status, Instant reportedAt,
      UUID networkId, String zone) {
  }

  /** A connector's last accounted status: counted up to {@code since}. */
  public record Cursor(UUID chargerId, int evseId, int connectorId, String status, Instant since, UUID networkId,
      String zone) {
  }

  /** Connector milliseconds of one network's day by state class. */
  public record UtilizationDay(UUID networkId, LocalDate day, long occupiedMs, long availableMs, long unavailableMs) {
  }

  /**
   * What one run of the job read, inside its transaction (the watermark row is locked); {@code drained}:
   * nothing is left after these rows, not even a report too recent to take; {@code more}: the batch
   * was full, another run may follow at once.
   */
  public record StatusBatch(long watermark, List<StatusRow> rows, List<Cursor> cursors, boolean drained,
      boolean more) {
  }

  /**
   * Locks the status watermark (one runner at a time across nodes), reads up to {@code limit} status
   * reports after it in id order, up to the first one received at or after {@code receivedBefore}
   * (a report is taken only once every report before it had time to commit), and every connector
   * cursor.
   */
  public static Future<StatusBatch> readStatusBatch(SqlConnection conn, Instant receivedBefore, int limit) {
    return conn.query("SELECT last_id FROM analytics_watermarks WHERE name = 'status' FOR UPDATE").execute()
        .compose(w -> {
          long watermark = w.iterator().next().getLong("last_id");
          return conn.preparedQuery("SELECT h.id, h.charger_id, h.evse_id, h.connector_id, h.status, h.reported_at,"
                  + " h.received_at, c.network_id, " + NETWORK_ZONE + " AS zone FROM status_history h"
                  + " JOIN chargers c ON c.id = h.charger_id JOIN networks n ON n.id = c.network_id"
                  + " WHERE h.id > $1 ORDER BY h.id LIMIT $2")
              .execute(Tuple.of(watermark, limit))
              .compose(rows -> conn.query("SELECT k.charger_id, k.evse_id, k.connector_id, k.status, k.since,"
                      + " c.network_id, " + NETWORK_ZONE + " AS zone FROM analytics_connector_cursors k"
                      + " JOIN chargers c ON c.id = k.charger_id JOIN networks n ON n.id = c.network_id").execute()
                  .map(cursors -> {
                    List<StatusRow> batch = new ArrayList<>(rows.size());
                    boolean settled = true;
                    for (Row r : rows) {
                      // Stop at the first report received too recently: ids after it wait for the next run.
                      if (!r.getOffsetDateTime("received_at").toInstant().isBefore(receivedBefore)) {
                        settled = false;
                        break;
                      }
                      batch.add(new StatusRow(r.getLong("id"), r.getUUID("charger_id"), r.getInteger("evse_id"),
                          r.getInteger("connector_id"), r.getString("status"),
                          r.getOffsetDateTime("reported_at").toInstant(), r.getUUID("network_id"), r.getString("zone")));
                    }
                    List<Cursor> all = new ArrayList<>(cursors.size());
                    for (Row r : cursors) {
                      all.add(new Cursor(r.getUUID("charger_id"), r.getInteger("evse_id"), r.getInteger("connector_id"),
                          r.getString("status"), r.getOffsetDateTime("since").toInstant(), r.getUUID("network_id"),
                          r.getString("zone")));
                    }
                    return new StatusBatch(watermark, batch, all, settled && rows.size() < limit,
                        settled && rows.size() == limit);
                  }));
        });
  }

  /**
   * Adds the days, writes the changed cursors and moves the watermark to {@code lastId}, in the
   * transaction {@link #readStatusBatch} opened.
   */
  public static Future<Void> writeStatusBatch(SqlConnection conn, List<UtilizationDay> days, List<Cursor> cursors,
      long lastId) {
    Future<?> daysWritten = Future.succeededFuture();
    if (!days.isEmpty()) {
      int n = days.size();
      UUID[] networks = new UUID[n];
      LocalDate[] dates = new LocalDate[n];
      Long[] occupied = new Long[n];
      Long[] available = new Long[n];
      Long[] unavailable = new Long[n];
      for (int i = 0; i < n; i++) {
        UtilizationDay d = days.get(i);
        networks[i] = d.networkId();
        dates[i] = d.day();
        occupied[i] = d.occupiedMs();
        available[i] = d.availableMs();
        unavailable[i] = d.unavailableMs();
      }
      daysWritten = conn.preparedQuery("INSERT INTO analytics_utilization_days AS u (network_id, day, occupied_ms,"
              + " available_ms, unavailable_ms) SELECT * FROM unnest($1::uuid[], $2::date[], $3::bigint[],"
              + " $4::bigint[], $5::bigint[]) ON CONFLICT (network_id, day) DO UPDATE SET"
              + " occupied_ms = u.occupied_ms + EXCLUDED.occupied_ms, available_ms = u.available_ms + EXCLUDED.available_ms,"
              + " unavailable_ms = u.unavailable_ms + EXCLUDED.unavailable_ms")
          .execute(Tuple.of(networks, dates, occupied, available, unavailable))
          // the same time added to the days' months (V27), so a month row equals its days
          .compose(v -> conn.preparedQuery("INSERT INTO analytics_utilization_months AS u (network_id, month,"
                  + " occupied_ms, available_ms, unavailable_ms) SELECT d.network_id, " + MONTH_OF.formatted("d.day")
                  + ", sum(d.occupied_ms), sum(d.available_ms), sum(d.unavailable_ms) FROM unnest($1::uuid[],"
                  + " $2::date[], $3::bigint[], $4::bigint[], $5::bigint[]) AS d(network_id, day, occupied_ms,"
                  + " available_ms, unavailable_ms) GROUP BY 1, 2 ON CONFLICT (network_id, month) DO UPDATE SET"
                  + " occupied_ms = u.occupied_ms + EXCLUDED.occupied_ms,"
                  + " available_ms = u.available_ms + EXCLUDED.available_ms,"
                  + " unavailable_ms = u.unavailable_ms + EXCLUDED.unavailable_ms")
              .execute(Tuple.of(networks, dates, occupied, available, unavailable)));
    }
    return daysWritten.compose(v -> {
      if (cursors.isEmpty()) {
        return Future.succeededFuture();
      }
      int n = cursors.size();
      UUID[] chargers = new UUID[n];
      Integer[] evses = new Integer[n];
      Integer[] connectors = new Integer[n];
      String[] statuses = new String[n];
      OffsetDateTime[] since = new OffsetDateTime[n];
      for (int i = 0; i < n; i++) {
        Cursor c = cursors.get(i);
        chargers[i] = c.chargerId();
        evses[i] = c.evseId();
        connectors[i] = c.connectorId();
        statuses[i] = c.status();
        since[i] = utc(c.since());
      }
      return conn.preparedQuery("INSERT INTO analytics_connector_cursors (charger_id, evse_id, connector_id, status,"
              + " since) SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::timestamptz[])"
              + " ON CONFLICT (charger_id, evse_id, connector_id) DO UPDATE SET status = EXCLUDED.status,"
              + " since = EXCLUDED.since")
          .execute(Tuple.of(chargers, evses, connectors, statuses, since));
    }).compose(v -> conn.preparedQuery("UPDATE analytics_watermarks SET last_id = $1, updated_at = now()"
        + " WHERE name = 'status'").execute(Tuple.of(lastId))).mapEmpty();
  }

  // --- connection history → uptime ----------------------------------------------------------------

  /** A charger.online / charger.offline entry of the event stream. */
  public record ConnectionEvent(String streamId, UUID chargerId, UUID networkId, boolean online, String node,
      Instant at) {
    public ConnectionEvent {
      Objects.requireNonNull(streamId);
      Objects.requireNonNull(chargerId);
      Objects.requireNonNull(networkId);
      Objects.requireNonNull(at);
    }
  }

  /**
   * Records the events in order, in one transaction, each once (by its stream id), and applies each
   * new one to its charger's uptime: an online opens a connection (one already open stays open, now
   * on the new node); an offline closes the open connection when it comes from the node holding it
   * (a late offline of a replaced connection on another node is only recorded).
   */
  public static Future<Void> recordConnections(Pool pg, List<ConnectionEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return pg.withTransaction(conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (ConnectionEvent e : events) {
        chain = chain.compose(v -> record(conn, e));
      }
      return chain;
    });
  }

  private static Future<Void> record(SqlConnection conn, ConnectionEvent e) {
    OffsetDateTime at = utc(e.at());
    return conn.preparedQuery("INSERT INTO charger_connection_events (stream_id, charger_id, network_id, online, node,"
            + " at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (stream_id) DO NOTHING RETURNING id")
        .execute(Tuple.of(e.streamId(), e.chargerId(), e.networkId(), e.online(), e.node(), at))
        .compose(inserted -> {
          if (inserted.size() == 0) {
            return Future.succeededFuture();
          }
          if (e.online()) {
            return conn.preparedQuery("INSERT INTO charger_uptime AS u (charger_id, network_id, online_since, online_node,"
                    + " last_event_at) VALUES ($1, $2, $3, $4, $3) ON CONFLICT (charger_id) DO UPDATE SET"
                    + " online_since = COALESCE(u.online_since, EXCLUDED.online_since), online_node = EXCLUDED.online_node,"
                    + " last_event_at = GREATEST(u.last_event_at, EXCLUDED.last_event_at)")
                .execute(Tuple.of(e.chargerId(), e.networkId(), at, e.node())).mapEmpty();
          }
          return conn.preparedQuery("UPDATE charger_uptime SET online_seconds = online_seconds"
                  + " + GREATEST(0, floor(extract(epoch FROM $2::timestamptz - online_since)))::bigint,"
                  + " online_since = NULL, online_node = NULL, last_event_at = GREATEST(last_event_at, $2)"
                  + " WHERE charger_id = $1 AND online_since IS NOT NULL AND $2 >= online_since"
                  + " AND ($3::text IS NULL OR online_node IS NULL OR online_node = $3)")
              .execute(Tuple.of(e.chargerId(), at, e.node())).mapEmpty();
        });
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
