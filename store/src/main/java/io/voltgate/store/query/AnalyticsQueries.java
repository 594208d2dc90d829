package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The analytics reads (docs/analytics.md): only the rollups of V22/V23/V27 and the chargers table,
 * never {@code charging_sessions} or {@code status_history}. A window is a range of whole days per
 * network (the caller takes them in the network's time zone: the local day of {@code from} through
 * the local day of {@code to}); the previous window is the same number of days just before it, and
 * comes back as one row per network marked {@code previous}.
 *
 * <p>A range of days is read as {@link Span}s: its whole months from the monthly rollups (V27), the
 * days at its edges from the daily ones, and a partial month that covers most of its month as the
 * month minus the days it leaves out (each month row equals the sum of its days: both are written
 * in one statement). The current window comes back in {@link Grain} buckets, summed here.
 */
public final class AnalyticsQueries {

  /** A network a report covers. */
  public record NetworkInfo(UUID id, String name, String currency, String zone) {
  }

  /**
   * Sessions of one network's bucket of the current window (its first day; null for {@link Grain#TOTAL}),
   * or, {@code previous}, the previous window's sum (day null).
   */
  public record SessionDay(UUID networkId, LocalDate day, boolean previous, long sessions, long failed,
      long durationSeconds, BigDecimal energyKwh, BigDecimal revenue) {
  }

  /** One location's sums over the window. */
  public record LocationTotal(UUID networkId, UUID locationId, String name, long sessions, BigDecimal energyKwh,
      BigDecimal revenue) {
  }

  /**
   * The day of a network's window with the most energy (network null: the day with the most energy
   * of all the networks together, each network's window in its own days); the earliest of equal days.
   */
  public record PeakDay(UUID networkId, LocalDate day, BigDecimal energyKwh) {
  }

  /** Connector time of one network's bucket, or ({@code previous}) the previous window's sum; as for sessions. */
  public record UtilizationDay(UUID networkId, LocalDate day, boolean previous, long occupiedMs, long availableMs,
      long unavailableMs) {
  }

  /** One network's chargers: how many, seconds since their registration, seconds online (connection history). */
  public record UptimeTotals(UUID networkId, int chargers, long registeredSeconds, long onlineSeconds) {
  }

  /** A live charger of the snapshot: its network and chargePointId. */
  public record FleetCharger(UUID networkId, String chargePointId) {
  }

  /** The location key of a charger without a location. */
  public static final UUID NO_LOCATION = new UUID(0, 0);

  /** A network's time zone as SQL (networks aliased n): its {@code timeZone} setting, else UTC. */
  public static final String NETWORK_ZONE = "COALESCE(NULLIF(n.settings ->> 'timeZone', ''), 'UTC')";

  /** A network's window: its first and last local day (inclusive). */
  public record NetworkWindow(UUID networkId, LocalDate firstDay, LocalDate lastDay) {
  }

  /** The buckets the current window comes back in: days, ISO weeks (from Monday), months, or one sum. */
  public enum Grain {
    DAY("r.day"), WEEK("date_trunc('week', r.day::timestamp)::date"),
    MONTH("date_trunc('month', r.day::timestamp)::date"), TOTAL("NULL::date");

    private final String bucket;

    Grain(String bucket) {
      this.bucket = bucket;
    }
  }

  /**
   * Part of a range of days: the daily rows {@code from..to}, or ({@code months}) the monthly rows of
   * the months starting {@code from..to}; {@code subtract}: taken away (the days a partial month read
   * as its whole month leaves out).
   */
  public record Span(boolean months, LocalDate from, LocalDate to, boolean subtract) {
  }

  /**
   * The days {@code first..last} as spans: the daily rows only, or ({@code withMonths}) whole months
   * from the monthly rows and the partial months at the edges from the daily rows, or as their whole
   * month minus the days outside when that reads fewer rows. Every day of the range is counted once
   * (added once more than subtracted), no day outside it.
   */
  public static List<Span> spans(LocalDate first, LocalDate last, boolean withMonths) {
    List<Span> out = new ArrayList<>();
    if (last.isBefore(first)) {
      return out;
    }
    if (!withMonths) {
      out.add(new Span(false, first, last, false));
      return out;
    }
    LocalDate wholeFrom = null;
    LocalDate wholeTo = null;
    for (LocalDate cursor = first; !cursor.isAfter(last); ) {
      LocalDate monthStart = cursor.withDayOfMonth(1);
      LocalDate monthEnd = cursor.with(TemporalAdjusters.lastDayOfMonth());
      LocalDate end = last.isBefore(monthEnd) ? last : monthEnd;
      if (cursor.equals(monthStart) && end.equals(monthEnd)) {
        wholeFrom = wholeFrom == null ? monthStart : wholeFrom;
        wholeTo = monthStart;
      } else {
        if (wholeFrom != null) {
          out.add(new Span(true, wholeFrom, wholeTo, false));
          wholeFrom = null;
        }
        long taken = ChronoUnit.DAYS.between(cursor, end) + 1;
        long left = monthStart.lengthOfMonth() - taken;
        if (left + 1 < taken) {
          out.add(new Span(true, monthStart, monthStart, false));
          if (cursor.isAfter(monthStart)) {
            out.add(new Span(false, monthStart, cursor.minusDays(1), true));
          }
          if (end.isBefore(monthEnd)) {
            out.add(new Span(false, end.plusDays(1), monthEnd, true));
          }
        } else {
          out.add(new Span(false, cursor, end, false));
        }
      }
      cursor = end.plusDays(1);
    }
    if (wholeFrom != null) {
      out.add(new Span(true, wholeFrom, wholeTo, false));
    }
    return out;
  }

  private final Pool pg;

  public AnalyticsQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * The live networks of the scope, by name; only {@code requested} when given (empty when it is not
   * one of the scope's: the caller answers 404).
   */
  public Future<List<NetworkInfo>> networks(Scope scope, UUID requested) {
    return pg.preparedQuery("SELECT n.id, n.name, n.currency, " + NETWORK_ZONE + " AS zone"
            + " FROM networks n WHERE n.deleted_at IS NULL AND " + scope.networkPredicate("n.id", 1)
            + " AND ($2::uuid IS NULL OR n.id = $2) ORDER BY n.name, n.id")
        .execute(Tuple.of(scope.networkBind(), requested))
        .map(rows -> {
          List<NetworkInfo> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new NetworkInfo(r.getUUID("id"), r.getString("name"), trim(r.getString("currency")),
                r.getString("zone")));
          }
          return out;
        });
  }

  /**
   * The current window in {@code grain} buckets per network (only the buckets with rows), and one
   * previous-window row per network ({@code previous}) unless {@code withPrevious} is false.
   */
  public Future<List<SessionDay>> sessionDays(List<NetworkWindow> windows, Grain grain, boolean withPrevious) {
    String columns = "sessions, failed, duration_seconds, energy_kwh, revenue";
    return pg.preparedQuery(spanned("analytics_session_months", "analytics_session_days", columns, grain)
            + " sum(x.sessions) AS sessions, sum(x.failed) AS failed, sum(x.duration_seconds) AS duration,"
            + " sum(x.energy_kwh) AS energy, sum(x.revenue) AS revenue FROM x GROUP BY 1, 2, 3")
        .execute(spanTuple(windows, grain, withPrevious))
        .map(rows -> {
          List<SessionDay> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new SessionDay(r.getUUID("network_id"), r.getLocalDate("d"), r.getBoolean("prev"),
                r.getLong("sessions"), r.getLong("failed"), r.getLong("duration"), r.getBigDecimal("energy"),
                r.getBigDecimal("revenue")));
          }
          return out;
        });
  }

  /** Each location's sums over the window (not the previous one), largest revenue first. */
  public Future<List<LocationTotal>> locationTotals(List<NetworkWindow> windows) {
    String columns = "location_id, sessions, energy_kwh, revenue";
    return pg.preparedQuery(SPANS + ", x AS (" + spanRows("analytics_location_months", "analytics_location_days",
            columns, "") + "), t AS (SELECT x.network_id, x.location_id, sum(x.sessions) AS sessions,"
            + " sum(x.energy_kwh) AS energy, sum(x.revenue) AS revenue FROM x GROUP BY 1, 2"
            // a location whose only rows in the month read whole fall on the days taken away nets 0 sessions
            + " HAVING sum(x.sessions) > 0)"
            + " SELECT t.*, l.name FROM t LEFT JOIN locations l ON l.id = t.location_id"
            + " ORDER BY t.revenue DESC, t.location_id")
        .execute(spanTuple(windows, Grain.TOTAL, false))
        .map(rows -> {
          List<LocationTotal> out = new ArrayList<>();
          for (Row r : rows) {
            UUID location = r.getUUID("location_id");
            out.add(new LocationTotal(r.getUUID("network_id"),
                NO_LOCATION.equals(location) ? null : location, r.getString("name"),
                r.getLong("sessions"), r.getBigDecimal("energy"), r.getBigDecimal("revenue")));
          }
          return out;
        });
  }

  /**
   * The peak energy day of each network's window and of all of them (network null), among days with
   * energy; nothing for a network without any. Reads the window's daily rows but returns one row per
   * network.
   */
  public Future<List<PeakDay>> peakDays(List<NetworkWindow> windows) {
    int n = windows.size();
    UUID[] ids = new UUID[n];
    LocalDate[] first = new LocalDate[n];
    LocalDate[] last = new LocalDate[n];
    for (int i = 0; i < n; i++) {
      ids[i] = windows.get(i).networkId();
      first[i] = windows.get(i).firstDay();
      last[i] = windows.get(i).lastDay();
    }
    return pg.preparedQuery("WITH w AS MATERIALIZED (SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[])"
            + " AS w(id, df, dt)), d AS MATERIALIZED (SELECT r.network_id, r.day, r.energy_kwh FROM w"
            + " JOIN analytics_session_days r ON r.network_id = w.id AND r.day BETWEEN w.df AND w.dt"
            + " WHERE r.energy_kwh > 0)"
            + " (SELECT DISTINCT ON (d.network_id) d.network_id, d.day, d.energy_kwh AS energy FROM d"
            + " ORDER BY d.network_id, d.energy_kwh DESC, d.day)"
            + " UNION ALL (SELECT NULL::uuid, d.day, sum(d.energy_kwh) FROM d GROUP BY d.day"
            + " ORDER BY 3 DESC, d.day LIMIT 1)")
        .execute(Tuple.of(ids, first, last))
        .map(rows -> {
          List<PeakDay> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new PeakDay(r.getUUID("network_id"), r.getLocalDate("day"), r.getBigDecimal("energy")));
          }
          return out;
        });
  }

  /** As {@link #sessionDays}, for connector time. */
  public Future<List<UtilizationDay>> utilizationDays(List<NetworkWindow> windows, Grain grain, boolean withPrevious) {
    String columns = "occupied_ms, available_ms, unavailable_ms";
    return pg.preparedQuery(spanned("analytics_utilization_months", "analytics_utilization_days", columns, grain)
            + " sum(x.occupied_ms) AS occupied, sum(x.available_ms) AS available,"
            + " sum(x.unavailable_ms) AS unavailable FROM x GROUP BY 1, 2, 3")
        .execute(spanTuple(windows, grain, withPrevious))
        .map(rows -> {
          List<UtilizationDay> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new UtilizationDay(r.getUUID("network_id"), r.getLocalDate("d"), r.getBoolean("prev"),
                r.getLong("occupied"), r.getLong("available"), r.getLong("unavailable")));
          }
          return out;
        });
  }

  /**
   * The spans as rows: {@code ds(id, f, t, neg, prev)} over the daily rows, {@code ms(...)} over the
   * monthly ones; computed by the caller per network, so rollup rows are reached by their primary
   * key's range.
   */
  private static final String SPANS = "WITH ds AS MATERIALIZED (SELECT * FROM unnest($1::uuid[], $2::date[],"
      + " $3::date[], $4::bool[], $5::bool[]) AS s(id, f, t, neg, prev)),"
      + " ms AS MATERIALIZED (SELECT * FROM unnest($6::uuid[], $7::date[], $8::date[], $9::bool[], $10::bool[])"
      + " AS s(id, f, t, neg, prev))";

  /** The rows of the spans: network, day (a month row: the month's first day), whether previous, the columns signed. */
  private static String spanRows(String monthly, String daily, String columns, String extra) {
    StringBuilder signed = new StringBuilder();
    for (String c : columns.split(", ")) {
      signed.append(", ").append(c.equals("location_id") ? "r.location_id"
          : "CASE WHEN s.neg THEN -r." + c + " ELSE r." + c + " END AS " + c);
    }
    return "SELECT r.network_id, r.month AS day, s.prev" + extra + signed + " FROM ms s JOIN " + monthly
        + " r ON r.network_id = s.id AND r.month BETWEEN s.f AND s.t"
        + " UNION ALL SELECT r.network_id, r.day, s.prev" + extra + signed + " FROM ds s JOIN " + daily
        + " r ON r.network_id = s.id AND r.day BETWEEN s.f AND s.t";
  }

  /** The spans' rows as x, and the start of the select: network, previous, bucket. */
  private static String spanned(String monthly, String daily, String columns, Grain grain) {
    return SPANS + ", x AS (SELECT r.network_id, r.prev, CASE WHEN r.prev THEN NULL ELSE " + grain.bucket
        + " END AS d, " + columns.replace(", ", ", r.").replaceFirst("^", "r.") + " FROM ("
        + spanRows(monthly, daily, columns, "") + ") r)"
        + " SELECT x.network_id, x.prev, x.d,";
  }

  /**
   * The spans of each network's current window (months only when {@code grain} buckets whole months
   * or less: month, total) and, {@code withPrevious}, of its previous window (always with months).
   */
  private static Tuple spanTuple(List<NetworkWindow> windows, Grain grain, boolean withPrevious) {
    List<Object[]> days = new ArrayList<>();
    List<Object[]> months = new ArrayList<>();
    boolean currentMonths = grain == Grain.MONTH || grain == Grain.TOTAL;
    for (NetworkWindow w : windows) {
      long n = ChronoUnit.DAYS.between(w.firstDay(), w.lastDay()) + 1;
      for (Span s : spans(w.firstDay(), w.lastDay(), currentMonths)) {
        (s.months() ? months : days).add(new Object[] {w.networkId(), s.from(), s.to(), s.subtract(), false});
      }
      if (withPrevious) {
        for (Span s : spans(w.firstDay().minusDays(n), w.firstDay().minusDays(1), true)) {
          (s.months() ? months : days).add(new Object[] {w.networkId(), s.from(), s.to(), s.subtract(), true});
        }
      }
    }
    Object[] params = new Object[10];
    System.arraycopy(columns(days), 0, params, 0, 5);
    System.arraycopy(columns(months), 0, params, 5, 5);
    return Tuple.from(params);
  }

  private static Object[] columns(List<Object[]> rows) {
    int n = rows.size();
    UUID[] ids = new UUID[n];
    LocalDate[] from = new LocalDate[n];
    LocalDate[] to = new LocalDate[n];
    Boolean[] neg = new Boolean[n];
    Boolean[] prev = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Object[] r = rows.get(i);
      ids[i] = (UUID) r[0];
      from[i] = (LocalDate) r[1];
      to[i] = (LocalDate) r[2];
      neg[i] = (Boolean) r[3];
      prev[i] = (Boolean) r[4];
    }
    return new Object[] {ids, from, to, neg, prev};
  }

  /**
   * Per network: its live chargers, the seconds from each one's registration (or the start of the
   * connection history, V23, if later) to {@code now}, and
   * the seconds each was online by the connection history (closed connections plus the open one up
   * to {@code now}).
   */
  public Future<List<UptimeTotals>> uptime(List<UUID> networks, Instant now) {
    return pg.preparedQuery("SELECT c.network_id, count(*) AS chargers,"
            + " sum(GREATEST(0, extract(epoch FROM $2::timestamptz - GREATEST(c.created_at, (SELECT updated_at"
            + " FROM analytics_watermarks WHERE name = 'connections')))))::bigint AS registered,"
            + " sum(COALESCE(u.online_seconds, 0) + CASE WHEN u.online_since IS NULL THEN 0"
            + " ELSE GREATEST(0, extract(epoch FROM $2::timestamptz - u.online_since)) END)::bigint AS online"
            + " FROM chargers c LEFT JOIN charger_uptime u ON u.charger_id = c.id"
            + " WHERE c.deleted_at IS NULL AND c.network_id = ANY($1::uuid[]) GROUP BY 1")
        .execute(Tuple.of(networks.toArray(new UUID[0]), now.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          List<UptimeTotals> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new UptimeTotals(r.getUUID("network_id"), r.getLong("chargers").intValue(),
                r.getLong("registered"), r.getLong("online")));
          }
          return out;
        });
  }

  /** The live chargers of the networks (for the live snapshot). */
  public Future<List<FleetCharger>> chargers(List<UUID> networks) {
    return pg.preparedQuery("SELECT c.network_id, c.charge_point_id FROM chargers c"
            + " WHERE c.deleted_at IS NULL AND c.network_id = ANY($1::uuid[])")
        .execute(Tuple.of((Object) networks.toArray(new UUID[0])))
        .map(rows -> {
          List<FleetCharger> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new FleetCharger(r.getUUID(0), r.getString(1)));
          }
          return out;
        });
  }

  /**
   * The stored statuses of the live connectors of these live chargers (by chargePointId; a charger
   * without connectors is absent): what the snapshot falls back to for an online charger that
   * reported none.
   */
  public Future<Map<String, List<String>>> storedConnectorStatuses(List<UUID> networks, List<String> chargePointIds) {
    if (chargePointIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pg.preparedQuery("SELECT c.charge_point_id, array_agg(k.status) AS statuses FROM chargers c"
            + " JOIN connectors k ON k.charger_id = c.id AND k.deleted_at IS NULL"
            + " WHERE c.deleted_at IS NULL AND c.network_id = ANY($1::uuid[]) AND c.charge_point_id = ANY($2::text[])"
            + " GROUP BY c.id, c.charge_point_id")
        .execute(Tuple.of(networks.toArray(new UUID[0]), (Object) chargePointIds.toArray(new String[0])))
        .map(rows -> {
          Map<String, List<String>> out = new HashMap<>();
          for (Row r : rows) {
            out.put(r.getString("charge_point_id"), Arrays.asList(r.getArrayOfStrings("statuses")));
          }
          return out;
        });
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
