package io.voltgate.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.services.analytics.AnalyticsReports.LocationShare;
import io.voltgate.services.analytics.AnalyticsReports.Period;
import io.voltgate.services.analytics.AnalyticsReports.Point;
import io.voltgate.services.analytics.AnalyticsReports.SessionRollup;
import io.voltgate.services.analytics.AnalyticsReports.Sums;
import io.voltgate.services.analytics.AnalyticsReports.Uptime;
import io.voltgate.services.analytics.AnalyticsReports.UtilizationRollup;
import io.voltgate.services.analytics.AnalyticsReports.Window;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The analytics parameters and objects both families' seeds share (docs/analytics.md): the window
 * ({@code from}, {@code to}, {@code period}) and the rollup objects of sessions, revenue, energy and
 * utilization, each with its timeline of {@code {date, value, label}}; the operator API nests them per
 * network, the driver API's back ends get the total of their networks.
 */
public final class AnalyticsReplies {

  /** The default window: the 30 days before {@code to}. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  /** The longest window a request may ask for. */
  public static final Duration MAX_WINDOW = Duration.ofDays(731);

  private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
  private static final DateTimeFormatter MONTH_LABEL = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

  private AnalyticsReplies() {
  }

  /**
   * {@code from}, {@code to} (ISO-8601; {@code fromDate}/{@code toDate} are taken as well) and
   * {@code period} (day, week, month; default day); to defaults to now and from to 30 days before
   * to. 400 naming the parameter when malformed, from after to, or the window longer than 731 days.
   */
  public static Window window(RoutingContext ctx, Clock clock, boolean withPeriod) {
    Instant from = first(Params.queryTime(ctx, "from"), Params.queryTime(ctx, "fromDate"));
    Instant to = first(Params.queryTime(ctx, "to"), Params.queryTime(ctx, "toDate"));
    String period = withPeriod ? Params.queryEnum(ctx, "period", Set.of("day", "week", "month")) : null;
    if (to == null) {
      to = clock.instant();
    }
    if (from == null) {
      from = to.minus(DEFAULT_WINDOW);
    }
    if (from.isAfter(to)) {
      throw ApiException.badRequest("to", "to must not be before from");
    }
    if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
      throw ApiException.badRequest("from", "the window from..to must not be longer than " + MAX_WINDOW.toDays() + " days");
    }
    return new Window(from, to, period == null ? Period.DAY : Period.valueOf(period.toUpperCase(Locale.ROOT)));
  }

  private static Instant first(Instant a, Instant b) {
    return a != null ? a : b;
  }

  /** The session figures as the driver API's {@code /analytics/sessions} writes them. */
  public static JsonObject sessions(SessionRollup r, Window w) {
    return new JsonObject()
        .put("totalSessions", r.current().sessions())
        .put("completedSessions", r.current().completed())
        .put("failedSessions", r.current().failed())
        .put("averageSessionDurationMinutes", round(r.averageDurationMinutes(), 2))
        .put("averageEnergyPerSessionKwh", round(r.averageEnergyKwh(), 2))
        .put("growthPercentage", round(r.growth(s -> s.sessions()), 2))
        .put("period", w.period().wire())
        .put("fromDate", w.from().toString())
        .put("toDate", w.to().toString())
        .put("timeline", timeline(r.timeline(w.period(), s -> s.sessions()), w.period()));
  }

  /** The revenue figures as the driver API's {@code /analytics/revenue} writes them. */
  public static JsonObject revenue(SessionRollup r, Window w) {
    JsonArray byLocation = new JsonArray();
    for (LocationShare l : r.revenueByLocation()) {
      byLocation.add(new JsonObject().put("locationId", l.locationId() == null ? null : l.locationId().toString())
          .put("name", l.name()).put("value", round(l.revenue(), 2)).put("percentage", round(l.percentage(), 1)));
    }
    return new JsonObject()
        .put("totalRevenue", round(r.current().revenue().doubleValue(), 2))
        .put("averagePerSession", round(r.averageRevenue(), 2))
        .put("currency", r.currency())
        .put("growthPercentage", round(r.growth(s -> s.revenue().doubleValue()), 2))
        .put("period", w.period().wire())
        .put("fromDate", w.from().toString())
        .put("toDate", w.to().toString())
        .put("timeline", timeline(r.timeline(w.period(), s -> s.revenue().doubleValue()), w.period()))
        .put("revenueByLocation", byLocation);
  }

  /** The energy figures as the driver API's {@code /analytics/energy} writes them. */
  public static JsonObject energy(SessionRollup r, Window w) {
    var peak = r.peakEnergyDay();
    return new JsonObject()
        .put("totalEnergyKwh", round(r.current().energyKwh().doubleValue(), 2))
        .put("averagePerSessionKwh", round(r.averageEnergyKwh(), 2))
        .put("peakDayKwh", peak.map(e -> round(e.getValue(), 2)).orElse(null))
        .put("peakDayDate", peak.map(e -> date(e.getKey())).orElse(null))
        .put("growthPercentage", round(r.growth(s -> s.energyKwh().doubleValue()), 2))
        .put("period", w.period().wire())
        .put("fromDate", w.from().toString())
        .put("toDate", w.to().toString())
        .put("timeline", timeline(r.timeline(w.period(), s -> s.energyKwh().doubleValue()), w.period()));
  }

  /** Connector utilization: occupied time ÷ in-service time, in percent. */
  public static JsonObject utilization(UtilizationRollup r, Window w) {
    return new JsonObject()
        .put("utilizationPercent", round(r.utilization(), 2))
        .put("occupiedHours", round(r.current()[0] / 3_600_000.0, 2))
        .put("availableHours", round(r.current()[1] / 3_600_000.0, 2))
        .put("unavailableHours", round(r.current()[2] / 3_600_000.0, 2))
        .put("growthPercentage", round(r.growth(), 2))
        .put("period", w.period().wire())
        .put("fromDate", w.from().toString())
        .put("toDate", w.to().toString())
        .put("timeline", timeline(r.timeline(w.period()), w.period()));
  }

  /** A network's (or the total's) uptime: the seed's snapshot plus online time since registration. */
  public static JsonObject uptime(Uptime u) {
    return new JsonObject()
        .put("totalChargers", u.totalChargers())
        .put("available", u.available())
        .put("charging", u.charging())
        .put("offline", u.offline())
        .put("onlineTimePercent", round(u.onlineTimePercent(), 1));
  }

  /** {@code part} of {@code total} in percent, 1 decimal; 0 when total is 0. */
  public static double percent(int part, int total) {
    return total == 0 ? 0 : round(part * 100.0 / total, 1);
  }

  /** The KPI figures of the operator seed. */
  public static JsonObject kpis(SessionRollup r, Window w, int networkCount) {
    Sums s = r.current();
    return new JsonObject().put("metric", "kpis").put("from", w.from().toString()).put("to", w.to().toString())
        .put("totalSessions", s.sessions())
        .put("totalEnergyKwh", round(s.energyKwh().doubleValue(), 2))
        .put("totalRevenue", round(s.revenue().doubleValue(), 2))
        .put("currency", r.currency())
        .put("avgDurationMinutes", s.sessions() == 0 ? null : round(r.averageDurationMinutes(), 1))
        .put("completedSessions", s.completed())
        .put("failedSessions", s.failed())
        .put("networkCount", networkCount);
  }

  static JsonArray timeline(List<Point> points, Period period) {
    JsonArray out = new JsonArray();
    for (Point p : points) {
      out.add(new JsonObject().put("date", date(p.date())).put("value", round(p.value(), 2))
          .put("label", label(p.date(), period)));
    }
    return out;
  }

  /** A calendar day as the seeds write it: its midnight in UTC notation. */
  public static String date(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
  }

  static String label(LocalDate day, Period period) {
    return switch (period) {
      case DAY -> DAY_LABEL.format(day);
      case WEEK -> "Week of " + DAY_LABEL.format(day);
      case MONTH -> MONTH_LABEL.format(day);
    };
  }

  public static double round(double v, int places) {
    return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
  }

  public static Double round(Double v, int places) {
    return v == null ? null : round(v.doubleValue(), places);
  }
}
