package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.voltgate.store.pg.PgClients;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fraud hold end to end, over real sockets: a driver's token charges 12 kWh at 0.50/kWh on an
 * OCPP 1.6 charger (6.00, priced by the billing verticle); the payment fails (written as a payment
 * provider would: Voltgate ships none); 6.00 is over the threshold of 5 set here, so the fraud-hold
 * sweep (every second here) holds the driver. From then on the very next Authorize is Blocked on
 * OCPP 1.6 and 2.0.1 although Accepted was cached a moment before, so are StartTransaction's and
 * TransactionEvent's answers, and remote starts are refused (409 driver_on_hold); the operator's
 * clear-hold with waive lets the next Authorize through again. Two nodes share Postgres and Redis:
 * the 1.6 charger is on node A (API, sweep, gateway), the 2.0.1 charger on node B (gateway only).
 */
@Timeout(120)
class FraudHoldEndToEndTest {

  private static final String KEY = "pk_cpms_live_f4a0d0000000000000000000000000000";
  @TempDir
  static Path dir;
  private static Backends shared;
  /** Node A (every role): the API, the fraud-hold sweep, and the 1.6 charger's gateway. */
  private static Voltgate voltgate;
  /** Node B (gateway only): the 2.0.1 charger's gateway; it learns of holds only through Redis and Postgres. */
  private static Voltgate gatewayB;
  private static Vertx clients;
  private static Http operator;
  private static Http partner;

  @BeforeAll
  static void start() {
    shared = Backends.start(BackendOptions.from(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString()))));
    voltgate = Voltgate.start(settings("all"), "node-fraud-a");
    gatewayB = Voltgate.start(settings("gateway"), "node-fraud-b");
    clients = Vertx.vertx();
    operator = new Http(voltgate.httpPort(), KEY);
    String network = operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
    Http.Result minted = operator.post("/cpms/v1/api-keys", new JsonObject().put("name", "partner back end")
        .put("apiFamily", "emsp").put("networkIds", new JsonArray().add(network)));
    assertEquals(201, minted.status(), minted.body().encode());
    partner = new Http(voltgate.httpPort(), minted.data().getString("key"));
    Http.Result tariff = operator.post("/cpms/v1/tariffs", new JsonObject().put("name", "Flat").put("energyRate", 0.50));
    assertEquals(201, tariff.status(), tariff.body().encode());
    Http.Result assigned = operator.post("/cpms/v1/tariffs/" + tariff.data().getString("id") + "/assign", new JsonObject());
    assertEquals(201, assigned.status(), assigned.body().encode());
  }

  private static Settings settings(String role) {
    Map<String, String> s = new HashMap<>(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_PG_URL", shared.pgUrl(),
        "VOLTGATE_REDIS_URL", shared.redisUrl(), "VOLTGATE_OCPP_PORT", "0", "VOLTGATE_HTTP_PORT", "0",
        "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register", "VOLTGATE_FRAUD_HOLD_THRESHOLD", "5"));
    s.put("VOLTGATE_FRAUD_SWEEP_S", "1");
    s.put("VOLTGATE_ROLE", role);
    return Settings.of(s);
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    gatewayB.stop();
    voltgate.stop();
    shared.close();
  }

  @Test
  void aHoldBlocksTheNextAuthorizeOnBothVersionsAndRemoteStartsAndClearingLetsItThrough() throws Exception {
    Http.Result user = partner.post("/emsp/v1/users", new JsonObject().put("email", "mallory@example.com")
        .put("firstName", "Mallory").put("lastName", "Unpaid"));
    assertEquals(201, user.status(), user.body().encode());
    String driverId = user.data().getString("id");
    Http.Result token = partner.post("/emsp/v1/auth/tokens", new JsonObject().put("userId", driverId)
        .put("tokenType", "RFID"));
    assertEquals(201, token.status(), token.body().encode());
    String uid = token.data().getString("uid");
    JsonObject idTag = new JsonObject().put("idTag", uid);
    JsonObject idToken = new JsonObject().put("idToken", new JsonObject().put("idToken", uid).put("type", "ISO14443"));

    try (WsCharger cp16 = WsCharger.connect(clients, voltgate.ocppPort(), "FRAUD-16", "ocpp1.6");
         WsCharger cp201 = WsCharger.connect(clients, gatewayB.ocppPort(), "FRAUD-201", "ocpp2.0.1")) {
      cp16.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      cp201.call("BootNotification", new JsonObject().put("reason", "PowerUp")
          .put("chargingStation", new JsonObject().put("model", "M").put("vendorName", "V")));
      // Accepted, and so cached, on both versions before anything is owed
      assertEquals("Accepted", status16(cp16.call("Authorize", idTag)));
      assertEquals("Accepted", status201(cp201.call("Authorize", idToken)));

      // 12 kWh at 0.50/kWh, no fee, no tax: 6.00
      Instant start = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
      JsonObject started = cp16.call("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", uid)
          .put("meterStart", 1000).put("timestamp", start.toString())).getJsonObject(2);
      assertEquals("Accepted", started.getJsonObject("idTagInfo").getString("status"));
      int tx = started.getInteger("transactionId");
      cp16.call("StopTransaction", new JsonObject().put("transactionId", tx).put("idTag", uid).put("meterStop", 13000)
          .put("timestamp", start.plus(30, ChronoUnit.MINUTES).toString()).put("reason", "Local"));
      double expected = 12 * 0.50;
      JsonObject cdr = poll("/cpms/v1/transactions", b -> b.getJsonArray("data").size() == 1)
          .getJsonArray("data").getJsonObject(0);
      assertEquals(expected, cdr.getDouble("amount"), cdr.encode());
      assertEquals("pending", cdr.getString("paymentStatus"));
      JsonObject owing = operator.get("/cpms/v1/fraud/drivers/" + driverId).data();
      assertFalse(owing.getBoolean("fraud_hold"), "a pending payment is not unpaid");
      assertEquals(0.0, owing.getDouble("outstanding_balance"));

      // the payment fails, as a payment provider would record it
      sql("UPDATE transactions SET payment_status = 'failed' WHERE id = $1", Tuple.of(UUID.fromString(cdr.getString("id"))));
      JsonObject held = pollOperator("/cpms/v1/fraud/drivers/" + driverId, b -> b.getJsonObject("data").getBoolean("fraud_hold"))
          .getJsonObject("data");
      assertEquals(expected, held.getDouble("outstanding_balance"));

      assertEquals("Blocked", status16(cp16.call("Authorize", idTag)));
      assertEquals("Blocked", status201(cp201.call("Authorize", idToken)));
      JsonObject refusedStart = cp16.call("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", uid)
          .put("meterStart", 13000).put("timestamp", Instant.now().toString())).getJsonObject(2);
      assertEquals("Blocked", refusedStart.getJsonObject("idTagInfo").getString("status"), refusedStart.encode());
      cp16.call("StopTransaction", new JsonObject().put("transactionId", refusedStart.getInteger("transactionId"))
          .put("meterStop", 13000).put("timestamp", Instant.now().toString()).put("reason", "DeAuthorized"));
      JsonObject event = cp201.call("TransactionEvent", new JsonObject().put("eventType", "Started")
          .put("timestamp", Instant.now().toString()).put("triggerReason", "Authorized").put("seqNo", 0)
          .put("transactionInfo", new JsonObject().put("transactionId", "FRAUD-TX-1"))
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1))
          .put("idToken", idToken.getJsonObject("idToken"))).getJsonObject(2);
      assertEquals("Blocked", event.getJsonObject("idTokenInfo").getString("status"), event.encode());

      String charger16 = chargerId("FRAUD-16");
      Http.Result emspStart = partner.post("/emsp/v1/charging/start", new JsonObject().put("chargerId", charger16)
          .put("connectorNumber", 1).put("idTag", uid));
      assertEquals(409, emspStart.status(), emspStart.body().encode());
      assertEquals("driver_on_hold", emspStart.body().getString("error"));
      Http.Result cpmsStart = operator.post("/cpms/v1/chargers/" + charger16 + "/remote-start",
          new JsonObject().put("idTag", uid).put("connectorNumber", 1));
      assertEquals(409, cpmsStart.status(), cpmsStart.body().encode());
      assertEquals("driver_on_hold", cpmsStart.body().getString("error"));
      assertTrue(cp16.received().stream().noneMatch(f -> f.size() > 2 && "RemoteStartTransaction".equals(f.getString(2))),
          "no remote start reached the charger");

      Http.Result cleared = operator.post("/cpms/v1/fraud/drivers/" + driverId + "/clear-hold",
          new JsonObject().put("waive", true));
      assertEquals(200, cleared.status(), cleared.body().encode());
      assertEquals(1, cleared.data().getInteger("sessions_waived"));
      assertTrue(cleared.data().getBoolean("hold_cleared"));
      assertFalse(cleared.data().getBoolean("fraud_hold"));

      assertEquals("Accepted", status16(cp16.call("Authorize", idTag)));
      assertEquals("Accepted", status201(cp201.call("Authorize", idToken)));
    }
  }

  private static String status16(JsonArray answer) {
    return answer.getJsonObject(2).getJsonObject("idTagInfo").getString("status");
  }

  private static String status201(JsonArray answer) {
    return answer.getJsonObject(2).getJsonObject("idTokenInfo").getString("status");
  }

  private static JsonObject poll(String path, Predicate<JsonObject> done) throws InterruptedException {
    return pollOperator(path, done);
  }

  /** The operator's answer once it satisfies {@code done} (bounded: 15 s). */
  private static JsonObject pollOperator(String path, Predicate<JsonObject> done) throws InterruptedException {
    long until = System.currentTimeMillis() + 15_000;
    JsonObject last = null;
    while (System.currentTimeMillis() < until) {
      Http.Result r = operator.get(path);
      last = r.body();
      if (r.status() == 200 && done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not within 15 s: " + path + " → " + last);
  }

  private static String chargerId(String chargePointId) {
    Pool pg = PgClients.pool(clients, voltgate.backends().pgUrl(), 1);
    try {
      return WsCharger.await(pg.preparedQuery("SELECT id FROM chargers WHERE charge_point_id = $1")
          .execute(Tuple.of(chargePointId))).iterator().next().getUUID("id").toString();
    } finally {
      WsCharger.await(pg.close());
    }
  }

  private static void sql(String statement, Tuple args) {
    Pool pg = PgClients.pool(clients, voltgate.backends().pgUrl(), 1);
    try {
      WsCharger.await(pg.preparedQuery(statement).execute(args));
    } finally {
      WsCharger.await(pg.close());
    }
  }
}
