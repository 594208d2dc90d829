package io.voltgate.services.billing;

import io.voltgate.services.billing.SessionBilling;
import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tariff resolution and CDR writing against real Postgres. */
@Timeout(60)
class SessionBillingTest {

  private static ApiTestServer api;
  private static MoneyFixtures fx;
  private static SessionBilling billing;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    fx = new MoneyFixtures(api.pg);
    billing = new SessionBilling(api.pg);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String tariff(String key, double energyRate) {
    Result r = api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "T" + energyRate).put("energyRate", energyRate));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("id");
  }

  private static String assign(String key, String tariff, JsonObject target) {
    Result r = api.post("/cpms/v1/tariffs/" + tariff + "/assign", key, target);
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("assignmentId");
  }

  private static Row cdr(UUID session) {
    return await(api.pg.preparedQuery("SELECT * FROM transactions WHERE session_id = $1").execute(Tuple.of(session)))
        .iterator().next();
  }

  /** A 10 kWh session starting now (Postgres clock), priced at once; its energy cost. */
  private static BigDecimal priceNewSession(UUID network, UUID charger, UUID connector) {
    UUID s = fx.completed(network, charger, connector, null, 30, "0", "10000");
    assertEquals(SessionBilling.Outcome.PRICED, await(billing.bill(s)));
    return cdr(s).getBigDecimal("energy_cost");
  }

  @Test
  void theMostSpecificAssignmentWins() {
    UUID net = api.network("Resolution");
    String key = api.key(List.of(net), List.of("cpms:tariffs:read", "cpms:tariffs:write"));
    UUID location = fx.location(net, "L", "UTC");
    UUID charger = fx.charger(net, location);
    UUID connector = fx.connector(charger, 1);
    assign(key, tariff(key, 0.10), new JsonObject());
    String atLocation = assign(key, tariff(key, 0.20), new JsonObject().put("locationUuid", location.toString()));
    String atCharger = assign(key, tariff(key, 0.30), new JsonObject().put("chargerUuid", charger.toString()));
    String atConnector = assign(key, tariff(key, 0.40), new JsonObject().put("connectorUuid", connector.toString()));

    assertEquals(new BigDecimal("4.0000"), priceNewSession(net, charger, connector));
    api.call("DELETE", "/cpms/v1/tariffs/assignments/" + atConnector, key, null);
    assertEquals(new BigDecimal("3.0000"), priceNewSession(net, charger, connector));
    api.call("DELETE", "/cpms/v1/tariffs/assignments/" + atCharger, key, null);
    assertEquals(new BigDecimal("2.0000"), priceNewSession(net, charger, connector));
    // Started while the location tariff applied, priced after it was detached: the start decides.
    UUID startedBefore = fx.completed(net, charger, connector, null, 30, "0", "10000");
    api.call("DELETE", "/cpms/v1/tariffs/assignments/" + atLocation, key, null);
    await(billing.bill(startedBefore));
    assertEquals(new BigDecimal("2.0000"), cdr(startedBefore).getBigDecimal("energy_cost"));
    assertEquals(new BigDecimal("1.0000"), priceNewSession(net, charger, connector));
  }

  @Test
  void aSessionWithoutAnyTariffGetsAFreeZeroCdrInTheNetworkCurrency() {
    UUID net = api.network("No tariff");
    UUID charger = fx.charger(net, null);
    UUID s = fx.completed(net, charger, fx.connector(charger, 1), Instant.parse("2026-06-17T10:00:00Z"), 45, "0", "5000");
    assertEquals(SessionBilling.Outcome.PRICED, await(billing.bill(s)));
    Row cdr = cdr(s);
    assertEquals(0, cdr.getBigDecimal("total").signum());
    assertEquals("EUR", cdr.getString("currency"));
    assertTrue(cdr.getBoolean("is_free"));
    assertNull(cdr.getUUID("tariff_id"));
    assertEquals("not_required", cdr.getString("payment_status"));
    assertEquals(2700, cdr.getLong("duration_seconds"));
  }

  @Test
  void idleTimeComesFromTheStoredMeterSamples() {
    UUID net = api.network("Idle");
    String key = api.key(List.of(net), List.of("cpms:tariffs:read", "cpms:tariffs:write"));
    UUID charger = fx.charger(net, null);
    Result t = api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "Idle").put("idleRate", 6)
        .put("idleGracePeriodMinutes", 10));
    assign(key, t.data().getString("id"), new JsonObject().put("chargerUuid", charger.toString()));
    Instant start = Instant.parse("2026-06-17T10:00:00Z");
    UUID s = fx.completed(net, charger, fx.connector(charger, 1), start, 90, "1000", "21000");
    fx.sample(s, charger, start.plus(Duration.ofMinutes(30)), "Energy.Active.Import.Register", "11000");
    fx.sample(s, charger, start.plus(Duration.ofMinutes(30)), "Power.Active.Import", "20000");
    fx.sample(s, charger, start.plus(Duration.ofMinutes(60)), "Energy.Active.Import.Register", "21000");
    fx.sample(s, charger, start.plus(Duration.ofMinutes(75)), "Energy.Active.Import.Register", "21000");
    await(billing.bill(s));
    Row cdr = cdr(s);
    // Flat register from 11:00 to the stop at 11:30: 30 min idle, 20 billable at 6/h = 2.00.
    assertEquals(1800, cdr.getLong("idle_seconds"));
    assertEquals(new BigDecimal("2.0000"), cdr.getBigDecimal("idle_fee"));
    assertEquals("2026-06-17T11:00:00Z", cdr.getJsonObject("breakdown").getString("idleSince"));
  }

  @Test
  void activeUnknownAndOrphanSessionsAreNotBillable() {
    UUID net = api.network("Not billable");
    UUID charger = fx.charger(net, null);
    UUID active = fx.active(net, charger, fx.connector(charger, 1));
    assertEquals(SessionBilling.Outcome.NOT_BILLABLE, await(billing.bill(active)));
    assertEquals(SessionBilling.Outcome.NOT_BILLABLE, await(billing.bill(UUID.randomUUID())));
    UUID orphan = fx.completed(net, charger, null, null, 1, "0", "0");
    await(api.pg.preparedQuery("UPDATE charging_sessions SET orphan = true WHERE id = $1").execute(Tuple.of(orphan)));
    assertEquals(SessionBilling.Outcome.NOT_BILLABLE, await(billing.bill(orphan)));
  }
}
