package io.voltgate.services.analytics;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.store.query.AnalyticsQueries;
import io.voltgate.store.query.AnalyticsQueries.FleetCharger;
import io.voltgate.store.query.AnalyticsQueries.Grain;
import io.voltgate.store.query.AnalyticsQueries.LocationTotal;
import io.voltgate.store.query.AnalyticsQueries.NetworkInfo;
import io.voltgate.store.query.AnalyticsQueries.NetworkWindow;
import io.voltgate.store.query.AnalyticsQueries.PeakDay;
import io.voltgate.store.query.AnalyticsQueries.SessionDay;
import io.voltgate.store.query.AnalyticsQueries.UptimeTotals;
import io.voltgate.store.query.Scope;
import io.voltgate.store.redis.ChargerLiveState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The analytics reports of both API families (docs/analytics.md), from the rollups only (whole
 * months from the monthly rollups where the figures allow, see {@link Figures}): per
 * network and in total, the window's sums, the previous window's (growth), a timeline by day, ISO
 * week or month, revenue by location, the peak day; utilization; uptime with the live snapshot.
 * Completes with empty when a requested network is not one of the scope's (the caller answers 404).
 */
public final class AnalyticsReports {

  /** The grouping of a timeline. */
  public enum Period {
    DAY, WEEK, MONTH;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The first day of the bucket holding {@code day} (weeks start on Monday). */
    public LocalDate bucket(LocalDate day) {
      return switch (this) {
        case DAY -> day;
        case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case MONTH -> day.withDayOfMonth(1);
      };
    }

    /** The rollup rows' buckets for this period's timeline. */
    Grain grain() {
      return switch (this) {
        case DAY -> Grain.DAY;
        case WEEK -> Grain.WEEK;
        case MONTH -> Grain.MONTH;
      };
    }

    LocalDate next(LocalDate bucket) {
      return switch (this) {
        case DAY -> bucket.plusDays(1);
        case WEEK -> bucket.plusWeeks(1);
        case MONTH -> bucket.plusMonths(1);
      };
    }
  }

  /**
   * What a session report is for, hence what it reads: the window's totals only (KPIs), a timeline
   * with growth (sessions), also the peak energy day (energy), also revenue by location (revenue).
   */
  public enum Figures {
    TOTALS, TIMELINE, PEAK_DAY, BY_LOCATION;

    Grain grain(Period period) {
      return switch (this) {
        case TOTALS -> Grain.TOTAL;
        case TIMELINE, PEAK_DAY, BY_LOCATION -> period.grain();
      };
    }
  }

  /** The requested window: instants, inclusive; days are taken in each network's time zone. */
  public record Window(Instant from, Instant to, Period period) {
    public Window {
      Objects.requireNonNull(from);
      Objects.requireNonNull(to);
      Objects.requireNonNull(period);
    }
  }

  /** One bucket of a timeline: its first day and its value. */
  public record Point(LocalDate date, double value) {
  }

  /** Session sums. */
  public record Sums(long sessions, long failed, long durationSeconds, BigDecimal energyKwh, BigDecimal revenue) {
    static final Sums ZERO = new Sums(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO);

    Sums plus(Sums o) {
      return new Sums(sessions + o.sessions, failed + o.failed, durationSeconds + o.durationSeconds,
          energyKwh.add(o.energyKwh), revenue.add(o.revenue));
    }

    static Sums of(SessionDay d) {
      return new Sums(d.sessions(), d.failed(), d.durationSeconds(), nz(d.energyKwh()), nz(d.revenue()));
    }

    public long completed() {
      return sessions - failed;
    }
  }

  /** A location's share of the window's revenue. */
  public record LocationShare(UUID locationId, String name, double revenue, double percentage) {
  }

  /**
   * One network's sessions (or the total of several: network null), with the window's days in the
   * network's time zone ({@code firstDay}..{@code lastDay}); {@code days}: the sums by day, or by the
   * first day of each week or month when the report was read in the period's buckets (see
   * {@link Figures}), empty for totals only; {@code previous}: zero for totals only; {@code peak}: the
   * day with the most energy and its kWh, when the figures include it and energy was delivered.
   */
  public record SessionRollup(NetworkInfo network, String currency, LocalDate firstDay, LocalDate lastDay,
      Sums current, Sums previous, TreeMap<LocalDate, Sums> days, List<LocationTotal> locations,
      Map.Entry<LocalDate, Double> peak) {

    public double averageDurationMinutes() {
      return current.sessions == 0 ? 0 : current.durationSeconds / 60.0 / current.sessions;
    }

    public double averageEnergyKwh() {
      return current.sessions == 0 ? 0 : current.energyKwh.doubleValue() / current.sessions;
    }

    public double averageRevenue() {
      return current.sessions == 0 ? 0 : current.revenue.doubleValue() / current.sessions;
    }

    /** Percent change against the previous window; null when the previous window had nothing. */
    public Double growth(ToDoubleFunction<Sums> metric) {
      return AnalyticsReports.growth(metric.applyAsDouble(current), metric.applyAsDouble(previous));
    }

    /** Every bucket of the window, empty ones as zero. */
    public List<Point> timeline(Period period, ToDoubleFunction<Sums> metric) {
      // summed exactly per bucket before the metric, so days and months of the same sessions agree
      Map<LocalDate, Sums> buckets = new HashMap<>();
      days.forEach((d, s) -> buckets.merge(period.bucket(d), s, Sums::plus));
      Map<LocalDate, Double> values = new HashMap<>();
      buckets.forEach((b, s) -> values.put(b, metric.applyAsDouble(s)));
      return AnalyticsReports.timeline(period, firstDay, lastDay, values);
    }

    /**
     * The day with the most energy in the window (the earliest of equal ones), if any energy was
     * delivered; read with {@link Figures#PEAK_DAY} only.
     */
    public Optional<Map.Entry<LocalDate, Double>> peakEnergyDay() {
      return Optional.ofNullable(peak);
    }

    /** Revenue by location, largest first, with its percentage of the window's revenue. */
    public List<LocationShare> revenueByLocation() {
      double total = current.revenue.doubleValue();
      List<LocationShare> out = new ArrayList<>();
      for (LocationTotal l : locations) {
        double v = nz(l.revenue()).doubleValue();
        out.add(new LocationShare(l.locationId(), l.name() == null ? "(no location)" : l.name(), v,
            total == 0 ? 0 : v * 100.0 / total));
      }
      out.sort((a, b) -> Double.compare(b.revenue(), a.revenue()));
      return out;
    }
  }

  /** Connector time of a network (or several: network null). */
  public record UtilizationRollup(NetworkInfo network, LocalDate firstDay, LocalDate lastDay, long[] current,
      long[] previous, TreeMap<LocalDate, long[]> days) {

    /** Occupied time ÷ in-service time (occupied + available), in percent; 0 without data. */
    public static double percent(long[] ms) {
      long inService = ms[0] + ms[1];
      return inService == 0 ? 0 : ms[0] * 100.0 / inService;
    }

    public double utilization() {
      return percent(current);
    }

    public Double growth() {
      return previous[0] + previous[1] == 0 ? null : AnalyticsReports.growth(percent(current), percent(previous));
    }

    public List<Point> timeline(Period period) {
      Map<LocalDate, long[]> buckets = new HashMap<>();
      days.forEach((d, ms) -> add(buckets.computeIfAbsent(period.bucket(d), k -> new long[3]), ms));
      Map<LocalDate, Double> values = new HashMap<>();
      buckets.forEach((d, ms) -> values.put(d, percent(ms)));
      return AnalyticsReports.timeline(period, firstDay, lastDay, values);
    }
  }

  /** A network's chargers now (live) and since registration (connection history). */
  public record Uptime(NetworkInfo network, int totalChargers, int available, int charging, int offline,
      long registeredSeconds, long onlineSeconds) {

    Uptime plus(Uptime o) {
      return new Uptime(null, totalChargers + o.totalChargers, available + o.available, charging + o.charging,
          offline + o.offline, registeredSeconds + o.registeredSeconds, onlineSeconds + o.onlineSeconds);
    }

    /** Online time ÷ time since registration, in percent; null without chargers. */
    public Double onlineTimePercent() {
      return registeredSeconds == 0 ? null : Math.min(100.0, onlineSeconds * 100.0 / registeredSeconds);
    }
  }

  /** A report: the networks it covers and their total. */
  public record Report<T>(List<T> networks, T total) {
  }

  private static final Set<String> CHARGING = Set.of("Charging", "SuspendedEV", "SuspendedEVSE", "Occupied");

  private final AnalyticsQueries queries;
  private final ChargerLiveState live;
  private final Clock clock;

  public AnalyticsReports(AnalyticsQueries queries, ChargerLiveState live, Clock clock) {
    this.queries = Objects.requireNonNull(queries);
    this.live = Objects.requireNonNull(live);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Sessions, energy and revenue of the scope's networks (or only {@code networkId}), read as
   * {@code figures} needs them. Empty when {@code networkId} is not the scope's.
   */
  public Future<Optional<Report<SessionRollup>>> sessions(Scope scope, UUID networkId, Window w, Figures figures) {
    return queries.networks(scope, networkId).compose(networks -> {
      if (networkId != null && networks.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      List<NetworkWindow> windows = windows(networks, w);
      Future<List<SessionDay>> days = queries.sessionDays(windows, figures.grain(w.period()),
          figures != Figures.TOTALS);
      Future<List<LocationTotal>> locations = figures == Figures.BY_LOCATION ? queries.locationTotals(windows)
          : Future.succeededFuture(List.of());
      Future<List<PeakDay>> peaks = figures == Figures.PEAK_DAY ? queries.peakDays(windows)
          : Future.succeededFuture(List.of());
      return Future.all(days, locations, peaks).map(v -> Optional.of(sessionReport(networks, w, days.result(),
          locations.result(), peaks.result())));
    });
  }

  static Report<SessionRollup> sessionReport(List<NetworkInfo> networks, Window w, List<SessionDay> days,
      List<LocationTotal> locations, List<PeakDay> peakDays) {
    Map<UUID, SessionRollup> byNetwork = new LinkedHashMap<>();
    for (NetworkInfo n : networks) {
      byNetwork.put(n.id(), new SessionRollup(n, n.currency(), firstDay(w, n), lastDay(w, n), Sums.ZERO, Sums.ZERO,
          new TreeMap<>(), new ArrayList<>(), null));
    }
    Map<UUID, Map.Entry<LocalDate, Double>> peaks = new HashMap<>();
    Map.Entry<LocalDate, Double> totalPeak = null;
    for (PeakDay p : peakDays) {
      Map.Entry<LocalDate, Double> peak = Map.entry(p.day(), nz(p.energyKwh()).doubleValue());
      if (p.networkId() == null) {
        totalPeak = peak;
      } else {
        peaks.put(p.networkId(), peak);
      }
    }
    Map<UUID, Sums[]> sums = new HashMap<>();
    for (SessionDay d : days) {
      SessionRollup r = byNetwork.get(d.networkId());
      if (r == null) {
        continue;
      }
      Sums[] s = sums.computeIfAbsent(d.networkId(), k -> new Sums[] {Sums.ZERO, Sums.ZERO});
      if (d.previous()) {
        s[1] = s[1].plus(Sums.of(d));
      } else {
        s[0] = s[0].plus(Sums.of(d));
        if (d.day() != null) {
          r.days().merge(d.day(), Sums.of(d), Sums::plus);
        }
      }
    }
    for (LocationTotal l : locations) {
      SessionRollup r = byNetwork.get(l.networkId());
      if (r != null) {
        r.locations().add(l);
      }
    }
    List<SessionRollup> out = new ArrayList<>();
    for (SessionRollup r : byNetwork.values()) {
      Sums[] s = sums.getOrDefault(r.network().id(), new Sums[] {Sums.ZERO, Sums.ZERO});
      out.add(new SessionRollup(r.network(), r.currency(), r.firstDay(), r.lastDay(), s[0], s[1], r.days(),
          r.locations(), peaks.get(r.network().id())));
    }
    return new Report<>(out, sessionTotal(out, w, totalPeak));
  }

  private static SessionRollup sessionTotal(List<SessionRollup> networks, Window w,
      Map.Entry<LocalDate, Double> peak) {
    Sums current = Sums.ZERO;
    Sums previous = Sums.ZERO;
    TreeMap<LocalDate, Sums> days = new TreeMap<>();
    List<LocationTotal> locations = new ArrayList<>();
    LocalDate first = null;
    LocalDate last = null;
    Set<String> currencies = new java.util.TreeSet<>();
    for (SessionRollup r : networks) {
      current = current.plus(r.current());
      previous = previous.plus(r.previous());
      r.days().forEach((d, s) -> days.merge(d, s, Sums::plus));
      locations.addAll(r.locations());
      first = first == null || r.firstDay().isBefore(first) ? r.firstDay() : first;
      last = last == null || r.lastDay().isAfter(last) ? r.lastDay() : last;
      if (r.currency() != null) {
        currencies.add(r.currency());
      }
    }
    if (first == null) {
      first = firstDay(w, null);
      last = lastDay(w, null);
    }
    return new SessionRollup(null, currencies.size() == 1 ? currencies.iterator().next() : null, first, last,
        current, previous, days, locations, peak);
  }

  /** Utilization of the scope's networks (or only {@code networkId}); empty as for sessions. */
  public Future<Optional<Report<UtilizationRollup>>> utilization(Scope scope, UUID networkId, Window w) {
    return queries.networks(scope, networkId).compose(networks -> {
      if (networkId != null && networks.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      return queries.utilizationDays(windows(networks, w), w.period().grain(), true).map(days -> {
        Map<UUID, UtilizationRollup> byNetwork = new LinkedHashMap<>();
        for (NetworkInfo n : networks) {
          byNetwork.put(n.id(), new UtilizationRollup(n, firstDay(w, n), lastDay(w, n), new long[3], new long[3],
              new TreeMap<>()));
        }
        UtilizationRollup total = new UtilizationRollup(null, firstDay(w, null), lastDay(w, null), new long[3],
            new long[3], new TreeMap<>());
        for (AnalyticsQueries.UtilizationDay d : days) {
          UtilizationRollup r = byNetwork.get(d.networkId());
          if (r == null) {
            continue;
          }
          long[] ms = {d.occupiedMs(), d.availableMs(), d.unavailableMs()};
          for (UtilizationRollup into : List.of(r, total)) {
            if (d.previous()) {
              add(into.previous(), ms);
            } else {
              add(into.current(), ms);
              if (d.day() != null) {
                add(into.days().computeIfAbsent(d.day(), k -> new long[3]), ms);
              }
            }
          }
        }
        return Optional.of(new Report<>(new ArrayList<>(byNetwork.values()), total));
      });
    });
  }

  /**
   * Uptime of the scope's networks (or only {@code networkId}): the live snapshot (online by the
   * one online rule, {@link ChargerLiveState}) and online time since registration.
   */
  public Future<Optional<Report<Uptime>>> uptime(Scope scope, UUID networkId) {
    Instant now = clock.instant();
    return queries.networks(scope, networkId).compose(networks -> {
      if (networkId != null && networks.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      List<UUID> ids = networks.stream().map(NetworkInfo::id).toList();
      Future<List<UptimeTotals>> totals = queries.uptime(ids, now);
      Future<List<FleetCharger>> chargers = queries.chargers(ids);
      // reported statuses parsed only of the online chargers; the stored connector statuses only of
      // the online ones that reported none (the snapshot's fallback)
      Future<Map<String, Map<String, JsonObject>>> online = chargers
          .compose(list -> live.onlineStatuses(list.stream().map(FleetCharger::chargePointId).toList()));
      Future<Map<String, List<String>>> stored = online.compose(states -> queries.storedConnectorStatuses(ids,
          states.entrySet().stream().filter(e -> reported(e.getValue()).isEmpty()).map(Map.Entry::getKey).toList()));
      return Future.all(totals, stored).map(v -> Optional.of(uptimeReport(networks, totals.result(),
          chargers.result(), online.result(), stored.result())));
    });
  }

  /** The statuses an online charger reported for its connectors (not connector 0). */
  private static List<String> reported(Map<String, JsonObject> reported) {
    List<String> statuses = new ArrayList<>();
    reported.forEach((field, value) -> {
      if (!"0".equals(field) && value != null) {
        statuses.add(value.getString("status"));
      }
    });
    return statuses;
  }

  private static Report<Uptime> uptimeReport(List<NetworkInfo> networks, List<UptimeTotals> totals,
      List<FleetCharger> chargers, Map<String, Map<String, JsonObject>> online, Map<String, List<String>> stored) {
    Map<UUID, int[]> counts = new HashMap<>();
    for (FleetCharger c : chargers) {
      int[] n = counts.computeIfAbsent(c.networkId(), k -> new int[3]);
      Map<String, JsonObject> state = online.get(c.chargePointId());
      if (state == null) {
        n[2]++;
        continue;
      }
      List<String> statuses = reported(state);
      if (statuses.isEmpty()) {
        statuses.addAll(stored.getOrDefault(c.chargePointId(), List.of()));
      }
      if (statuses.stream().anyMatch(CHARGING::contains)) {
        n[1]++;
      } else if (statuses.contains("Available") || (state.get("0") != null
          && "Available".equals(state.get("0").getString("status")))) {
        n[0]++;
      }
    }
    Map<UUID, UptimeTotals> byNetwork = new HashMap<>();
    totals.forEach(t -> byNetwork.put(t.networkId(), t));
    List<Uptime> out = new ArrayList<>();
    Uptime sum = new Uptime(null, 0, 0, 0, 0, 0, 0);
    for (NetworkInfo n : networks) {
      UptimeTotals t = byNetwork.get(n.id());
      int[] c = counts.getOrDefault(n.id(), new int[3]);
      Uptime u = new Uptime(n, t == null ? 0 : t.chargers(), c[0], c[1], c[2], t == null ? 0 : t.registeredSeconds(),
          t == null ? 0 : t.onlineSeconds());
      out.add(u);
      sum = sum.plus(u);
    }
    return new Report<>(out, sum);
  }

  // --- shared arithmetic ----------------------------------------------------------------------------

  /** Each network's window in its own days. */
  static List<NetworkWindow> windows(List<NetworkInfo> networks, Window w) {
    return networks.stream().map(n -> new NetworkWindow(n.id(), firstDay(w, n), lastDay(w, n))).toList();
  }

  static Double growth(double current, double previous) {
    if (previous == 0) {
      return current == 0 ? 0.0 : null;
    }
    return (current - previous) * 100.0 / previous;
  }

  static List<Point> timeline(Period period, LocalDate first, LocalDate last, Map<LocalDate, Double> values) {
    List<Point> out = new ArrayList<>();
    for (LocalDate b = period.bucket(first); !b.isAfter(last); b = period.next(b)) {
      out.add(new Point(b, values.getOrDefault(b, 0.0)));
    }
    return out;
  }

  /** The local day of {@code from} in the network's zone (UTC for a total). */
  static LocalDate firstDay(Window w, NetworkInfo n) {
    return w.from().atZone(StatusRollup.zone(n == null ? null : n.zone())).toLocalDate();
  }

  static LocalDate lastDay(Window w, NetworkInfo n) {
    return w.to().atZone(StatusRollup.zone(n == null ? null : n.zone())).toLocalDate();
  }

  private static void add(long[] into, long[] ms) {
    for (int i = 0; i < into.length; i++) {
      into[i] += ms[i];
    }
  }

  private static BigDecimal nz(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }
}
