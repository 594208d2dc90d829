package io.voltgate.api.cpms;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.store.pg.AnalyticsRollups;
import io.voltgate.store.query.AnalyticsQueries;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The monthly rollups (V27) answer exactly what the daily ones answer: windows of a Europe/Berlin
 * network that start and end inside months (so whole months come from the monthly rows, the edges
 * from the daily rows, a mostly covered month as its month minus the days left out), across the
 * spring DST change, with sessions at the local midnights around it. The expected figures are
 * computed here from the generated sessions (their local days by java.time), and each answer read
 * by month is compared with the same answer read by day.
 */
@Timeout(180)
class AnalyticsMonthRollupTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static ApiTestServer api;
  private static UUID net;
  private static String key;
  private static String emspKey;
  private static UUID edge;
  private static final Map<UUID, String> locationNames = new HashMap<>();
  private static final List<Generated> sessions = new ArrayList<>();

  /** A generated session with its CDR's total, energy and duration. */
  record Generated(Instant start, boolean failed, UUID location, BigDecimal total, BigDecimal kwh, long seconds) {
    LocalDate day() {
      return start.atZone(BERLIN).toLocalDate();
    }
  }

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    MoneyFixtures fx = new MoneyFixtures(api.pg);
    net = api.network("Month rollups");
    await(api.pg.preparedQuery("UPDATE networks SET settings = settings || '{\"timeZone\": \"Europe/Berlin\"}'::jsonb"
        + " WHERE id = $1").execute(Tuple.of(net)));
    key = api.key(List.of(net), List.of("cpms:analytics:read", "cpms:tariffs:read", "cpms:tariffs:write"));
    emspKey = api.emspKey(api.adminKey, net, new JsonObject().put("scopes", new JsonArray().add("emsp:analytics:read")));
    Result tariff = api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "M energy").put("energyRate", 0.37));
    assertEquals(201, tariff.status(), tariff.raw());
    assertEquals(201, api.post("/cpms/v1/tariffs/" + tariff.data().getString("id") + "/assign", key, new JsonObject())
        .status());
    UUID[] locations = new UUID[3];
    UUID[] chargers = new UUID[4];
    UUID[] connectors = new UUID[4];
    for (int i = 0; i < 3; i++) {
      String name = "Site " + (char) ('A' + i);
      locations[i] = fx.location(net, name, "Europe/Berlin");
      locationNames.put(locations[i], name);
      chargers[i] = fx.charger(net, locations[i]);
      connectors[i] = fx.connector(chargers[i], 1);
    }
    chargers[3] = fx.charger(net, null); // no location
    connectors[3] = fx.connector(chargers[3], 1);
    // a location with sessions only on 03-01 .. 03-04 (and in January): days a window from 03-05 leaves out
    edge = fx.location(net, "Edge", "Europe/Berlin");
    locationNames.put(edge, "Edge");
    UUID edgeCharger = fx.charger(net, edge);
    UUID edgeConnector = fx.connector(edgeCharger, 1);

    SessionBilling billing = new SessionBilling(api.pg);
    Random random = new Random(7);
    Instant base = Instant.parse("2026-01-10T00:00:00Z");
    List<Instant> starts = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      starts.add(base.plus(Duration.ofMinutes(random.nextInt(140 * 24 * 60))));
    }
    // local midnights at month edges and around the DST change (2026-03-29 02:00 CET -> 03:00 CEST)
    for (String t : List.of("2026-02-28T22:59:00Z", "2026-02-28T23:00:00Z", "2026-03-04T22:59:00Z",
        "2026-03-04T23:00:00Z", "2026-03-19T22:59:00Z", "2026-03-19T23:00:00Z", "2026-03-28T22:59:00Z",
        "2026-03-28T23:00:00Z", "2026-03-29T01:30:00Z", "2026-03-29T21:59:00Z", "2026-03-29T22:00:00Z",
        "2026-03-31T21:59:00Z", "2026-03-31T22:00:00Z", "2026-04-27T21:59:00Z", "2026-04-27T22:00:00Z",
        "2026-04-30T21:59:00Z", "2026-04-30T22:00:00Z", "2026-05-12T21:59:00Z", "2026-05-12T22:00:00Z")) {
      starts.add(Instant.parse(t));
    }
    for (int i = 0; i < starts.size(); i++) {
      int at = i % 4;
      sessions.add(session(fx, billing, chargers[at], connectors[at], at < 3 ? locations[at] : null, starts.get(i),
          5 + random.nextInt(115), 1000 + random.nextInt(39_000), i % 9 == 4));
    }
    for (String t : List.of("2026-03-01T10:00:00Z", "2026-03-04T22:30:00Z", "2026-01-15T12:00:00Z")) {
      sessions.add(session(fx, billing, edgeCharger, edgeConnector, edge, Instant.parse(t), 40, 12_345, false));
    }
  }

  private static Generated session(MoneyFixtures fx, SessionBilling billing, UUID charger, UUID connector,
      UUID location, Instant start, int minutes, long wh, boolean failed) {
    UUID id = fx.completed(net, charger, connector, start, minutes, "0", Long.toString(wh));
    if (failed) {
      await(api.pg.preparedQuery("UPDATE charging_sessions SET stop_reason = 'PowerLoss' WHERE id = $1")
          .execute(Tuple.of(id)));
    }
    assertEquals(SessionBilling.Outcome.PRICED, await(billing.bill(id)));
    Row cdr = await(api.pg.preparedQuery("SELECT total, energy_kwh, duration_seconds FROM transactions"
        + " WHERE session_id = $1").execute(Tuple.of(id))).iterator().next();
    return new Generated(start, failed, location, cdr.getBigDecimal("total"), cdr.getBigDecimal("energy_kwh"),
        cdr.getLong("duration_seconds"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  // --- expected figures, computed here -------------------------------------------------------------

  private static List<Generated> in(LocalDate first, LocalDate last) {
    return sessions.stream().filter(s -> !s.day().isBefore(first) && !s.day().isAfter(last)).toList();
  }

  private static BigDecimal revenue(List<Generated> list) {
    return list.stream().map(Generated::total).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal kwh(List<Generated> list) {
    return list.stream().map(Generated::kwh).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static double r2(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  private static double r2(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  private static double r1(double v) {
    return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).doubleValue();
  }

  private static Double growth(double current, double previous) {
    return previous == 0 ? (current == 0 ? 0.0 : null) : r2((current - previous) * 100.0 / previous);
  }

  private static String query(LocalDate first, LocalDate last, String period) {
    // the window as instants: the first local midnight and the last local second, in the network's zone
    return "?period=" + period + "&from=" + first.atStartOfDay(BERLIN).toInstant() + "&to="
        + last.plusDays(1).atStartOfDay(BERLIN).toInstant().minusSeconds(1);
  }

  private static JsonObject ok(String path, String k) {
    Result r = api.get(path, k);
    assertEquals(200, r.status(), path + ": " + r.raw());
    return r.data();
  }

  /** Sums of the sessions by month of their local day, within first..last. */
  private static TreeMap<LocalDate, List<Generated>> byMonth(LocalDate first, LocalDate last) {
    TreeMap<LocalDate, List<Generated>> out = new TreeMap<>();
    for (LocalDate m = first.withDayOfMonth(1); !m.isAfter(last); m = m.plusMonths(1)) {
      out.put(m, new ArrayList<>());
    }
    in(first, last).forEach(s -> out.get(s.day().withDayOfMonth(1)).add(s));
    return out;
  }

  private static void assertMonthTimeline(JsonArray timeline, LocalDate first, LocalDate last,
      Function<List<Generated>, Double> value) {
    TreeMap<LocalDate, List<Generated>> months = byMonth(first, last);
    assertEquals(months.size(), timeline.size(), timeline.encode());
    int i = 0;
    for (Map.Entry<LocalDate, List<Generated>> m : months.entrySet()) {
      JsonObject point = timeline.getJsonObject(i++);
      assertEquals(m.getKey() + "T00:00:00Z", point.getString("date"));
      assertEquals(value.apply(m.getValue()), point.getDouble("value"), 0.0, "month " + m.getKey());
    }
  }

  /** The day timeline summed by month equals the month timeline, point by point. */
  private static void assertDaysAddUpToMonths(JsonArray days, JsonArray months) {
    Map<String, BigDecimal> sums = new TreeMap<>();
    for (int i = 0; i < days.size(); i++) {
      JsonObject p = days.getJsonObject(i);
      sums.merge(p.getString("date").substring(0, 8) + "01T00:00:00Z", new BigDecimal(p.getValue("value").toString()),
          BigDecimal::add);
    }
    assertEquals(sums.size(), months.size());
    for (int i = 0; i < months.size(); i++) {
      JsonObject p = months.getJsonObject(i);
      // each day is rounded to cents on its own: the sum of the rounded days is within half a cent a day
      assertEquals(sums.get(p.getString("date")).doubleValue(), p.getDouble("value"), 0.005 * 31 + 1e-9,
          p.getString("date"));
    }
  }

  // --- the windows -------------------------------------------------------------------------------

  /** 03-20 .. 05-12: a partial March (with the DST change) and May by day, April whole; previous 01-26 .. 03-19. */
  private static final LocalDate W1_FIRST = LocalDate.of(2026, 3, 20);
  private static final LocalDate W1_LAST = LocalDate.of(2026, 5, 12);
  /** 03-05 .. 04-27: March read as the month minus 03-01 .. 03-04, April as the month minus 04-28 .. 04-30. */
  private static final LocalDate W2_FIRST = LocalDate.of(2026, 3, 5);
  private static final LocalDate W2_LAST = LocalDate.of(2026, 4, 27);

  @Test
  void theWindowsReadMonthsAndSubtractedEdges() {
    // the spans this test relies on (the decomposition itself is pure)
    List<AnalyticsQueries.Span> w2 = AnalyticsQueries.spans(W2_FIRST, W2_LAST, true);
    assertTrue(w2.stream().anyMatch(s -> s.months() && s.from().equals(LocalDate.of(2026, 3, 1))), w2.toString());
    assertTrue(w2.stream().anyMatch(s -> !s.months() && s.subtract() && s.to().equals(LocalDate.of(2026, 3, 4))),
        w2.toString());
    long n = ChronoUnit.DAYS.between(W1_FIRST, W1_LAST) + 1;
    List<AnalyticsQueries.Span> previous = AnalyticsQueries.spans(W1_FIRST.minusDays(n), W1_FIRST.minusDays(1), true);
    assertTrue(previous.stream().anyMatch(AnalyticsQueries.Span::subtract), previous.toString());
    // and every day of a range counted once, for every window of up to 100 days in a year
    for (LocalDate a = LocalDate.of(2026, 1, 1); a.isBefore(LocalDate.of(2027, 1, 1)); a = a.plusDays(3)) {
      for (int len = 1; len <= 100; len += 7) {
        LocalDate b = a.plusDays(len - 1);
        Map<LocalDate, Integer> count = new HashMap<>();
        for (AnalyticsQueries.Span s : AnalyticsQueries.spans(a, b, true)) {
          LocalDate end = s.months() ? s.to().plusMonths(1).minusDays(1) : s.to();
          for (LocalDate d = s.from(); !d.isAfter(end); d = d.plusDays(1)) {
            count.merge(d, s.subtract() ? -1 : 1, Integer::sum);
          }
        }
        for (LocalDate d = a.minusDays(40); d.isBefore(b.plusDays(40)); d = d.plusDays(1)) {
          int expected = d.isBefore(a) || d.isAfter(b) ? 0 : 1;
          assertEquals(expected, count.getOrDefault(d, 0), a + ".." + b + " day " + d);
        }
      }
    }
  }

  @Test
  void revenueByMonthEqualsTheSessionsAndTheDayAnswerAcrossPartialMonthsAndTheDstChange() {
    for (LocalDate[] w : List.of(new LocalDate[] {W1_FIRST, W1_LAST}, new LocalDate[] {W2_FIRST, W2_LAST})) {
      LocalDate first = w[0];
      LocalDate last = w[1];
      long n = ChronoUnit.DAYS.between(first, last) + 1;
      List<Generated> current = in(first, last);
      List<Generated> previous = in(first.minusDays(n), first.minusDays(1));
      assertTrue(current.size() > 20 && previous.size() > 10, "the generated set covers both windows");
      JsonObject month = ok("/emsp/v1/analytics/revenue" + query(first, last, "month"), emspKey);
      JsonObject day = ok("/emsp/v1/analytics/revenue" + query(first, last, "day"), emspKey);

      BigDecimal total = revenue(current);
      assertEquals(r2(total), month.getDouble("totalRevenue"), 0.0);
      assertEquals(r2(total.doubleValue() / current.size()), month.getDouble("averagePerSession"), 0.0);
      assertEquals(growth(total.doubleValue(), revenue(previous).doubleValue()), month.getDouble("growthPercentage"));
      assertMonthTimeline(month.getJsonArray("timeline"), first, last, l -> r2(revenue(l)));

      // revenue by location: sums, names, shares, largest first; "Edge" only when it has sessions in the window
      Map<UUID, List<Generated>> byLocation = new HashMap<>();
      current.forEach(s -> byLocation.computeIfAbsent(s.location(), k -> new ArrayList<>()).add(s));
      List<Map.Entry<UUID, List<Generated>>> expected = new ArrayList<>(byLocation.entrySet());
      expected.sort(Comparator.comparing((Map.Entry<UUID, List<Generated>> e) -> revenue(e.getValue())).reversed());
      JsonArray shares = month.getJsonArray("revenueByLocation");
      assertEquals(expected.size(), shares.size(), shares.encode());
      for (int i = 0; i < shares.size(); i++) {
        JsonObject share = shares.getJsonObject(i);
        Map.Entry<UUID, List<Generated>> e = expected.get(i);
        assertEquals(e.getKey() == null ? null : e.getKey().toString(), share.getString("locationId"));
        assertEquals(e.getKey() == null ? "(no location)" : locationNames.get(e.getKey()), share.getString("name"));
        BigDecimal v = revenue(e.getValue());
        assertEquals(r2(v), share.getDouble("value"), 0.0);
        assertEquals(r1(v.doubleValue() * 100.0 / total.doubleValue()), share.getDouble("percentage"), 0.0);
      }
      boolean edgeInWindow = current.stream().anyMatch(s -> edge.equals(s.location()));
      assertEquals(edgeInWindow, shares.stream().map(o -> ((JsonObject) o).getString("locationId"))
          .anyMatch(edge.toString()::equals), "Edge listed only with sessions in the window");

      // the same figures read by day
      for (String field : List.of("totalRevenue", "averagePerSession", "growthPercentage", "currency",
          "revenueByLocation", "fromDate", "toDate")) {
        assertEquals(day.getValue(field), month.getValue(field), field);
      }
      assertDaysAddUpToMonths(day.getJsonArray("timeline"), month.getJsonArray("timeline"));
    }
    // W2's March is read as the month minus 03-01 .. 03-04: Edge's sessions there are not in the window
    assertFalse(in(W2_FIRST, W2_LAST).stream().anyMatch(s -> edge.equals(s.location())));
    assertTrue(in(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 4)).stream().anyMatch(s -> edge.equals(s.location())));
  }

  @Test
  void sessionsEnergyAndKpisByMonthEqualTheSessionsAndTheDayAnswer() {
    for (LocalDate[] w : List.of(new LocalDate[] {W1_FIRST, W1_LAST}, new LocalDate[] {W2_FIRST, W2_LAST})) {
      LocalDate first = w[0];
      LocalDate last = w[1];
      long n = ChronoUnit.DAYS.between(first, last) + 1;
      List<Generated> current = in(first, last);
      List<Generated> previous = in(first.minusDays(n), first.minusDays(1));
      long failed = current.stream().filter(Generated::failed).count();

      JsonObject sessionsByMonth = ok("/cpms/v1/analytics/sessions" + query(first, last, "month"), key);
      JsonObject sessionsByDay = ok("/cpms/v1/analytics/sessions" + query(first, last, "day"), key);
      JsonObject rollup = sessionsByMonth.getJsonObject("total");
      assertEquals(current.size(), sessionsByMonth.getInteger("totalSessions"));
      assertEquals(failed, rollup.getLong("failedSessions"));
      assertEquals(current.size() - failed, rollup.getLong("completedSessions"));
      assertEquals(r2(current.stream().mapToLong(Generated::seconds).sum() / 60.0 / current.size()),
          rollup.getDouble("averageSessionDurationMinutes"), 0.0);
      assertEquals(growth(current.size(), previous.size()), rollup.getDouble("growthPercentage"));
      assertMonthTimeline(rollup.getJsonArray("timeline"), first, last, l -> (double) l.size());
      for (String field : List.of("totalSessions", "completedSessions", "failedSessions",
          "averageSessionDurationMinutes", "averageEnergyPerSessionKwh", "growthPercentage")) {
        assertEquals(sessionsByDay.getJsonObject("total").getValue(field), rollup.getValue(field), field);
      }
      assertDaysAddUpToMonths(sessionsByDay.getJsonObject("total").getJsonArray("timeline"), rollup.getJsonArray("timeline"));

      JsonObject energy = ok("/emsp/v1/analytics/energy" + query(first, last, "month"), emspKey);
      assertEquals(r2(kwh(current)), energy.getDouble("totalEnergyKwh"), 0.0);
      assertEquals(growth(kwh(current).doubleValue(), kwh(previous).doubleValue()), energy.getDouble("growthPercentage"));
      assertMonthTimeline(energy.getJsonArray("timeline"), first, last, l -> r2(kwh(l)));
      TreeMap<LocalDate, BigDecimal> energyByDay = new TreeMap<>();
      current.forEach(s -> energyByDay.merge(s.day(), s.kwh(), BigDecimal::add));
      Map.Entry<LocalDate, BigDecimal> peak = null;
      for (Map.Entry<LocalDate, BigDecimal> e : energyByDay.entrySet()) {
        peak = peak == null || e.getValue().compareTo(peak.getValue()) > 0 ? e : peak;
      }
      assertEquals(peak.getKey() + "T00:00:00Z", energy.getString("peakDayDate"));
      assertEquals(r2(peak.getValue()), energy.getDouble("peakDayKwh"), 0.0);

      JsonObject kpis = ok("/cpms/v1/analytics/kpis?from=" + first.atStartOfDay(BERLIN).toInstant() + "&to="
          + last.plusDays(1).atStartOfDay(BERLIN).toInstant().minusSeconds(1), key);
      assertEquals(current.size(), kpis.getInteger("totalSessions"));
      assertEquals(r2(kwh(current)), kpis.getDouble("totalEnergyKwh"), 0.0);
      assertEquals(r2(revenue(current)), kpis.getDouble("totalRevenue"), 0.0);
      assertEquals(failed, kpis.getLong("failedSessions"));
      assertEquals(r1(current.stream().mapToLong(Generated::seconds).sum() / 60.0 / current.size()),
          kpis.getDouble("avgDurationMinutes"), 0.0);
    }
  }

  @Test
  void utilizationByMonthEqualsTheDaysItWasWrittenFrom() {
    // connector time written through the job's write path (days and their months in one transaction)
    Random random = new Random(11);
    TreeMap<LocalDate, long[]> written = new TreeMap<>();
    List<AnalyticsRollups.UtilizationDay> days = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 1, 20); d.isBefore(LocalDate.of(2026, 5, 20)); d = d.plusDays(1)) {
      long hours = d.equals(LocalDate.of(2026, 3, 29)) ? 23 : 24; // the DST day is 23 hours long in Berlin
      long occupied = random.nextInt((int) hours * 3_600_000);
      long available = random.nextInt((int) (hours * 3_600_000 - occupied));
      long unavailable = hours * 3_600_000 - occupied - available;
      written.put(d, new long[] {occupied, available, unavailable});
      days.add(new AnalyticsRollups.UtilizationDay(net, d, occupied, available, unavailable));
    }
    await(api.pg.withTransaction(conn -> conn.query("SELECT last_id FROM analytics_watermarks WHERE name = 'status'"
            + " FOR UPDATE").execute()
        .compose(rows -> AnalyticsRollups.writeStatusBatch(conn, days, List.of(),
            rows.iterator().next().getLong("last_id")))));
    for (LocalDate[] w : List.of(new LocalDate[] {W1_FIRST, W1_LAST}, new LocalDate[] {W2_FIRST, W2_LAST})) {
      LocalDate first = w[0];
      LocalDate last = w[1];
      long n = ChronoUnit.DAYS.between(first, last) + 1;
      long[] current = sum(written, first, last);
      long[] previous = sum(written, first.minusDays(n), first.minusDays(1));
      JsonObject month = ok("/cpms/v1/analytics/utilization" + query(first, last, "month"), key);
      JsonObject day = ok("/cpms/v1/analytics/utilization" + query(first, last, "day"), key);
      JsonObject rollup = month.getJsonObject("total");
      assertEquals(r2(current[0] * 100.0 / (current[0] + current[1])), rollup.getDouble("utilizationPercent"), 0.0);
      assertEquals(r2(current[0] / 3_600_000.0), rollup.getDouble("occupiedHours"), 0.0);
      assertEquals(r2(current[1] / 3_600_000.0), rollup.getDouble("availableHours"), 0.0);
      assertEquals(r2(current[2] / 3_600_000.0), rollup.getDouble("unavailableHours"), 0.0);
      double now = current[0] * 100.0 / (current[0] + current[1]);
      double before = previous[0] * 100.0 / (previous[0] + previous[1]);
      assertEquals(r2((now - before) * 100.0 / before), rollup.getDouble("growthPercentage"), 0.0);
      JsonArray timeline = rollup.getJsonArray("timeline");
      int i = 0;
      for (LocalDate m = first.withDayOfMonth(1); !m.isAfter(last); m = m.plusMonths(1)) {
        long[] ms = sum(written, m.isBefore(first) ? first : m, m.plusMonths(1).minusDays(1).isAfter(last) ? last
            : m.plusMonths(1).minusDays(1));
        JsonObject point = timeline.getJsonObject(i++);
        assertEquals(m + "T00:00:00Z", point.getString("date"));
        assertEquals(r2(ms[0] * 100.0 / (ms[0] + ms[1])), point.getDouble("value"), 0.0, m.toString());
      }
      assertEquals(i, timeline.size());
      for (String field : List.of("utilizationPercent", "occupiedHours", "availableHours", "unavailableHours",
          "growthPercentage")) {
        assertEquals(day.getJsonObject("total").getValue(field), rollup.getValue(field), field);
      }
      assertEquals(day.getValue("averageUtilization"), month.getValue("averageUtilization"));
    }
  }

  private static long[] sum(Map<LocalDate, long[]> days, LocalDate first, LocalDate last) {
    long[] out = new long[3];
    days.forEach((d, ms) -> {
      if (!d.isBefore(first) && !d.isAfter(last)) {
        for (int i = 0; i < 3; i++) {
          out[i] += ms[i];
        }
      }
    });
    return out;
  }

  @Test
  void eachMonthRowIsTheSumOfItsDaysAfterBillingAndAfterTheRebuild() {
    String sessionMonths = "SELECT month, sessions, failed, duration_seconds, energy_kwh, revenue"
        + " FROM analytics_session_months WHERE network_id = $1 ORDER BY month";
    String sessionDaysByMonth = "SELECT date_trunc('month', day::timestamp)::date AS month, sum(sessions) AS sessions,"
        + " sum(failed) AS failed, sum(duration_seconds) AS duration_seconds, sum(energy_kwh) AS energy_kwh,"
        + " sum(revenue) AS revenue FROM analytics_session_days WHERE network_id = $1 GROUP BY 1 ORDER BY 1";
    String locationMonths = "SELECT month, location_id, sessions, energy_kwh, revenue FROM analytics_location_months"
        + " WHERE network_id = $1 ORDER BY month, location_id";
    String locationDaysByMonth = "SELECT date_trunc('month', day::timestamp)::date AS month, location_id,"
        + " sum(sessions) AS sessions, sum(energy_kwh) AS energy_kwh, sum(revenue) AS revenue"
        + " FROM analytics_location_days WHERE network_id = $1 GROUP BY 1, 2 ORDER BY 1, 2";
    List<String> billed = rows(sessionMonths);
    List<String> billedLocations = rows(locationMonths);
    assertEquals(rows(sessionDaysByMonth), billed);
    assertEquals(rows(locationDaysByMonth), billedLocations);
    // and by the sessions themselves: the months of their local days
    TreeMap<LocalDate, Long> counts = new TreeMap<>();
    sessions.forEach(s -> counts.merge(s.day().withDayOfMonth(1), 1L, Long::sum));
    assertEquals(counts.size(), billed.size());
    int i = 0;
    for (Map.Entry<LocalDate, Long> e : counts.entrySet()) {
      assertTrue(billed.get(i++).startsWith(e.getKey() + "|" + e.getValue() + "|"), billed.toString());
    }
    await(AnalyticsRollups.rebuildSessions(api.pg));
    assertEquals(billed, rows(sessionMonths));
    assertEquals(billedLocations, rows(locationMonths));
    Row any = await(api.pg.preparedQuery("SELECT count(*) AS n FROM analytics_location_months WHERE network_id = $1"
        + " AND location_id = $2").execute(Tuple.of(net, edge))).iterator().next();
    assertEquals(2, any.getLong("n")); // January and March
  }

  private static List<String> rows(String sql) {
    List<String> out = new ArrayList<>();
    for (Row r : await(api.pg.preparedQuery(sql).execute(Tuple.of(net)))) {
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < r.size(); c++) {
        Object v = r.getValue(c);
        b.append(c == 0 ? "" : "|").append(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v);
      }
      out.add(b.toString());
    }
    return out;
  }
}
