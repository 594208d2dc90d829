package io.voltgate.api.reports;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Report exports of both families over real HTTP, parsed back with Apache Commons CSV (an
 * independent RFC 4180 reader) and compared with totals the test computes from the CDRs it wrote.
 * Network A holds generated CDRs over three days (one a day before the range, one after), two
 * currencies, two locations whose names need quoting or a formula guard, a charger without a
 * location, drivers and anonymous sessions; network B's CDRs must never appear.
 */
@Timeout(60)
class ReportExportTest {

  private static final String RANGE = "from=2026-03-01T00:00:00Z&to=2026-03-03T23:59:59Z";
  private static final String INJECTION = "=HYPERLINK(\"http://evil.example\",\"x\")";
  private static final String QUOTED = "Plaza, \"North\"";
  private static final String DRIVER_INJECTION = "+cmd|' /C calc'!A0";
  private static final int BULK = 5_000;

  /** A CDR as the test wrote it. */
  record Cdr(UUID id, UUID network, String location, UUID driver, String driverName, Instant stop, BigDecimal kwh,
      BigDecimal subtotal, BigDecimal tax, String currency) {
    BigDecimal total() {
      return subtotal.add(tax);
    }
  }

  private static ApiTestServer api;
  private static MoneyFixtures fx;
  private static UUID a;
  private static UUID b;
  private static UUID bulk;
  private static String keyA;
  private static String keyB;
  private static String emspKeyA;
  private static final List<Cdr> inRange = new ArrayList<>();
  private static final List<Cdr> inB = new ArrayList<>();
  private static BigDecimal bulkTotal = BigDecimal.ZERO;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    fx = new MoneyFixtures(api.pg);
    a = api.network("Reports A");
    b = api.network("Reports B");
    bulk = api.network("Reports bulk");
    keyA = api.key(List.of(a), List.of("cpms:transactions:read", "cpms:api-keys:read"));
    keyB = api.key(List.of(b), List.of("cpms:transactions:read"));
    emspKeyA = api.emspKey(api.adminKey, a, new JsonObject().put("scopes", new JsonArray().add("emsp:reports:read")));
    UUID injected = fx.location(a, INJECTION, "UTC");
    UUID quoted = fx.location(a, QUOTED, "UTC");
    Map<UUID, String> chargers = new HashMap<>();
    chargers.put(fx.charger(a, injected), INJECTION);
    chargers.put(fx.charger(a, quoted), QUOTED);
    chargers.put(fx.charger(a, null), null);
    List<UUID> chargerIds = new ArrayList<>(chargers.keySet());
    UUID ana = driver(a, "Ana");
    UUID evil = driver(a, DRIVER_INJECTION);
    UUID[] drivers = {ana, evil, null};
    Random random = new Random(7);
    for (int i = 0; i < 45; i++) {
      UUID charger = chargerIds.get(i % 3);
      int d = i % 3;
      Instant stop = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(86_400L * (i % 3) + 60L * random.nextInt(1439));
      BigDecimal kwh = BigDecimal.valueOf(1 + random.nextInt(50_000), 3);
      BigDecimal subtotal = BigDecimal.valueOf(50 + random.nextInt(5_000), 2);
      BigDecimal tax = subtotal.multiply(new BigDecimal("0.2")).setScale(2, RoundingMode.HALF_UP);
      String currency = i % 7 == 0 ? "USD" : "EUR";
      inRange.add(cdr(a, charger, chargers.get(charger), drivers[(i / 3) % 3], d, stop, kwh, subtotal, tax, currency,
          (i / 3) % 3 == 0 ? "Ana" : (i / 3) % 3 == 1 ? DRIVER_INJECTION : null));
    }
    // Outside the range: a second before and a second after.
    cdr(a, chargerIds.get(0), INJECTION, ana, 0, Instant.parse("2026-02-28T23:59:59Z"), BigDecimal.ONE, BigDecimal.TEN,
        BigDecimal.ONE, "EUR", "Ana");
    cdr(a, chargerIds.get(0), INJECTION, ana, 0, Instant.parse("2026-03-04T00:00:00Z"), BigDecimal.ONE, BigDecimal.TEN,
        BigDecimal.ONE, "EUR", "Ana");
    UUID secret = fx.charger(b, fx.location(b, "SECRET-B", "UTC"));
    for (int i = 0; i < 5; i++) {
      inB.add(cdr(b, secret, "SECRET-B", null, 0, Instant.parse("2026-03-02T12:00:00Z").plusSeconds(i),
          BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ONE, "EUR", null));
    }
    // Bulk: enough rows that the stream crosses many chunks and the write queue.
    UUID bulkCharger = fx.charger(bulk, null);
    await(api.pg.preparedQuery("WITH g AS (SELECT i, gen_random_uuid() AS sid, gen_random_uuid() AS tid,"
            + " timestamptz '2026-03-01 00:00:00+00' + make_interval(secs => i * 30) AS stop"
            + " FROM generate_series(1, $3) i),"
            + " s AS (INSERT INTO charging_sessions (id, network_id, charger_id, evse_id, connector_id, ocpp_version,"
            + " transaction_ref, status, started_at, stopped_at) SELECT sid, $1, $2, 1, 1, '1.6', sid::text, 'COMPLETED',"
            + " stop - interval '10 minutes', stop FROM g)"
            + " INSERT INTO transactions (id, session_id, network_id, charger_id, currency, energy_kwh, duration_seconds,"
            + " subtotal, tax, total, started_at, stopped_at) SELECT tid, sid, $1, $2, 'EUR', 1, 600, (i % 100) + 0.5, 0,"
            + " (i % 100) + 0.5, stop - interval '10 minutes', stop FROM g")
        .execute(Tuple.of(bulk, bulkCharger, BULK)));
    for (int i = 1; i <= BULK; i++) {
      bulkTotal = bulkTotal.add(BigDecimal.valueOf(i % 100).add(new BigDecimal("0.5")));
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static UUID driver(UUID network, String name) {
    UUID id = UUID.randomUUID();
    await(api.pg.preparedQuery("INSERT INTO drivers (id, network_id, email, name) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(id, network, id + "@example.com", name)));
    return id;
  }

  private static Cdr cdr(UUID network, UUID charger, String location, UUID driver, int unused, Instant stop,
      BigDecimal kwh, BigDecimal subtotal, BigDecimal tax, String currency, String driverName) {
    UUID session = UUID.randomUUID();
    UUID id = UUID.randomUUID();
    Instant start = stop.minusSeconds(1800);
    await(api.pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, evse_id, connector_id,"
            + " ocpp_version, transaction_ref, driver_id, status, started_at, stopped_at)"
            + " VALUES ($1, $2, $3, 1, 1, '1.6', $4, $5, 'COMPLETED', $6, $7)")
        .execute(Tuple.from(Arrays.asList(session, network, charger, session.toString(), driver,
            start.atOffset(ZoneOffset.UTC), stop.atOffset(ZoneOffset.UTC)))));
    await(api.pg.preparedQuery("INSERT INTO transactions (id, session_id, network_id, charger_id, currency, energy_kwh,"
            + " duration_seconds, subtotal, tax, total, started_at, stopped_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, 1800, $7, $8, $9, $10, $11)")
        .execute(Tuple.from(Arrays.asList(id, session, network, charger, currency, kwh, subtotal, tax,
            subtotal.add(tax), start.atOffset(ZoneOffset.UTC), stop.atOffset(ZoneOffset.UTC)))));
    return new Cdr(id, network, location, driver, driverName, stop, kwh, subtotal, tax, currency);
  }

  private static List<CSVRecord> csv(Result r) {
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), r.headers().toString());
    try (CSVParser p = CSVParser.parse(new StringReader(r.raw()),
        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
      assertTrue(r.raw().endsWith("\r\n"), "CRLF record ends");
      return p.getRecords();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }

  private static void assertMoney(BigDecimal expected, String actual) {
    assertEquals(0, expected.compareTo(dec(actual)), "expected " + expected + ", got " + actual);
  }

  @Test
  void theSessionsExportHasEveryCdrOfTheRangeOnceAndNoneOfAnotherNetwork() {
    Result r = api.get("/cpms/v1/reports/export?" + RANGE, keyA);
    List<CSVRecord> rows = csv(r);
    assertEquals(inRange.size(), rows.size());
    Map<String, Cdr> byId = new HashMap<>();
    inRange.forEach(c -> byId.put(c.id().toString(), c));
    Set<String> seen = new HashSet<>();
    Map<String, BigDecimal> totals = new TreeMap<>();
    Map<String, BigDecimal> expectedTotals = new TreeMap<>();
    inRange.forEach(c -> expectedTotals.merge(c.currency(), c.total(), BigDecimal::add));
    String previousStop = "";
    for (CSVRecord row : rows) {
      Cdr c = byId.get(row.get("transactionId"));
      assertTrue(c != null, "unexpected CDR " + row);
      assertTrue(seen.add(row.get("transactionId")), "twice: " + row);
      assertEquals(a.toString(), row.get("networkId"));
      assertMoney(c.kwh(), row.get("energyKwh"));
      assertMoney(c.total(), row.get("total"));
      assertEquals(c.stop().toString(), row.get("stoppedAt"));
      assertTrue(row.get("stoppedAt").compareTo(previousStop) >= 0, "in end order");
      previousStop = row.get("stoppedAt");
      totals.merge(row.get("currency"), dec(row.get("total")), BigDecimal::add);
      String name = c.location() == null ? "" : c.location().startsWith("=") ? "'" + c.location() : c.location();
      assertEquals(name, row.get("locationName"));
    }
    assertEquals(expectedTotals.keySet(), totals.keySet());
    expectedTotals.forEach((cur, t) -> assertEquals(0, t.compareTo(totals.get(cur)), cur));
    assertFalse(r.raw().contains("SECRET-B"));
    inB.forEach(c -> assertFalse(r.raw().contains(c.id().toString())));
  }

  @Test
  void dailySalesSumPerDayAndCurrency() {
    Map<String, BigDecimal[]> expected = new TreeMap<>();
    for (Cdr c : inRange) {
      String key = LocalDate.ofInstant(c.stop(), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant() + "|" + c.currency();
      BigDecimal[] s = expected.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
      s[0] = s[0].add(BigDecimal.ONE);
      s[1] = s[1].add(c.kwh());
      s[2] = s[2].add(c.total());
    }
    List<CSVRecord> rows = csv(api.get("/cpms/v1/reports/export?type=daily-sales&format=csv&" + RANGE, keyA));
    assertEquals(expected.size(), rows.size());
    for (CSVRecord row : rows) {
      BigDecimal[] s = expected.get(row.get("date") + "|" + row.get("currency"));
      assertTrue(s != null, row.toString());
      assertMoney(s[0], row.get("sessions"));
      assertMoney(s[1], row.get("energyKwh"));
      assertMoney(s[2], row.get("total"));
    }
  }

  @Test
  void byLocationAndByUserGroupWithFormulaGuardsAndQuoting() {
    Map<String, BigDecimal> expected = new HashMap<>();
    inRange.forEach(c -> expected.merge((c.location() == null ? "" : c.location()) + "|" + c.currency(), c.total(),
        BigDecimal::add));
    List<CSVRecord> rows = csv(api.get("/cpms/v1/reports/export?type=by-location&" + RANGE, keyA));
    assertEquals(expected.size(), rows.size());
    Set<String> names = new HashSet<>();
    for (CSVRecord row : rows) {
      String name = row.get("locationName");
      names.add(name);
      String original = name.startsWith("'=") ? name.substring(1) : name;
      assertMoney(expected.get(original + "|" + row.get("currency")), row.get("total"));
    }
    assertTrue(names.contains("'" + INJECTION), "a formula is guarded: " + names);
    assertTrue(names.contains(QUOTED), "a comma and quotes round-trip: " + names);
    assertFalse(names.contains(INJECTION));

    Map<String, BigDecimal> byUser = new HashMap<>();
    inRange.forEach(c -> byUser.merge((c.driver() == null ? "" : c.driver().toString()) + "|" + c.currency(),
        c.total(), BigDecimal::add));
    List<CSVRecord> users = csv(api.get("/cpms/v1/reports/export?type=by-user&" + RANGE, keyA));
    assertEquals(byUser.size(), users.size());
    for (CSVRecord row : users) {
      assertMoney(byUser.get(row.get("userId") + "|" + row.get("currency")), row.get("total"));
      if (!row.get("userName").isEmpty() && !"Ana".equals(row.get("userName"))) {
        assertEquals("'" + DRIVER_INJECTION, row.get("userName"));
      }
    }
  }

  @Test
  void theEmspExportIsTheSeedsObjectInJsonByDefault() {
    Result r = api.get("/emsp/v1/reports/export?" + RANGE, emspKeyA);
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.json().getBoolean("success"));
    assertTrue(r.json().getString("timestamp").endsWith("Z"));
    JsonObject data = r.data();
    assertEquals("daily-sales", data.getString("reportType"));
    assertEquals("json", data.getString("format"));
    assertEquals("2026-03-01T00:00:00Z", data.getString("fromDate"));
    assertEquals("2026-03-03T23:59:59Z", data.getString("toDate"));
    assertTrue(Instant.parse(data.getString("generatedAt")).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
    JsonArray rows = data.getJsonArray("data");
    assertEquals(rows.size(), data.getInteger("recordCount"));

    Result summary = api.get("/emsp/v1/reports/export?type=sessions-summary&" + RANGE, emspKeyA);
    assertEquals(200, summary.status(), summary.raw());
    Map<String, BigDecimal> totals = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    inRange.forEach(c -> {
      totals.merge(c.currency(), c.total(), BigDecimal::add);
      counts.merge(c.currency(), 1, Integer::sum);
    });
    JsonArray perCurrency = summary.data().getJsonArray("data");
    assertEquals(totals.size(), perCurrency.size());
    for (Object o : perCurrency) {
      JsonObject row = (JsonObject) o;
      String cur = row.getString("currency");
      assertEquals(counts.get(cur), row.getInteger("sessions"));
      assertEquals(0, totals.get(cur).compareTo(new BigDecimal(row.getValue("total").toString())), row.encode());
      assertEquals(1800L, row.getLong("averageDurationSeconds"));
    }

    List<CSVRecord> csvRows = csv(api.get("/emsp/v1/reports/export?type=by-location&format=csv&" + RANGE, emspKeyA));
    assertFalse(csvRows.isEmpty());
    Result other = api.get("/emsp/v1/reports/export?type=by-location&format=csv&from=2026-03-02T00:00:00Z"
        + "&to=2026-03-02T23:00:00Z", emspKeyA);
    assertFalse(other.raw().contains("SECRET-B"));
  }

  @Test
  void badParametersAre400InTheErrorShapeAndAnotherNetworkIs404() {
    assertField("type", api.get("/cpms/v1/reports/export?type=nope", keyA));
    assertField("format", api.get("/cpms/v1/reports/export?format=xml", keyA));
    assertField("to", api.get("/cpms/v1/reports/export?from=2026-03-02&to=2026-03-01", keyA));
    assertField("from", api.get("/cpms/v1/reports/export?from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", keyA));
    assertField("from", api.get("/cpms/v1/reports/export?from=yesterday", keyA));
    assertField("networkId", api.get("/cpms/v1/reports/export?networkId=not-a-uuid", keyA));
    assertField("type", api.get("/emsp/v1/reports/export?type=sessions", emspKeyA));
    Result foreign = api.get("/cpms/v1/reports/export?networkId=" + b, keyA);
    assertEquals(404, foreign.status(), foreign.raw());
    // Another network's key sees its own CDRs only.
    List<CSVRecord> theirs = csv(api.get("/cpms/v1/reports/export?" + RANGE, keyB));
    assertEquals(inB.size(), theirs.size());
    theirs.forEach(row -> assertEquals(b.toString(), row.get("networkId")));
    assertEquals(403, api.get("/cpms/v1/reports/export", api.key(List.of(a), List.of("cpms:sessions:read"))).status());
  }

  private static void assertField(String field, Result r) {
    assertEquals(400, r.status(), r.raw());
    assertEquals("validation_error", r.json().getString("error"), r.raw());
    assertEquals(field, r.json().getString("field"), r.raw());
  }

  @Test
  void aLargeExportStreamsWholeAndItsRowsAreMeteredAsUnits() throws InterruptedException {
    String key = api.key(List.of(bulk), List.of("cpms:transactions:read", "cpms:api-keys:read"));
    Result r = api.get("/cpms/v1/reports/export?from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z", key);
    List<CSVRecord> rows = csv(r);
    assertEquals(BULK, rows.size());
    BigDecimal sum = BigDecimal.ZERO;
    for (CSVRecord row : rows) {
      sum = sum.add(dec(row.get("total")));
    }
    assertEquals(0, bulkTotal.compareTo(sum));
    Result json = api.get("/cpms/v1/reports/export?format=json&from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z", key);
    assertEquals(BULK, json.data().getInteger("recordCount"));
    assertEquals(BULK, json.data().getJsonArray("data").size());

    // Two requests of one unit each plus one unit per started 1,000 rows of each export (5 + 5).
    long extra = 2L * ((BULK + 999) / 1000);
    JsonObject[] usage = new JsonObject[1];
    ApiTestServer.eventually("the export's units are metered", () -> {
      Result u = api.get("/cpms/v1/usage?days=7", key);
      usage[0] = u.data();
      return u.status() == 200 && u.data().getLong("totalUnits") - u.data().getLong("totalRequests") == extra;
    });
    JsonObject data = usage[0];
    assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(6).atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
        data.getString("sinceUtc"));
    JsonObject today = data.getJsonArray("daily").getJsonObject(0);
    assertEquals(LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().toString(), today.getString("date"));
    assertEquals("cpms", today.getString("family"));
    assertEquals("live", today.getString("env"));
    assertEquals(data.getLong("totalRequests"), today.getLong("requests"));
    assertEquals(data.getLong("totalUnits"), today.getLong("units"));
    assertNull(data.getValue("from"));
    assertField("days", api.get("/cpms/v1/usage?days=0", key));
    assertField("days", api.get("/cpms/v1/usage?days=367", key));
    assertField("days", api.get("/cpms/v1/usage?days=abc", key));
  }

  @Test
  void clientsThatGoAwayMidStreamGiveTheirConnectionBack() throws Exception {
    String key = api.key(List.of(bulk), List.of("cpms:transactions:read"));
    // More aborted exports than the pool has connections: a leaked cursor would starve the last request.
    for (int i = 0; i < 40; i++) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port)) {
        socket.getOutputStream().write(("GET /cpms/v1/reports/export?from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z"
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + key + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        byte[] some = socket.getInputStream().readNBytes(2048);
        assertTrue(new String(some, java.nio.charset.StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
      }
    }
    List<CSVRecord> rows = csv(api.get("/cpms/v1/reports/export?from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z", key));
    assertEquals(BULK, rows.size());
  }
}
