package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Control endpoints over real HTTP, driving real charger sockets through a whole Voltgate. */
@Timeout(120)
class ControlApiTest {

  private static final String KEY = "pk_cpms_live_c0ffee00c0ffee00c0ffee00c0ffee00";
  /** Where chargers would reach the HTTP port; the test sends the uploads to the real port. */
  private static final String PUBLIC_URL = "https://voltgate.example.com";
  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static Http api;

  @BeforeAll
  static void start() {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register",
        "VOLTGATE_COMMAND_TIMEOUT_S", "1", "VOLTGATE_PUBLIC_HTTP_URL", PUBLIC_URL)), "node-control");
    clients = Vertx.vertx();
    api = new Http(voltgate.httpPort(), KEY);
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    voltgate.stop();
  }

  private static String chargerUuid(String cp) throws Exception {
    try (Connection c = VoltgateLifecycleTest.jdbc(voltgate.backends().pgUrl()); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id FROM chargers WHERE charge_point_id = '" + cp + "' AND deleted_at IS NULL")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static WsCharger booted(String cp, String protocol) {
    WsCharger c = WsCharger.connect(clients, voltgate.ocppPort(), cp, protocol);
    JsonArray boot = protocol.equals("ocpp1.6")
        ? c.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme").put("chargePointModel", "AC"))
        : c.call("BootNotification", new JsonObject().put("reason", "PowerUp").put("chargingStation",
            new JsonObject().put("vendorName", "Acme").put("model", "AC")));
    assertEquals(3, boot.getInteger(0), boot.encode());
    assertEquals("Accepted", boot.getJsonObject(2).getString("status"));
    return c;
  }

  /** Statuses reach Postgres in batches, a moment after the charger is answered. */
  private static void awaitConnectorRows(String... chargePointIds) throws Exception {
    long deadline = System.currentTimeMillis() + 5_000;
    while (true) {
      try (Connection c = VoltgateLifecycleTest.jdbc(voltgate.backends().pgUrl()); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT count(*) FROM connectors k JOIN chargers ch ON ch.id = k.charger_id"
               + " WHERE ch.charge_point_id IN ('" + String.join("','", chargePointIds) + "')")) {
        rs.next();
        if (rs.getInt(1) >= chargePointIds.length) {
          return;
        }
      }
      assertTrue(System.currentTimeMillis() < deadline, "connector rows of " + String.join(", ", chargePointIds));
      Thread.sleep(50);
    }
  }

  @Test
  void deletingAChargerThroughTheApiClosesItsSocketAtOnce() throws Exception {
    String cp = "CTLDEL-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsCharger charger = booted(cp, "ocpp1.6")) {
      Http.Result deleted = api.call("DELETE", "/cpms/v1/chargers/" + chargerUuid(cp), null);
      assertEquals(200, deleted.status(), deleted.body().encode());
      long deadline = System.currentTimeMillis() + 1_000;
      while (!charger.isClosed() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(charger.isClosed(), "the deleted charger's socket is closed within 1 s");
    }
  }

  @Test
  void controlEndpointsDriveA16Charger() throws Exception {
    String cp = "CTL16-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsCharger charger = booted(cp, "ocpp1.6")) {
      charger.answer("RemoteStartTransaction", new JsonObject().put("status", "Accepted"))
          .answer("Reset", new JsonObject().put("status", "Accepted"))
          .answer("UnlockConnector", new JsonObject().put("status", "Unlocked"))
          .answer("ChangeAvailability", new JsonObject().put("status", "Accepted"))
          .answer("TriggerMessage", new JsonObject().put("status", "Accepted"))
          .answer("GetConfiguration", new JsonObject().put("configurationKey", new JsonArray()
              .add(new JsonObject().put("key", "HeartbeatInterval").put("readonly", false).put("value", "300"))))
          .answer("ChangeConfiguration", new JsonObject().put("status", "Rejected"))
          .answer("UpdateFirmware", new JsonObject())
          .answer("RemoteStopTransaction", new JsonObject().put("status", "Accepted"));
      String id = chargerUuid(cp);
      String base = "/cpms/v1/chargers/" + id;
      Http.Result start = api.post(base + "/remote-start", new JsonObject().put("idTag", "OP-1").put("connectorNumber", 1));
      assertEquals(200, start.status(), start.body().encode());
      assertTrue(start.data().getBoolean("accepted"));
      assertEquals("OP-1", start.data().getString("idTag"));
      assertEquals("OCPP", start.data().getString("deviceType"));
      assertTrue(api.post(base + "/reboot", new JsonObject().put("type", "Hard")).data().getBoolean("accepted"));
      assertTrue(api.post(base + "/unlock-connector", new JsonObject().put("connectorNumber", 1)).data().getBoolean("accepted"));
      Http.Result avail = api.post(base + "/change-availability", new JsonObject().put("connectorNumber", 0).put("type", "Inoperative"));
      assertTrue(avail.data().getBoolean("accepted"));
      assertEquals("Inoperative", avail.data().getString("type"));
      assertTrue(api.post(base + "/trigger-message", new JsonObject().put("requestedMessage", "StatusNotification")).data().getBoolean("accepted"));
      Http.Result config = api.get(base + "/configuration?keys=HeartbeatInterval");
      assertEquals("1.6", config.data().getString("ocppVersion"));
      assertEquals("300", config.data().getJsonObject("result").getJsonArray("configurationKey").getJsonObject(0).getString("value"));
      Http.Result change = api.post(base + "/configuration", new JsonObject().put("key", "HeartbeatInterval").put("value", "60"));
      assertFalse(change.data().getBoolean("accepted"));
      assertEquals("rejected", change.data().getString("outcome"));
      assertNotNull(change.data().getString("reason"));
      Http.Result fw = api.post(base + "/firmware/update", new JsonObject().put("location", "https://fw.example/acme.bin"));
      assertTrue(fw.data().getBoolean("accepted"), fw.body().encode());
      assertEquals(409, api.post(base + "/remote-stop", null).status(), "no active session yet");
      JsonArray tx = charger.call("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", "OP-1")
          .put("meterStart", 0).put("timestamp", "2026-11-21T10:00:00Z"));
      assertNotNull(tx.getJsonObject(2).getInteger("transactionId"));
      Http.Result stop = api.post(base + "/remote-stop", null);
      assertTrue(stop.data().getBoolean("accepted"), stop.body().encode());
      assertEquals("STOPPING", stop.data().getString("status"));
      assertEquals(tx.getJsonObject(2).getInteger("transactionId"),
          charger.received().stream().filter(f -> f.getString(2).equals("RemoteStopTransaction")).findFirst().orElseThrow()
              .getJsonObject(3).getInteger("transactionId"));
      Http.Result status = api.get(base + "/firmware/status");
      assertTrue(status.data().getBoolean("isOnline"));
    }
  }

  @Test
  void a201ChargerGetsTheVersionsMessages() throws Exception {
    String cp = "CTL201-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsCharger charger = booted(cp, "ocpp2.0.1")) {
      charger.answer("SetVariables", new JsonObject().put("setVariableResult", new JsonArray().add(new JsonObject()
          .put("attributeStatus", "Accepted").put("component", new JsonObject().put("name", "OCPPCommCtrlr"))
          .put("variable", new JsonObject().put("name", "HeartbeatInterval")))));
      charger.answer("GetVariables", new JsonObject().put("getVariableResult", new JsonArray().add(new JsonObject()
          .put("attributeStatus", "Accepted").put("attributeValue", "300").put("component", new JsonObject().put("name", "OCPPCommCtrlr"))
          .put("variable", new JsonObject().put("name", "HeartbeatInterval")))));
      String base = "/cpms/v1/chargers/" + chargerUuid(cp);
      Http.Result set = api.post(base + "/variables/set", new JsonObject().put("variables", new JsonArray()
          .add(new JsonObject().put("component", "OCPPCommCtrlr").put("variable", "HeartbeatInterval").put("value", "120"))));
      assertTrue(set.data().getBoolean("accepted"), set.body().encode());
      Http.Result get = api.post(base + "/variables/get", new JsonObject().put("variables", new JsonArray().add("OCPPCommCtrlr.HeartbeatInterval")));
      assertEquals("2.0.1", get.data().getString("ocppVersion"));
      assertEquals("300", get.data().getJsonObject("result").getJsonArray("getVariableResult").getJsonObject(0).getString("attributeValue"));
    }
  }

  @Test
  void offlineChargersAnswerWithinASecondAndSilentOnesTimeOut() throws Exception {
    String cp = "CTLOFF-" + UUID.randomUUID().toString().substring(0, 8);
    String base;
    try (WsCharger charger = booted(cp, "ocpp1.6")) {
      base = "/cpms/v1/chargers/" + chargerUuid(cp);
      Http.Result timeout = api.post(base + "/reboot", null);
      assertFalse(timeout.data().getBoolean("accepted"));
      assertEquals("timeout", timeout.data().getString("outcome"));
      assertTrue(timeout.data().getBoolean("retryable"));
    }
    Thread.sleep(300);
    long t0 = System.nanoTime();
    Http.Result offline = api.post(base + "/unlock-connector", new JsonObject().put("connectorNumber", 1));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(200, offline.status());
    assertFalse(offline.data().getBoolean("accepted"));
    assertTrue(offline.data().getBoolean("retryable"));
    assertEquals("offline", offline.data().getString("outcome"));
    assertTrue(ms < 1_000, "offline answer took " + ms + " ms");
  }

  @Test
  void unknownChargersAndBadBodiesAreRefused() {
    assertEquals(404, api.post("/cpms/v1/chargers/" + UUID.randomUUID() + "/reboot", null).status());
    assertEquals(400, api.post("/cpms/v1/chargers/" + UUID.randomUUID() + "/unlock-connector", new JsonObject()).status());
    assertEquals(400, api.post("/cpms/v1/chargers/" + UUID.randomUUID() + "/change-availability",
        new JsonObject().put("type", "Sideways")).status());
  }

  @Test
  void diagnosticsAreRequestedUploadedListedAndDownloaded() throws Exception {
    String cp = "DIAG-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsCharger charger = booted(cp, "ocpp1.6")) {
      charger.answer("GetDiagnostics", new JsonObject().put("fileName", "diag-1.log"));
      String id = chargerUuid(cp);
      Http.Result fetch = api.post("/cpms/v1/chargers/" + id + "/diagnostics/fetch", null);
      assertTrue(fetch.data().getBoolean("accepted"), fetch.body().encode());
      assertEquals("diag-1.log", fetch.data().getString("fileName"));
      String location = charger.received().stream().filter(f -> f.getString(2).equals("GetDiagnostics")).findFirst()
          .orElseThrow().getJsonObject(3).getString("location");
      assertTrue(location.startsWith(PUBLIC_URL + "/uploads/diagnostics/"), location);
      location = location.replace(PUBLIC_URL, "http://127.0.0.1:" + voltgate.httpPort());
      var upload = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(location + "diag-1.log")).PUT(java.net.http.HttpRequest.BodyPublishers.ofString("log line 1\n")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(201, upload.statusCode());
      var forged = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(location.replaceAll("/uploads/diagnostics/[^/]+/", "/uploads/diagnostics/" + id + ".9999999999.00.00/") + "x.log"))
              .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("evil")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(403, forged.statusCode());
      Http.Result files = api.get("/cpms/v1/diagnostic-files?chargerId=" + id);
      assertEquals(1, files.body().getJsonArray("data").size(), files.body().encode());
      JsonObject file = files.body().getJsonArray("data").getJsonObject(0);
      assertEquals("diag-1.log", file.getString("name"));
      assertEquals(11, file.getInteger("size"));
      var download = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + voltgate.httpPort() + file.getString("url"))).header("X-API-Key", KEY).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals("log line 1\n", download.body());
      Http.Result snapshot = api.get("/cpms/v1/chargers/" + id + "/diagnostics");
      assertTrue(snapshot.data().getBoolean("isOnline"));
      assertEquals("Connected", snapshot.data().getString("lastConnectionStatus"));
      assertEquals(400, api.get("/cpms/v1/diagnostic-files").status());
    }
  }

  @Test
  void forceStopFinalisesAHungSessionAndRefundNeedsPayments() throws Exception {
    String cp = "FORCE-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsCharger charger = booted(cp, "ocpp1.6")) {
      JsonArray tx = charger.call("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", "T")
          .put("meterStart", 1000).put("timestamp", "2026-11-21T10:00:00Z"));
      int transactionId = tx.getJsonObject(2).getInteger("transactionId");
      charger.call("MeterValues", new JsonObject().put("connectorId", 1).put("transactionId", transactionId)
          .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", "2026-11-21T10:30:00Z")
              .put("sampledValue", new JsonArray().add(new JsonObject().put("value", "4000"))))));
      String sessionId;
      try (Connection c = VoltgateLifecycleTest.jdbc(voltgate.backends().pgUrl()); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT id FROM charging_sessions WHERE ocpp16_transaction_id = " + transactionId)) {
        rs.next();
        sessionId = rs.getString(1);
      }
      Thread.sleep(500); // meter samples are written in batches
      Http.Result stop = api.post("/cpms/v1/sessions/" + sessionId + "/force-stop", null);
      assertEquals(200, stop.status(), stop.body().encode());
      assertTrue(stop.data().getBoolean("stopped"));
      assertEquals(3000.0, stop.data().getDouble("energyWh"));
      assertEquals(409, api.post("/cpms/v1/sessions/" + sessionId + "/force-stop", null).status());
      Http.Result refund = api.post("/cpms/v1/sessions/" + sessionId + "/refund", null);
      assertEquals(409, refund.status());
      assertEquals("payments_not_enabled", refund.body().getString("error"));
      assertEquals(404, api.post("/cpms/v1/sessions/" + UUID.randomUUID() + "/force-stop", null).status());
    }
  }

  @Test
  void operatorLimitsAreSetReadAndCleared() throws Exception {
    String cp = "LIMIT-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsCharger charger = booted(cp, "ocpp2.0.1")) {
      charger.answer("SetChargingProfile", new JsonObject().put("status", "Accepted"))
          .answer("ClearChargingProfile", new JsonObject().put("status", "Accepted"))
          .answer("GetCompositeSchedule", new JsonObject().put("status", "Accepted"));
      charger.call("StatusNotification", new JsonObject().put("timestamp", "2026-11-21T10:00:00Z")
          .put("connectorStatus", "Available").put("evseId", 1).put("connectorId", 1));
      String base = "/cpms/v1/smart-charging/" + chargerUuid(cp);
      Http.Result set = api.call("PUT", base + "/limit", new JsonObject().put("connectorNumber", 1).put("unit", "W").put("limit", 7400));
      assertTrue(set.data().getBoolean("accepted"), set.body().encode());
      assertEquals(90001, set.data().getInteger("profileId"));
      Http.Result read = api.get(base + "/limit?connector=1");
      assertEquals(7400.0, read.data().getDouble("limit"), read.body().encode());
      assertEquals("W", read.data().getString("unit"));
      Http.Result composite = api.get(base + "/composite-schedule?connector=1&duration=600");
      assertTrue(composite.data().getBoolean("accepted"));
      assertEquals(600, composite.data().getInteger("durationSeconds"));
      Http.Result cleared = api.call("DELETE", base + "/limit?connector=1", null);
      assertTrue(cleared.data().getBoolean("accepted"));
      assertEquals(null, api.get(base + "/limit?connector=1").data().getValue("limit"));
      assertEquals(400, api.call("PUT", base + "/limit", new JsonObject().put("limit", -1)).status());
    }
  }

  @Test
  void siteLoadBalancingSplitsTheBudgetAndFollowsSessions() throws Exception {
    String a = "LB-A-" + UUID.randomUUID().toString().substring(0, 6);
    String b = "LB-B-" + UUID.randomUUID().toString().substring(0, 6);
    try (WsCharger ca = booted(a, "ocpp1.6"); WsCharger cb = booted(b, "ocpp1.6")) {
      for (WsCharger c : new WsCharger[] {ca, cb}) {
        c.answer("SetChargingProfile", new JsonObject().put("status", "Accepted"));
        c.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError").put("status", "Preparing"));
      }
      String location = UUID.randomUUID().toString();
      awaitConnectorRows(a, b);
      try (Connection c = VoltgateLifecycleTest.jdbc(voltgate.backends().pgUrl()); Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO locations (id, network_id, name) SELECT '" + location + "', network_id, 'LB site'"
            + " FROM chargers WHERE charge_point_id = '" + a + "'");
        st.executeUpdate("UPDATE chargers SET location_id = '" + location + "' WHERE charge_point_id IN ('" + a + "', '" + b + "')");
        st.executeUpdate("UPDATE connectors SET max_power_kw = 22 WHERE charger_id IN (SELECT id FROM chargers WHERE location_id = '" + location + "')");
      }
      Http.Result put = api.call("PUT", "/cpms/v1/load-balancing/" + location, new JsonObject().put("enabled", true)
          .put("strategy", "equal").put("siteMaxPowerKw", 20).put("safetyMarginPct", 20));
      assertEquals(200, put.status(), put.body().encode());
      assertTrue(put.data().getBoolean("updated"));
      Http.Result rebalanced = api.post("/cpms/v1/load-balancing/" + location + "/rebalance", null);
      assertEquals(200, rebalanced.status(), rebalanced.body().encode());
      double sum = rebalanced.data().getJsonObject("allocations").stream().mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum();
      assertEquals(16.0, sum, 0.001, "20 kW site with a 20 % margin");
      JsonObject pushed = ca.received().stream().filter(f -> f.getString(2).equals("SetChargingProfile")).reduce((x, y) -> y)
          .orElseThrow().getJsonObject(3);
      assertEquals(8000.0, pushed.getJsonObject("csChargingProfiles").getJsonObject("chargingSchedule")
          .getJsonArray("chargingSchedulePeriod").getJsonObject(0).getDouble("limit"));
      Http.Result view = api.get("/cpms/v1/load-balancing/" + location);
      assertEquals(16.0, view.data().getDouble("allocatedKw"));
      assertEquals(2, view.data().getJsonArray("evses").size());
      assertEquals(400, api.call("PUT", "/cpms/v1/load-balancing/" + location, new JsonObject().put("safetyMarginPct", 5)).status());
      assertEquals(404, api.get("/cpms/v1/load-balancing/" + UUID.randomUUID()).status());
      // A session ending on B frees its share: the trigger rebalances on its own.
      int before = (int) ca.received().stream().filter(f -> f.getString(2).equals("SetChargingProfile")).count();
      cb.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError").put("status", "Available"));
      JsonArray start = ca.call("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", "LB")
          .put("meterStart", 0).put("timestamp", "2026-11-21T11:00:00Z"));
      assertNotNull(start.getJsonObject(2).getInteger("transactionId"));
      for (int i = 0; i < 60 && ca.received().stream().filter(f -> f.getString(2).equals("SetChargingProfile")).count() == before; i++) {
        Thread.sleep(100);
      }
      JsonObject latest = ca.received().stream().filter(f -> f.getString(2).equals("SetChargingProfile")).reduce((x, y) -> y)
          .orElseThrow().getJsonObject(3);
      assertEquals(16000.0, latest.getJsonObject("csChargingProfiles").getJsonObject("chargingSchedule")
          .getJsonArray("chargingSchedulePeriod").getJsonObject(0).getDouble("limit"), "A alone gets the whole budget");
    }
  }
}
