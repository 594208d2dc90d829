package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pending} policy end to end: an unknown charger waits with BootNotification Pending, a
 * platform administrator finds it in the list and accepts it into a network through the API, and the
 * charger is then Accepted: at once on its open socket when it was accepted without credentials
 * (profile 0, an explicit choice), after reconnecting with the one-time password otherwise.
 */
@Timeout(120)
class PendingChargerAcceptanceTest {

  private static final String KEY = "pk_cpms_live_9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e";
  private static final JsonObject BOOT = new JsonObject().put("chargePointVendor", "Acme").put("chargePointModel", "X1");

  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static Http api;
  private static String network;

  @BeforeAll
  static void start() {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "pending")), "node-pending");
    clients = Vertx.vertx();
    api = new Http(voltgate.httpPort(), KEY);
    network = api.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() {
    clients.close();
    voltgate.stop();
  }

  @Test
  void aChargerAcceptedWithoutCredentialsIsAcceptedOnItsOpenSocket() {
    String cp = "PEND-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsCharger charger = WsCharger.connect(clients, voltgate.ocppPort(), cp, "ocpp1.6")) {
      assertEquals("Pending", charger.call("BootNotification", BOOT).getJsonObject(2).getString("status"));
      JsonObject listed = listed(cp);
      assertNotNull(listed, "the charger is listed for acceptance");
      assertEquals("Acme", listed.getString("vendor"));
      assertEquals(0, api.get("/cpms/v1/chargers").body().getJsonArray("data").stream()
          .filter(c -> cp.equals(((JsonObject) c).getString("uid"))).count(), "in no network yet");

      Http.Result accepted = api.post("/cpms/v1/pending-chargers/" + cp + "/accept",
          new JsonObject().put("networkUuid", network).put("securityProfile", 0));
      assertEquals(201, accepted.status(), accepted.body().encode());
      assertEquals(network, accepted.data().getString("networkId"));

      eventually(() -> "Accepted".equals(charger.call("BootNotification", BOOT).getJsonObject(2).getString("status")),
          "the next BootNotification on the same socket is Accepted");
      assertEquals(null, listed(cp), "no longer pending");
    }
  }

  @Test
  void aChargerAcceptedWithCredentialsMustReconnectWithTheOneTimePassword() {
    String cp = "PEND-" + UUID.randomUUID().toString().substring(0, 8);
    WsCharger unauthenticated = WsCharger.connect(clients, voltgate.ocppPort(), cp, "ocpp1.6");
    assertEquals("Pending", unauthenticated.call("BootNotification", BOOT).getJsonObject(2).getString("status"));

    Http.Result accepted = api.post("/cpms/v1/pending-chargers/" + cp + "/accept", new JsonObject().put("networkUuid", network));
    assertEquals(201, accepted.status(), accepted.body().encode());
    assertEquals(1, accepted.data().getInteger("securityProfile"), "profile 1 unless asked otherwise");
    String password = accepted.data().getString("password");
    assertNotNull(password, "the password is shown once");

    eventually(unauthenticated::isClosed, "the socket opened without credentials is closed");
    unauthenticated.close();
    try (WsCharger charger = WsCharger.connectWithPassword(clients, voltgate.ocppPort(), cp, "ocpp1.6", password)) {
      assertEquals("Accepted", charger.call("BootNotification", BOOT).getJsonObject(2).getString("status"));
    }
  }

  @Test
  void onlyAPlatformAdministratorSeesOrAcceptsPendingChargers() {
    Http.Result minted = api.post("/cpms/v1/api-keys?networkUuid=" + network, new JsonObject().put("name", "tenant")
        .put("scopes", new JsonArray().add("cpms:chargers:read").add("cpms:chargers:write")));
    assertEquals(201, minted.status(), minted.body().encode());
    Http tenant = new Http(voltgate.httpPort(), minted.data().getString("key"));
    assertEquals(403, tenant.get("/cpms/v1/pending-chargers").status());
    assertEquals(403, tenant.post("/cpms/v1/pending-chargers/ANY-1/accept", new JsonObject().put("networkUuid", network)).status());
    assertEquals(404, api.post("/cpms/v1/pending-chargers/NEVER-SEEN/accept", new JsonObject().put("networkUuid", network)).status());
    assertEquals(400, api.call("DELETE", "/cpms/v1/pending-chargers/bad%20id", null).status());
  }

  private static JsonObject listed(String cp) {
    JsonArray items = api.get("/cpms/v1/pending-chargers").body().getJsonArray("data");
    return items.stream().map(JsonObject.class::cast).filter(c -> cp.equals(c.getString("chargePointId")))
        .findFirst().orElse(null);
  }

  private static void eventually(java.util.function.BooleanSupplier check, String what) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (check.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertTrue(false, "not within 10 s: " + what);
  }
}
