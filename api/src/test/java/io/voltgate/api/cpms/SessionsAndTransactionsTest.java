package io.voltgate.api.cpms;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import io.voltgate.store.redis.RedisKeys;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sessions and the CDR ledger over real HTTP. One priced session: 10 kWh × 0.30 + 1.00 session fee
 * = 4.00, 20 % tax 0.80, total 4.80; operator costs from network settings (energy 0.10/kWh,
 * processing 2.9 % + 0.30).
 */
@Timeout(60)
class SessionsAndTransactionsTest {

  private static final Instant START = Instant.parse("2026-06-17T10:00:00Z");

  private static ApiTestServer api;
  private static MoneyFixtures fx;
  private static UUID network;
  private static UUID charger;
  private static UUID connector;
  private static UUID completed;
  private static String key;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    fx = new MoneyFixtures(api.pg);
    network = api.network("Ledger");
    await(api.pg.preparedQuery("UPDATE networks SET settings = $2 WHERE id = $1").execute(Tuple.of(network,
        new JsonObject().put("energyCostPerKwh", 0.10).put("processingFeePercent", 2.9).put("processingFeeFixed", 0.30))));
    key = api.key(List.of(network), List.of("cpms:tariffs:read", "cpms:tariffs:write", "cpms:sessions:read",
        "cpms:transactions:read"));
    UUID location = fx.location(network, "Plaza, North", "UTC");
    charger = fx.charger(network, location);
    connector = fx.connector(charger, 1);
    Result tariff = api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "AC").put("energyRate", 0.30)
        .put("sessionFee", 1).put("taxRate", 20));
    assertEquals(201, tariff.status(), tariff.raw());
    assertEquals(201, api.post("/cpms/v1/tariffs/" + tariff.data().getString("id") + "/assign", key,
        new JsonObject().put("chargerUuid", charger.toString())).status());
    completed = fx.completed(network, charger, connector, START, 60, "1000", "11000");
    SessionBilling billing = new SessionBilling(api.pg);
    assertEquals(SessionBilling.Outcome.PRICED, await(billing.bill(completed)));
    assertEquals(SessionBilling.Outcome.ALREADY_PRICED, await(billing.bill(completed)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aStopForATransactionNobodyStartedIsListedAsOrphanedNeverAsACompletedSession() {
    // As the gateway records it: a StopTransaction for an unknown transactionId, kept on its own.
    UUID orphan = fx.completed(network, charger, connector, START.plusSeconds(86_400), 5, "0", "0");
    await(api.pg.preparedQuery("UPDATE charging_sessions SET orphan = true WHERE id = $1").execute(Tuple.of(orphan)));

    Result completedOnly = api.get("/cpms/v1/sessions?status=completed&chargerId=" + charger, key);
    assertEquals(200, completedOnly.status(), completedOnly.raw());
    assertTrue(completedOnly.list().stream().map(o -> ((JsonObject) o).getString("id")).noneMatch(orphan.toString()::equals),
        completedOnly.raw());
    Result orphans = api.get("/cpms/v1/sessions?status=orphaned&chargerId=" + charger, key);
    assertEquals(200, orphans.status(), orphans.raw());
    assertEquals(1, orphans.list().size(), orphans.raw());
    assertEquals("ORPHANED", orphans.list().getJsonObject(0).getString("status"));
    Result detail = api.get("/cpms/v1/sessions/" + orphan, key);
    assertEquals("ORPHANED", detail.data().getString("status"), detail.raw());
    await(api.pg.preparedQuery("DELETE FROM charging_sessions WHERE id = $1").execute(Tuple.of(orphan)));
  }

  @Test
  void completedSessionsListWithTheirPricedTotal() {
    Result r = api.get("/cpms/v1/sessions?status=completed&chargerId=" + charger, key);
    assertEquals(200, r.status(), r.raw());
    assertEquals(1, r.list().size());
    JsonObject s = r.list().getJsonObject(0);
    assertEquals(completed.toString(), s.getString("id"));
    assertEquals("COMPLETED", s.getString("status"));
    assertEquals(charger.toString(), s.getString("chargerId"));
    assertEquals(10.0, s.getDouble("energyKwh"));
    assertEquals(4.8, s.getDouble("total"));
    assertEquals("EUR", s.getString("currency"));
    assertEquals("2026-06-17T10:00:00Z", s.getString("startedAt"));
    assertEquals("2026-06-17T11:00:00Z", s.getString("endedAt"));
    assertEquals(1, r.json().getJsonObject("pagination").getInteger("total"));
    assertEquals(0, api.get("/cpms/v1/sessions?status=ACTIVE&chargerId=" + charger, key).list().size());
    assertEquals(1, api.get("/cpms/v1/sessions?from=2026-06-17T09:00:00Z&to=2026-06-17T10:00:00Z", key).list().size());
    assertEquals(0, api.get("/cpms/v1/sessions?from=2026-06-17T10:00:01Z&to=2026-06-18", key).list().size());
    JsonObject detail = api.get("/cpms/v1/sessions/" + completed, key).data();
    assertEquals(60.0, detail.getDouble("durationMinutes"));
    assertNull(detail.getValue("currentPowerKw"));
    assertEquals(network.toString(), detail.getString("networkId"));
  }

  @Test
  void activeSessionsShowTheGatewaysLiveValues() {
    UUID liveCharger = fx.charger(network, null);
    UUID active = fx.active(network, liveCharger, fx.connector(liveCharger, 1));
    String cp = fx.chargePointId(liveCharger);
    await(api.redis.send(Request.cmd(Command.HSET).arg(RedisKeys.live(cp)).arg("1").arg(new JsonObject()
        .put("sessionId", active.toString()).put("energyKwh", 3.2).put("powerKw", 11.0).put("soc", 55)
        .put("currentA", 16.0).put("voltageV", 230.0).put("ts", "2026-06-19T18:00:00Z").encode())));
    JsonObject d = api.get("/cpms/v1/sessions/" + active, key).data();
    assertEquals("ACTIVE", d.getString("status"));
    assertEquals(3.2, d.getDouble("energyKwh"));
    assertEquals(11.0, d.getDouble("currentPowerKw"));
    assertEquals(55, d.getInteger("soc"));
    assertEquals(230.0, d.getJsonObject("live").getDouble("voltageV"));
    assertNull(d.getValue("total"));
    assertNull(d.getValue("endedAt"));
    JsonArray list = api.get("/cpms/v1/sessions?status=ACTIVE&chargerId=" + liveCharger, key).list();
    assertEquals(3.2, list.getJsonObject(0).getDouble("energyKwh"));
  }

  @Test
  void badSessionFiltersAre400NamingTheParameter() {
    assertField("status", api.get("/cpms/v1/sessions?status=SLEEPING", key));
    assertField("chargerId", api.get("/cpms/v1/sessions?chargerId=48", key));
    assertField("from", api.get("/cpms/v1/sessions?from=yesterday", key));
    assertField("to", api.get("/cpms/v1/sessions?from=2026-06-18&to=2026-06-17", key));
    assertField("pageSize", api.get("/cpms/v1/sessions?pageSize=1000", key));
    assertField("id", api.get("/cpms/v1/sessions/48", key));
  }

  @Test
  void transactionsListCarriesCostProfitAndPayoutFields() {
    Result r = api.get("/cpms/v1/transactions?chargerId=" + charger + "&from=2026-06-17&to=2026-06-18", key);
    assertEquals(200, r.status(), r.raw());
    assertEquals(1, r.list().size());
    JsonObject t = r.list().getJsonObject(0);
    assertEquals(completed.toString(), t.getString("sessionId"));
    assertTrue(t.getString("ocpiId").startsWith("CDR-2026-"), t.encode());
    assertEquals("Plaza, North", t.getString("locationName"));
    assertEquals(10.0, t.getDouble("energyKwh"));
    assertEquals(4.8, t.getDouble("amount"));
    assertEquals(3.0, t.getDouble("energyCost"));
    assertEquals(0.0, t.getDouble("timeCost"));
    assertEquals(1.0, t.getDouble("sessionFee"));
    assertEquals(0.8, t.getDouble("taxAmount"));
    assertEquals(0.44, t.getDouble("processingFees"));
    assertEquals(1.44, t.getDouble("totalCosts"));
    assertEquals(3.0, t.getDouble("grossProfit"));
    assertEquals(2.56, t.getDouble("netProfit"));
    assertEquals(53.3, t.getDouble("profitMarginPercent"));
    assertEquals("pending", t.getString("paymentStatus"));
    assertNull(t.getValue("payoutId"));
    assertEquals(false, t.getBoolean("isFree"));
    assertEquals(0, api.get("/cpms/v1/transactions?from=2026-06-18", key).list().size());
  }

  @Test
  void transactionDetailHasTheFullBreakdown() {
    String id = api.get("/cpms/v1/transactions", key).list().getJsonObject(0).getString("id");
    Result r = api.get("/cpms/v1/transactions/" + id, key);
    assertEquals(200, r.status(), r.raw());
    JsonObject d = r.data();
    assertEquals(60.0, d.getDouble("totalTimeMinutes"));
    assertEquals("RFID", d.getString("authMethod"));
    assertEquals(1, d.getInteger("connectorNumber"));
    assertEquals("1 Main St, Springfield", d.getString("locationAddress"));
    JsonObject cost = d.getJsonObject("costBreakdown");
    assertEquals(4.0, cost.getDouble("subtotal"));
    assertEquals(0.8, cost.getDouble("tax"));
    assertEquals(20.0, cost.getDouble("taxRate"));
    assertEquals(4.8, cost.getDouble("total"));
    assertEquals(1.0, cost.getDouble("energySupplyCost"));
    assertEquals("10.000000", cost.getJsonObject("details").getString("energyKwh"));
    assertEquals(53.3, d.getJsonObject("profit").getDouble("profitMarginPercent"));
    assertNull(d.getValue("payout"));
  }

  @Test
  void exportIsRfc4180Csv() {
    Result r = api.get("/cpms/v1/transactions/export?from=2026-06-01T00:00:00Z&to=2026-06-30T00:00:00Z", key);
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    String[] lines = r.raw().split("\r\n");
    assertEquals(2, lines.length, r.raw());
    assertEquals(String.join(",", CdrJson.CSV_HEADER), lines[0]);
    assertTrue(lines[1].contains(",\"Plaza, North\",2026-06-17T10:00:00Z,"), lines[1]);
    assertTrue(lines[1].contains(",EUR,3.00,0.00,1.00,0.00,0.00,4.00,20,0.80,4.80,1.00,0.44,1.44,3.00,2.56,53.3,pending,false,"), lines[1]);
    assertField("to", api.get("/cpms/v1/transactions/export?from=2026-07-01&to=2026-06-01", key));
  }

  @Test
  void anotherNetworksSessionsAndTransactionsAre404() {
    UUID theirs = api.network("Ledger theirs");
    String theirKey = api.key(List.of(theirs), List.of("cpms:sessions:read", "cpms:transactions:read"));
    String txId = api.get("/cpms/v1/transactions", key).list().getJsonObject(0).getString("id");
    assertEquals(404, api.get("/cpms/v1/sessions/" + completed, theirKey).status());
    assertEquals(404, api.get("/cpms/v1/transactions/" + txId, theirKey).status());
    assertEquals(404, api.get("/cpms/v1/sessions/" + UUID.randomUUID(), key).status());
    assertEquals(0, api.get("/cpms/v1/sessions", theirKey).list().size());
    assertEquals(0, api.get("/cpms/v1/transactions", theirKey).list().size());
    assertEquals(1, api.get("/cpms/v1/transactions/export", theirKey).raw().split("\r\n").length, "header only");
  }

  @Test
  void missingScopesAre403() {
    String tariffsOnly = api.key(List.of(network), List.of("cpms:tariffs:read"));
    assertEquals(403, api.get("/cpms/v1/sessions", tariffsOnly).status());
    assertEquals(403, api.get("/cpms/v1/sessions/" + completed, tariffsOnly).status());
    assertEquals(403, api.get("/cpms/v1/transactions", tariffsOnly).status());
    assertEquals(403, api.get("/cpms/v1/transactions/" + UUID.randomUUID(), tariffsOnly).status());
    assertEquals(403, api.get("/cpms/v1/transactions/export", tariffsOnly).status());
  }

  private static void assertField(String field, Result r) {
    assertEquals(400, r.status(), r.raw());
    assertEquals(field, r.json().getString("field"), r.raw());
  }
}
