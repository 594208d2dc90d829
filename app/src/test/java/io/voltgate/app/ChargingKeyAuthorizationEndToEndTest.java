package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Voltgate nodes on one Postgres and Redis: an EMP partner creates, disables and enables a
 * charging key through node A's {@code /emp/v1}, and a charger connected to node B sees each change
 * at its very next Authorize, StartTransaction (1.6) or TransactionEvent (2.0.1), although B had
 * just cached the previous answer. The key's little-endian identifier is presented as its idTag.
 */
@Timeout(180)
class ChargingKeyAuthorizationEndToEndTest {

  private static final String KEY = "pk_cpms_live_e3b0000000000000000000000000000";
  @TempDir
  static Path dir;
  private static Backends shared;
  private static Voltgate nodeA;
  private static Voltgate nodeB;
  private static Vertx clients;
  private static Http partner;

  @BeforeAll
  static void start() {
    shared = Backends.start(BackendOptions.from(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString()))));
    nodeA = Voltgate.start(settings(), "node-keys-a");
    nodeB = Voltgate.start(settings(), "node-keys-b");
    clients = Vertx.vertx();
    Http operator = new Http(nodeA.httpPort(), KEY);
    String network = operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
    Http.Result minted = operator.post("/cpms/v1/api-keys", new JsonObject().put("name", "EMP partner")
        .put("apiFamily", "emp").put("networkIds", new JsonArray().add(network)));
    assertEquals(201, minted.status(), minted.body().encode());
    partner = new Http(nodeA.httpPort(), minted.data().getString("key"));
  }

  private static Settings settings() {
    return Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_PG_URL", shared.pgUrl(),
        "VOLTGATE_REDIS_URL", shared.redisUrl(), "VOLTGATE_OCPP_PORT", "0", "VOLTGATE_HTTP_PORT", "0",
        "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register"));
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    nodeB.stop();
    nodeA.stop();
    shared.close();
  }

  /** Creates a key (its little-endian identifier) and answers the idTag chargers present. */
  private static String createKey(String littleEndian, String validTo) {
    JsonObject body = new JsonObject().put("keyIdentifier", littleEndian).put("visualNumber", "V-" + littleEndian);
    if (validTo != null) {
      body.put("validTo", validTo);
    }
    Http.Result r = partner.post("/emp/v1/charging-keys", body);
    assertEquals(200, r.status(), r.body().encode());
    return r.body().getString("keyIdentifier").toUpperCase(java.util.Locale.ROOT);
  }

  private static void set(String littleEndian, String action) {
    Http.Result r = partner.call("PUT", "/emp/v1/charging-keys/" + littleEndian + "/" + action, null);
    assertEquals(200, r.status(), r.body().encode());
  }

  @Test
  void aDisabledKeyIsRefusedAndAnEnabledOneAcceptedOnAnotherNodeOnOcpp16() {
    String idTag = createKey("e0e03336", null);
    assertEquals("3633E0E0", idTag, "the seed's example, bytes reversed");
    try (WsCharger cp = WsCharger.connect(clients, nodeB.ocppPort(), "KEY-16", "ocpp1.6")) {
      cp.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      assertEquals("Accepted", authorize16(cp, idTag));
      JsonObject started = start16(cp, 1, idTag);
      assertEquals("Accepted", started.getJsonObject("idTagInfo").getString("status"));
      cp.call("StopTransaction", new JsonObject().put("transactionId", started.getInteger("transactionId"))
          .put("meterStop", 10).put("timestamp", Instant.now().toString()));

      set("e0e03336", "disable");
      assertEquals("Blocked", authorize16(cp, idTag));
      assertEquals("Blocked", start16(cp, 2, idTag).getJsonObject("idTagInfo").getString("status"));

      set("e0e03336", "enable");
      assertEquals("Accepted", authorize16(cp, idTag));

      String expired = createKey("0102a0b0", "2020-01-01T00:00:00Z");
      assertEquals("Expired", authorize16(cp, expired));
    }
  }

  @Test
  void aDisabledKeyIsRefusedAndAnEnabledOneAcceptedOnAnotherNodeOnOcpp201() {
    String littleEndian = "11223344556677";
    String idTag = createKey(littleEndian, null);
    assertEquals("77665544332211", idTag);
    try (WsCharger cp = WsCharger.connect(clients, nodeB.ocppPort(), "KEY-201", "ocpp2.0.1")) {
      cp.call("BootNotification", new JsonObject().put("reason", "PowerUp")
          .put("chargingStation", new JsonObject().put("model", "M").put("vendorName", "V")));
      assertEquals("Accepted", authorize201(cp, idTag));

      set(littleEndian, "disable");
      assertEquals("Blocked", authorize201(cp, idTag));
      JsonObject event = cp.call("TransactionEvent", new JsonObject().put("eventType", "Started")
          .put("timestamp", Instant.now().toString()).put("triggerReason", "Authorized").put("seqNo", 0)
          .put("transactionInfo", new JsonObject().put("transactionId", "tx-key-201"))
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1))
          .put("idToken", idToken201(idTag))).getJsonObject(2);
      assertEquals("Blocked", event.getJsonObject("idTokenInfo").getString("status"), event.encode());

      set(littleEndian, "enable");
      assertEquals("Accepted", authorize201(cp, idTag));
    }
  }

  private static String authorize16(WsCharger cp, String idTag) {
    return cp.call("Authorize", new JsonObject().put("idTag", idTag)).getJsonObject(2).getJsonObject("idTagInfo")
        .getString("status");
  }

  private static JsonObject start16(WsCharger cp, int connector, String idTag) {
    return cp.call("StartTransaction", new JsonObject().put("connectorId", connector).put("idTag", idTag)
        .put("meterStart", 0).put("timestamp", Instant.now().toString())).getJsonObject(2);
  }

  private static JsonObject idToken201(String idTag) {
    return new JsonObject().put("idToken", idTag).put("type", "ISO14443");
  }

  private static String authorize201(WsCharger cp, String idTag) {
    return cp.call("Authorize", new JsonObject().put("idToken", idToken201(idTag))).getJsonObject(2)
        .getJsonObject("idTokenInfo").getString("status");
  }
}
