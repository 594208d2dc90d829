package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The analytics reads (docs/analytics.md): only the daily rollups of V22/V23 and the chargers
 * table, never {@code charging_sessions} or {@code status_history}. A window is a range of whole
 * days per network (the caller takes them in the network's time zone: the local day of {@code from}
 * through the local day of {@code to}); the previous window is the same number of days just before
 * it, and comes back as one row per network with a null day.
 */
public final class AnalyticsQueries {

  /** A network a report covers. */
  public record NetworkInfo(UUID id, String name, String currency, String zone) {
  }

  /** Sessions of one network's day (a null day: the previous window's sum). */
  public record SessionDay(UUID networkId, LocalDate day, long sessions, long failed, long durationSeconds,
      BigDecimal energyKwh, BigDecimal revenue) {
  }

  /** One location's sums over the window. */
  public record LocationTotal(UUID networkId, UUID locationId, String name, long sessions, BigDecimal energyKwh,
      BigDecimal revenue) {
  }

  /** Connector time of one network's day (a null day: the previous window's sum). */
  public record UtilizationDay(UUID networkId, LocalDate day, long occupiedMs, long availableMs, long unavailableMs) {
  }

  /** One network's chargers: how many, seconds since their registration, seconds online (connection history). */
  public record UptimeTotals(UUID networkId, int chargers, long registeredSeconds, long onlineSeconds) {
  }

  /** A charger of the live snapshot with its stored connector statuses. */
  public record ChargerStatuses(UUID networkId, String chargePointId, List<String> connectorStatuses) {
  }

  /** The location key of a charger without a location. */
  public static final UUID NO_LOCATION = new UUID(0, 0);

  /** A network's time zone as SQL (networks aliased n): its {@code timeZone} setting, else UTC. */
  public static final String NETWORK_ZONE = "COALESCE(NULLIF(n.settings ->> 'timeZone', ''), 'UTC')";

  /** A network's window: its first and last local day (inclusive). */
  public record NetworkWindow(UUID networkId, LocalDate firstDay, LocalDate lastDay) {
  }

  /**
   * The windows as rows {@code w(id, df, dt)}: days computed by the caller in each network's zone,
   * so the rollup rows are reached by their primary key's range, per network.
   */
  private static final String WINDOW = "WITH w AS MATERIALIZED (SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[])"
      + " AS w(id, df, dt))";

  private static final String IN_WINDOWS = " r.network_id = w.id AND r.day BETWEEN w.df - (w.dt - w.df + 1) AND w.dt";

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

  /** Each day of the window with sessions, and one previous-window row per network (null day). */
  public Future<List<SessionDay>> sessionDays(List<NetworkWindow> windows) {
    return pg.preparedQuery(WINDOW + " SELECT r.network_id, CASE WHEN r.day >= w.df THEN r.day END AS d,"
            + " sum(r.sessions) AS sessions, sum(r.failed) AS failed, sum(r.duration_seconds) AS duration,"
            + " sum(r.energy_kwh) AS energy, sum(r.revenue) AS revenue"
            + " FROM w JOIN analytics_session_days r ON" + IN_WINDOWS + " GROUP BY 1, 2")
        .execute(window(windows))
        .map(rows -> {
          List<SessionDay> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new SessionDay(r.getUUID("network_id"), r.getLocalDate("d"), r.getLong("sessions"),
                r.getLong("failed"), r.getLong("duration"), r.getBigDecimal("energy"), r.getBigDecimal("revenue")));
          }
          return out;
        });
  }

  /** Each location's sums over the window (not the previous one), largest revenue first. */
  public Future<List<LocationTotal>> locationTotals(List<NetworkWindow> windows) {
    return pg.preparedQuery(WINDOW + ", t AS (SELECT r.network_id, r.location_id, sum(r.sessions) AS sessions,"
            + " sum(r.energy_kwh) AS energy, sum(r.revenue) AS revenue FROM w JOIN analytics_location_days r"
            + " ON r.network_id = w.id AND r.day BETWEEN w.df AND w.dt GROUP BY 1, 2)"
            + " SELECT t.*, l.name FROM t LEFT JOIN locations l ON l.id = t.location_id"
            + " ORDER BY t.revenue DESC, t.location_id")
        .execute(window(windows))
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

  /** Each day of the window with connector time, and one previous-window row per network (null day). */
  public Future<List<UtilizationDay>> utilizationDays(List<NetworkWindow> windows) {
    return pg.preparedQuery(WINDOW + " SELECT r.network_id, CASE WHEN r.day >= w.df THEN r.day END AS d,"
            + " sum(r.occupied_ms) AS occupied, sum(r.available_ms) AS available, sum(r.unavailable_ms) AS unavailable"
            + " FROM w JOIN analytics_utilization_days r ON" + IN_WINDOWS + " GROUP BY 1, 2")
        .execute(window(windows))
        .map(rows -> {
          List<UtilizationDay> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new UtilizationDay(r.getUUID("network_id"), r.getLocalDate("d"), r.getLong("occupied"),
                r.getLong("available"), r.getLong("unavailable")));
          }
          return out;
        });
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

  /** The live chargers of the networks with their stored connector statuses (for the live snapshot). */
  public Future<List<ChargerStatuses>> chargerStatuses(List<UUID> networks) {
    return pg.preparedQuery("SELECT c.network_id, c.charge_point_id, COALESCE(array_agg(k.status)"
            + " FILTER (WHERE k.id IS NOT NULL), '{}') AS statuses FROM chargers c"
            + " LEFT JOIN connectors k ON k.charger_id = c.id AND k.deleted_at IS NULL"
            + " WHERE c.deleted_at IS NULL AND c.network_id = ANY($1::uuid[]) GROUP BY c.id")
        .execute(Tuple.of((Object) networks.toArray(new UUID[0])))
        .map(rows -> {
          List<ChargerStatuses> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new ChargerStatuses(r.getUUID("network_id"), r.getString("charge_point_id"),
                Arrays.asList(r.getArrayOfStrings("statuses"))));
          }
          return out;
        });
  }

  private static Tuple window(List<NetworkWindow> windows) {
    int n = windows.size();
    UUID[] ids = new UUID[n];
    LocalDate[] first = new LocalDate[n];
    LocalDate[] last = new LocalDate[n];
    for (int i = 0; i < n; i++) {
      ids[i] = windows.get(i).networkId();
      first[i] = windows.get(i).firstDay();
      last[i] = windows.get(i).lastDay();
    }
    return Tuple.of(ids, first, last);
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
