package io.voltgate.api.cpms;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import io.voltgate.services.analytics.AnalyticsVerticle;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.store.redis.RedisKeys;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The analytics endpoints of both families on a generated data set whose expected figures are
 * computed here, from the generated sessions, status reports and connection events: days in the
 * network's time zone across the spring DST change of Europe/Berlin, growth against the previous
 * window, utilization from a known status history, uptime from a known connection history, another
 * network never counted and its id answered 404, bad parameters answered 400 in the error shape.
 */
@Timeout(120)
class AnalyticsApiTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  /** Local days 2026-03-23 .. 2026-03-29 in Berlin (DST starts on the 29th); previous: 03-16 .. 03-22. */
  private static final String FROM = "2026-03-23T00:00:00%2B01:00";
  private static final String TO = "2026-03-29T23:59:59%2B02:00";
  private static final LocalDate FIRST = LocalDate.of(2026, 3, 23);
  private static final LocalDate LAST = LocalDate.of(2026, 3, 29);

  private static ApiTestServer api;
  private static UUID a;
  private static UUID b;
  private static String aKey;
  private static String abKey;
  private static String aEmspKey;
  private static UUID aCharger;
  private static UUID bCharger;
  private static final List<Generated> aSessions = new ArrayList<>();
  private static final List<Generated> bSessions = new ArrayList<>();

  /** A generated session with what the test expects of it. */
  record Generated(UUID id, Instant start, int minutes, long wh, boolean failed, UUID location, BigDecimal total) {
  }

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    MoneyFixtures fx = new MoneyFixtures(api.pg);
    a = api.network("Analytics A");
    b = api.network("Analytics B");
    await(api.pg.preparedQuery("UPDATE networks SET settings = settings || '{\"timeZone\": \"Europe/Berlin\"}'::jsonb"
        + " WHERE id = $1").execute(Tuple.of(a)));
    aKey = api.key(List.of(a), List.of("cpms:analytics:read", "cpms:tariffs:read", "cpms:tariffs:write"));
    abKey = api.key(List.of(a, b), List.of("cpms:analytics:read"));
    aEmspKey = api.emspKey(api.adminKey, a, new JsonObject().put("scopes", new JsonArray().add("emsp:analytics:read")));
    Result tariff = api.post("/cpms/v1/tariffs", aKey, new JsonObject().put("name", "A energy").put("energyRate", 0.40));
    assertEquals(201, tariff.status(), tariff.raw());
    assertEquals(201, api.post("/cpms/v1/tariffs/" + tariff.data().getString("id") + "/assign", aKey, new JsonObject())
        .status());
    UUID mall = fx.location(a, "Mall", "Europe/Berlin");
    UUID depot = fx.location(a, "Depot", "Europe/Berlin");
    aCharger = fx.charger(a, mall);
    UUID aConnector = fx.connector(aCharger, 1);
    UUID aCharger2 = fx.charger(a, depot);
    UUID aConnector2 = fx.connector(aCharger2, 1);
    bCharger = fx.charger(b, fx.location(b, "B site", "UTC"));
    UUID bConnector = fx.connector(bCharger, 1);

    SessionBilling billing = new SessionBilling(api.pg);
    Random random = new Random(42);
    Instant base = Instant.parse("2026-03-14T00:00:00Z");
    List<Instant> starts = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      starts.add(base.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60))));
    }
    // the edges: around local midnight before and after the DST change, and at the window's edges
    for (String t : List.of("2026-03-28T23:30:00Z", "2026-03-29T22:30:00Z", "2026-03-29T21:59:00Z",
        "2026-03-22T22:59:00Z", "2026-03-22T23:00:00Z", "2026-03-28T22:59:00Z")) {
      starts.add(Instant.parse(t));
    }
    for (int i = 0; i < starts.size(); i++) {
      boolean atMall = i % 3 != 0;
      aSessions.add(session(fx, billing, a, atMall ? aCharger : aCharger2, atMall ? aConnector : aConnector2,
          atMall ? mall : depot, starts.get(i), 5 + random.nextInt(115), 1000 + random.nextInt(39_000), i % 7 == 3));
    }
    for (int i = 0; i < 25; i++) {
      bSessions.add(session(fx, billing, b, bCharger, bConnector, null,
          base.plus(Duration.ofMinutes(random.nextInt(20 * 24 * 60))), 30, 50_000, false));
    }
  }

  private static Generated session(MoneyFixtures fx, SessionBilling billing, UUID network, UUID charger, UUID connector,
      UUID location, Instant start, int minutes, long wh, boolean failed) {
    UUID id = fx.completed(network, charger, connector, start, minutes, "0", Long.toString(wh));
    if (failed) {
      await(api.pg.preparedQuery("UPDATE charging_sessions SET stop_reason = 'PowerLoss' WHERE id = $1").execute(Tuple.of(id)));
    }
    assertEquals(SessionBilling.Outcome.PRICED, await(billing.bill(id)));
    BigDecimal total = await(api.pg.preparedQuery("SELECT total FROM transactions WHERE session_id = $1")
        .execute(Tuple.of(id))).iterator().next().getBigDecimal("total");
    return new Generated(id, start, minutes, wh, failed, location, total);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  // --- expected figures, from the generated sessions ----------------------------------------------

  private static LocalDate day(Generated s, ZoneId zone) {
    return s.start().atZone(zone).toLocalDate();
  }

  private static List<Generated> in(List<Generated> all, ZoneId zone, LocalDate first, LocalDate last) {
    return all.stream().filter(s -> !day(s, zone).isBefore(first) && !day(s, zone).isAfter(last)).toList();
  }

  private static double kwh(List<Generated> list) {
    return list.stream().mapToLong(Generated::wh).sum() / 1000.0;
  }

  private static double revenue(List<Generated> list) {
    return list.stream().map(Generated::total).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue();
  }

  private static void near(double expected, Object actual, String what) {
    assertNotNull(actual, what);
    assertEquals(expected, ((Number) actual).doubleValue(), 0.0051, what);
  }

  private static JsonObject ok(String path, String key) {
    Result r = api.get(path, key);
    assertEquals(200, r.status(), path + ": " + r.raw());
    return r.data();
  }

  // --- sessions, energy, revenue ------------------------------------------------------------------

  @Test
  void sessionFiguresCountLocalDaysAcrossTheDstChangeAndGrowAgainstThePreviousWindow() {
    List<Generated> current = in(aSessions, BERLIN, FIRST, LAST);
    List<Generated> previous = in(aSessions, BERLIN, FIRST.minusDays(7), LAST.minusDays(7));
    assertTrue(current.size() > 10 && previous.size() > 10, "the generated set covers both windows");
    JsonObject d = ok("/emsp/v1/analytics/sessions?from=" + FROM + "&to=" + TO, aEmspKey);
    long failed = current.stream().filter(Generated::failed).count();
    assertEquals(current.size(), d.getInteger("totalSessions"));
    assertEquals(failed, d.getLong("failedSessions"));
    assertEquals(current.size() - failed, d.getLong("completedSessions"));
    near(current.stream().mapToInt(Generated::minutes).average().orElse(0), d.getValue("averageSessionDurationMinutes"),
        "average duration");
    near(kwh(current) / current.size(), d.getValue("averageEnergyPerSessionKwh"), "average energy");
    near((current.size() - previous.size()) * 100.0 / previous.size(), d.getValue("growthPercentage"), "growth");
    assertEquals("day", d.getString("period"));
    JsonArray timeline = d.getJsonArray("timeline");
    assertEquals(7, timeline.size(), timeline.encode());
    for (int i = 0; i < 7; i++) {
      LocalDate date = FIRST.plusDays(i);
      JsonObject point = timeline.getJsonObject(i);
      assertEquals(date + "T00:00:00Z", point.getString("date"));
      assertEquals(current.stream().filter(s -> day(s, BERLIN).equals(date)).count(), point.getDouble("value"), 1e-9,
          "sessions on " + date);
      assertNotNull(point.getString("label"));
    }
    // the DST edges: 23:30 UTC on the 28th is the 29th in Berlin, 22:30 UTC on the 29th is the 30th
    assertEquals(1, current.stream().filter(s -> s.start().equals(Instant.parse("2026-03-28T23:30:00Z"))).count());
    assertEquals(0, current.stream().filter(s -> s.start().equals(Instant.parse("2026-03-29T22:30:00Z"))).count());
  }

  @Test
  void energyAndRevenueComeWithPeakDayAndRevenueByLocation() {
    List<Generated> current = in(aSessions, BERLIN, FIRST, LAST);
    List<Generated> previous = in(aSessions, BERLIN, FIRST.minusDays(7), LAST.minusDays(7));
    JsonObject energy = ok("/emsp/v1/analytics/energy?from=" + FROM + "&to=" + TO, aEmspKey);
    near(kwh(current), energy.getValue("totalEnergyKwh"), "energy");
    near((kwh(current) - kwh(previous)) * 100.0 / kwh(previous), energy.getValue("growthPercentage"), "energy growth");
    Map<LocalDate, Double> byDay = new TreeMap<>();
    current.forEach(s -> byDay.merge(day(s, BERLIN), s.wh() / 1000.0, Double::sum));
    Map.Entry<LocalDate, Double> peak = byDay.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    near(peak.getValue(), energy.getValue("peakDayKwh"), "peak day kWh");
    assertEquals(peak.getKey() + "T00:00:00Z", energy.getString("peakDayDate"));

    JsonObject rev = ok("/emsp/v1/analytics/revenue?from=" + FROM + "&to=" + TO, aEmspKey);
    double total = revenue(current);
    assertTrue(total > 0);
    near(total, rev.getValue("totalRevenue"), "revenue");
    near(total / current.size(), rev.getValue("averagePerSession"), "revenue per session");
    assertEquals("EUR", rev.getString("currency"));
    Map<String, Double> byLocation = new HashMap<>();
    current.forEach(s -> byLocation.merge(s.location().toString(), s.total().doubleValue(), Double::sum));
    JsonArray shares = rev.getJsonArray("revenueByLocation");
    assertEquals(byLocation.size(), shares.size(), shares.encode());
    for (int i = 0; i < shares.size(); i++) {
      JsonObject share = shares.getJsonObject(i);
      double expected = byLocation.get(share.getString("locationId"));
      near(expected, share.getValue("value"), "location revenue");
      assertEquals(Math.round(expected * 1000.0 / total) / 10.0, share.getDouble("percentage"), 0.051, "share");
    }
    assertTrue(shares.getJsonObject(0).getDouble("value") >= shares.getJsonObject(1).getDouble("value"), "largest first");
  }

  @Test
  void theOperatorSeesEachNetworkAndTheTotalByWeekAndKpis() {
    List<Generated> aCurrent = in(aSessions, BERLIN, FIRST, LAST);
    // B keeps UTC days: the same instants are 03-22 .. 03-29 there
    List<Generated> bCurrent = in(bSessions, ZoneOffset.UTC, LocalDate.of(2026, 3, 22), LAST);
    JsonObject d = ok("/cpms/v1/analytics/sessions?period=week&from=" + FROM + "&to=" + TO, abKey);
    assertEquals("sessions", d.getString("metric"));
    assertEquals("week", d.getString("period"));
    assertEquals(2, d.getInteger("networkCount"));
    assertEquals(aCurrent.size() + bCurrent.size(), d.getInteger("totalSessions"));
    JsonArray networks = d.getJsonArray("networks");
    for (int i = 0; i < networks.size(); i++) {
      JsonObject n = networks.getJsonObject(i);
      boolean isA = n.getString("networkId").equals(a.toString());
      JsonObject rollup = n.getJsonObject("rollup");
      assertEquals(isA ? aCurrent.size() : bCurrent.size(), rollup.getInteger("totalSessions"));
      LocalDate monday = (isA ? FIRST : LocalDate.of(2026, 3, 22)).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      assertEquals(monday + "T00:00:00Z", rollup.getJsonArray("timeline").getJsonObject(0).getString("date"));
    }
    JsonObject kpis = ok("/cpms/v1/analytics/kpis?from=" + FROM + "&to=" + TO, aKey);
    assertEquals(aCurrent.size(), kpis.getInteger("totalSessions"));
    near(kwh(aCurrent), kpis.getValue("totalEnergyKwh"), "kpi energy");
    near(revenue(aCurrent), kpis.getValue("totalRevenue"), "kpi revenue");
    assertEquals(Math.round(aCurrent.stream().mapToInt(Generated::minutes).average().orElse(0) * 10) / 10.0,
        kpis.getDouble("avgDurationMinutes"), 0.051);
    JsonObject revenue = ok("/cpms/v1/analytics/revenue?from=" + FROM + "&to=" + TO, aKey);
    near(revenue(aCurrent), revenue.getValue("totalRevenue"), "operator revenue");
    assertEquals(1, revenue.getInteger("networkCount"));
  }

  @Test
  void anotherNetworkIsNeverCountedAndItsIdAnswers404() {
    List<Generated> aCurrent = in(aSessions, BERLIN, FIRST, LAST);
    assertEquals(aCurrent.size(), ok("/cpms/v1/analytics/sessions?from=" + FROM + "&to=" + TO, aKey)
        .getInteger("totalSessions"));
    assertEquals(aCurrent.size(), ok("/cpms/v1/analytics/sessions?networkId=" + a + "&from=" + FROM + "&to=" + TO,
        abKey).getInteger("totalSessions"));
    for (String path : List.of("revenue", "energy", "sessions", "utilization", "uptime", "kpis")) {
      Result r = api.get("/cpms/v1/analytics/" + path + "?networkId=" + b, aKey);
      assertEquals(404, r.status(), path + ": " + r.raw());
      assertEquals(404, api.get("/cpms/v1/analytics/" + path + "?networkId=" + UUID.randomUUID(), aKey).status());
    }
    for (String path : List.of("revenue", "energy", "sessions")) {
      Result r = api.get("/emsp/v1/analytics/" + path + "?networkId=" + b, aEmspKey);
      assertEquals(404, r.status(), path + ": " + r.raw());
      assertEquals("not_found", r.json().getString("error"), r.raw());
    }
  }

  @Test
  void badParametersAnswer400InTheErrorShape() {
    for (String query : List.of("period=year", "from=yesterday", "to=2026-13-01T00:00:00Z", "networkId=abc",
        "from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z", "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")) {
      for (String path : List.of("/cpms/v1/analytics/sessions", "/emsp/v1/analytics/revenue")) {
        Result r = api.get(path + "?" + query, path.startsWith("/cpms") ? aKey : aEmspKey);
        assertEquals(400, r.status(), path + "?" + query + ": " + r.raw());
        JsonObject body = r.json();
        assertNotNull(body.getString("error"), r.raw());
        assertNotNull(body.getString("message"), r.raw());
        assertNotNull(body.getValue("timestamp"), r.raw());
      }
    }
  }

  @Test
  void defaultsAreTheLast30DaysByDay() {
    JsonObject d = ok("/emsp/v1/analytics/sessions", aEmspKey);
    Instant from = Instant.parse(d.getString("fromDate"));
    Instant to = Instant.parse(d.getString("toDate"));
    assertEquals(Duration.ofDays(30), Duration.between(from, to));
    assertTrue(Duration.between(to, Instant.now()).abs().getSeconds() < 60);
    assertEquals("day", d.getString("period"));
    assertEquals(31, d.getJsonArray("timeline").size());
  }

  // --- utilization ---------------------------------------------------------------------------------

  @Test
  void utilizationIsOccupiedTimeOverInServiceTimeFromTheStatusHistory() throws Exception {
    UUID net = api.network("Utilization");
    await(api.pg.preparedQuery("UPDATE networks SET settings = settings || '{\"timeZone\": \"Europe/Berlin\"}'::jsonb"
        + " WHERE id = $1").execute(Tuple.of(net)));
    MoneyFixtures fx = new MoneyFixtures(api.pg);
    UUID charger = fx.charger(net, null);
    fx.connector(charger, 1);
    String key = api.key(List.of(net), List.of("cpms:analytics:read"));
    // start after whatever other classes left in the shared database
    await(api.pg.query("UPDATE analytics_watermarks SET last_id = (SELECT COALESCE(max(id), 0) FROM status_history)"
        + " WHERE name = 'status'").execute());
    String[][] reports = {
        {"2026-03-23T23:00:00Z", "1", "Available"}, // 03-24 00:00 Berlin
        {"2026-03-24T03:00:00Z", "0", "Faulted"},   // the whole charger: no connector, ignored
        {"2026-03-24T05:00:00Z", "1", "Charging"},
        {"2026-03-24T11:00:00Z", "1", "Available"},
        {"2026-03-24T17:00:00Z", "1", "Faulted"},
        {"2026-03-24T23:00:00Z", "1", "Available"}, // 03-25 00:00 Berlin
        {"2026-03-25T11:00:00Z", "1", "Occupied"}};
    for (String[] r : reports) {
      OffsetDateTime at = OffsetDateTime.parse(r[0]);
      await(api.pg.preparedQuery("INSERT INTO status_history (charger_id, evse_id, connector_id, status, reported_at,"
          + " received_at) VALUES ($1, $2, $2, $3, $4, $4)").execute(Tuple.of(charger, Integer.parseInt(r[1]), r[2], at)));
    }
    // the job's clock: 10 s after 03-26 00:00 Berlin, so it accounts up to that midnight
    Clock clock = Clock.fixed(Instant.parse("2026-03-25T23:00:10Z"), ZoneOffset.UTC);
    AnalyticsVerticle job = new AnalyticsVerticle(ApiTestServer.backends(), "analytics-test-util", Duration.ofHours(1), clock);
    String deployment = await(api.vertx.deployVerticle(job));
    try {
      await(job.catchUp());
    } finally {
      await(api.vertx.undeploy(deployment));
    }
    // expected, by hand from the reports: 03-24: occupied 6 h, available 12 h, unavailable 6 h;
    // 03-25: available 12 h, occupied 12 h
    double day24 = 6 * 100.0 / 18;
    double day25 = 12 * 100.0 / 24;
    JsonObject d = ok("/cpms/v1/analytics/utilization?from=2026-03-24T00:00:00%2B01:00&to=2026-03-25T12:00:00%2B01:00",
        key);
    near(18 * 100.0 / 42, d.getValue("averageUtilization"), "utilization");
    JsonObject rollup = d.getJsonArray("networks").getJsonObject(0).getJsonObject("rollup");
    near(18, rollup.getValue("occupiedHours"), "occupied hours");
    near(24, rollup.getValue("availableHours"), "available hours");
    near(6, rollup.getValue("unavailableHours"), "unavailable hours");
    JsonArray timeline = rollup.getJsonArray("timeline");
    assertEquals(2, timeline.size(), timeline.encode());
    near(day24, timeline.getJsonObject(0).getValue("value"), "03-24");
    near(day25, timeline.getJsonObject(1).getValue("value"), "03-25");
  }

  // --- uptime --------------------------------------------------------------------------------------

  @Test
  void uptimeIsOnlineTimeSinceRegistrationFromTheConnectionHistoryWithALiveSnapshot() throws Exception {
    UUID net = api.network("Uptime");
    MoneyFixtures fx = new MoneyFixtures(api.pg);
    UUID charger = fx.charger(net, null);
    UUID other = fx.charger(net, null);
    fx.connector(other, 1);
    String key = api.key(List.of(net), List.of("cpms:analytics:read"));
    Instant registered = Instant.now().minus(Duration.ofHours(10));
    await(api.pg.preparedQuery("UPDATE chargers SET created_at = $2 WHERE id = ANY($1)")
        .execute(Tuple.of(new UUID[] {charger, other}, registered.atOffset(ZoneOffset.UTC))));
    // as if the connection history had been kept since before these chargers were registered
    await(api.pg.query("UPDATE analytics_watermarks SET updated_at = '2000-01-01T00:00:00Z' WHERE name = 'connections'")
        .execute());
    AnalyticsVerticle job = new AnalyticsVerticle(ApiTestServer.backends(), "analytics-test-uptime", Duration.ofHours(1));
    String deployment = await(api.vertx.deployVerticle(job));
    try {
      Thread.sleep(500); // the group exists at the stream's end before the events come
      String cp = fx.chargePointId(charger);
      connection(net, cp, charger, true, "n1", registered.plus(Duration.ofHours(1)));
      connection(net, cp, charger, false, "n1", registered.plus(Duration.ofHours(3)));
      connection(net, cp, charger, true, "n1", registered.plus(Duration.ofHours(4)));
      // reconnected on another node; the first node's offline of the replaced socket comes late
      connection(net, cp, charger, true, "n2", registered.plus(Duration.ofHours(5)));
      connection(net, cp, charger, false, "n1", registered.plus(Duration.ofHours(5)).plusSeconds(1));
      connection(net, cp, charger, false, "n2", registered.plus(Duration.ofHours(8)));
      ApiTestServer.eventually("the connection history is recorded", () -> await(api.pg.preparedQuery(
          "SELECT count(*) AS n FROM charger_connection_events WHERE charger_id = $1").execute(Tuple.of(charger)))
          .iterator().next().getLong("n") == 6);
    } finally {
      await(api.vertx.undeploy(deployment));
    }
    // live: the other charger online and charging (the registry entry and status as the gateway writes them)
    String otherCp = fx.chargePointId(other);
    await(api.redis.send(Request.cmd(Command.HSET).arg(RedisKeys.connection(otherCp)).arg("node").arg("n1")
        .arg("connId").arg("c1").arg("lastSeen").arg(System.currentTimeMillis())));
    await(api.redis.send(Request.cmd(Command.HSET).arg(RedisKeys.status(otherCp)).arg("1/1")
        .arg(new JsonObject().put("status", "Charging").put("ts", Instant.now().toString()).encode())));

    JsonObject d = ok("/cpms/v1/analytics/uptime", key);
    assertEquals("uptime", d.getString("metric"));
    assertEquals(2, d.getInteger("totalChargers"));
    assertEquals(1, d.getInteger("charging"));
    assertEquals(0, d.getInteger("available"));
    assertEquals(1, d.getInteger("offline"));
    assertEquals(50.0, d.getDouble("uptimePercent"), 1e-9);
    assertEquals(50.0, d.getDouble("offlinePercent"), 1e-9);
    // online: 2 h + 4 h of charger's 10 h; the other charger's 10 h have no connection history
    Instant now = Instant.now();
    double registeredHours = 2 * Duration.between(registered, now).toMillis() / 3_600_000.0;
    assertEquals(Math.round(6 * 1000.0 / registeredHours) / 10.0, d.getDouble("onlineTimePercent"), 0.051);
    JsonObject network = d.getJsonArray("networks").getJsonObject(0);
    assertEquals(net.toString(), network.getString("networkId"));
    assertEquals(50.0, network.getDouble("inUsePercent"), 1e-9);
    Row row = await(api.pg.preparedQuery("SELECT online_seconds, online_since FROM charger_uptime WHERE charger_id = $1")
        .execute(Tuple.of(charger))).iterator().next();
    assertEquals(6 * 3600, row.getLong("online_seconds"));
    assertNull(row.getOffsetDateTime("online_since"));
  }

  @Test
  void theSnapshotTakesStoredStatusesOfOnlineChargersThatReportedNoneAndCountsStaleEntriesOffline() {
    UUID net = api.network("Uptime fallback");
    MoneyFixtures fx = new MoneyFixtures(api.pg);
    UUID silent = fx.charger(net, null);   // online, reported no connector status: its stored one counts
    UUID stale = fx.charger(net, null);    // a registry entry last seen long ago: offline
    UUID reported = fx.charger(net, null); // online, reported Faulted: stored Available does not count
    UUID never = fx.charger(net, null);    // never connected
    for (UUID c : List.of(silent, stale, reported, never)) {
      fx.connector(c, 1);
    }
    await(api.pg.preparedQuery("UPDATE connectors SET status = 'Available' WHERE charger_id = ANY($1)")
        .execute(Tuple.of((Object) new UUID[] {silent, stale, reported, never})));
    String key = api.key(List.of(net), List.of("cpms:analytics:read"));
    long now = System.currentTimeMillis();
    for (UUID c : List.of(silent, stale, reported)) {
      long seen = c.equals(stale) ? now - Duration.ofDays(1).toMillis() : now;
      await(api.redis.send(Request.cmd(Command.HSET).arg(RedisKeys.connection(fx.chargePointId(c))).arg("node")
          .arg("n1").arg("connId").arg("c-" + c).arg("lastSeen").arg(seen)));
    }
    await(api.redis.send(Request.cmd(Command.HSET).arg(RedisKeys.status(fx.chargePointId(reported))).arg("1/1")
        .arg(new JsonObject().put("status", "Faulted").put("ts", Instant.now().toString()).encode())));

    JsonObject d = ok("/cpms/v1/analytics/uptime", key);
    assertEquals(4, d.getInteger("totalChargers"));
    assertEquals(1, d.getInteger("available"), d.encode());
    assertEquals(0, d.getInteger("charging"));
    assertEquals(2, d.getInteger("offline"), d.encode());
    assertEquals(25.0, d.getDouble("uptimePercent"), 1e-9);
  }

  private static void connection(UUID network, String cp, UUID charger, boolean online, String node, Instant at) {
    await(api.redis.send(Request.cmd(Command.XADD).arg(RedisKeys.EVENTS).arg("*").arg("id").arg(UUID.randomUUID().toString())
        .arg("type").arg(online ? "charger.online" : "charger.offline").arg("network").arg(network.toString())
        .arg("cp").arg(cp).arg("ts").arg(at.toString())
        .arg("data").arg(new JsonObject().put("chargerId", charger.toString()).put("chargePointId", cp)
            .put("node", node).encode())));
  }
}
