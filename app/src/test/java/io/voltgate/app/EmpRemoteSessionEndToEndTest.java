package io.voltgate.app;

import static io.voltgate.app.support.ChargerCalls.awaitCall;
import static io.voltgate.app.support.ChargerCalls.lastCall;
import static io.voltgate.app.support.ChargerCalls.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.ChargerTransactions.Transaction;
import io.voltgate.app.support.ChargerTransactions.Tx16;
import io.voltgate.app.support.ChargerTransactions.Tx201;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.IdleTariffSession;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.services.billing.PriceBreakdown;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EMP partner charges through {@code /emp/v1/sessions} against a real charger socket, on OCPP
 * 1.6 and 2.0.1: it starts a remote session on a connector with a charging key (the charger receives
 * the remote start with the key), reads the session PENDING then ACTIVE, stops it (the charger
 * receives the remote stop and reports it), and reads it COMPLETE with the energy and the price the
 * pricing engine computes for exactly those readings. Another network's key sees none of it; a
 * session not started remotely cannot be stopped; bad input is answered with the seed's errors over
 * real HTTP, never a 5xx.
 *
 * <p>Tariff and session: {@link io.voltgate.app.support.IdleTariffSession} (0.30/kWh, 1.20/h, 0.50 session fee, idle 6/h after 5 minutes, 10 % VAT). Session: 40
 * minutes, 12 kWh over the first 30, then 0 W: subtotal 5.20, VAT 0.52, total 5.72 → 520 / 572 minor.
 */
@Timeout(240)
class EmpRemoteSessionEndToEndTest {

  private static final String KEY = "pk_cpms_live_e3b00000000000000000000000000000";
  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static Http operator;
  private static Http emp;
  private static Http otherEmp;
  private static Http emsp;
  private static String location;
  private static String currency;

  @BeforeAll
  static void start() {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register", "VOLTGATE_COMMAND_TIMEOUT_S", "3")), "node-emp-sessions");
    clients = Vertx.vertx();
    operator = new Http(voltgate.httpPort(), KEY);
    String network = operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
    emp = new Http(voltgate.httpPort(), key(network, "emp"));
    emsp = new Http(voltgate.httpPort(), key(network, "emsp"));
    String tariff = IdleTariffSession.createTariff(operator, "EMP AC");
    location = created(operator.post("/cpms/v1/locations", new JsonObject().put("name", "Harbour Square")));
    currency = operator.get("/cpms/v1/tariffs/" + tariff).data().getString("currency");
    // a second network last: with two, the operator's creations above would need to name theirs
    Http.Result other = operator.post("/platform/v1/networks", new JsonObject().put("name", "Other Network"));
    assertEquals(201, other.status(), other.body().encode());
    otherEmp = new Http(voltgate.httpPort(), key(other.data().getString("id"), "emp"));
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    voltgate.stop();
  }

  private static String key(String network, String family) {
    Http.Result minted = operator.post("/cpms/v1/api-keys", new JsonObject().put("name", family + " partner")
        .put("apiFamily", family).put("networkIds", new JsonArray().add(network)));
    assertEquals(201, minted.status(), minted.body().encode());
    return minted.data().getString("key");
  }

  private static String created(Http.Result r) {
    assertEquals(201, r.status(), r.body().encode());
    return r.data().getString("id");
  }

  /**
   * A charging key of the network: the EMP charging-key endpoints are not in this branch, so an RFID
   * token of the network made the way the driver API makes them (what a charging key is stored as).
   */
  private static String chargingKey() {
    String user = created(emsp.post("/emsp/v1/users", new JsonObject()
        .put("email", "fleet-" + UUID.randomUUID() + "@example.com").put("firstName", "Fleet").put("lastName", "Driver")));
    String uid = "K" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    Http.Result token = emsp.post("/emsp/v1/auth/tokens", new JsonObject().put("userId", user).put("tokenType", "RFID")
        .put("uid", uid));
    assertEquals(201, token.status(), token.body().encode());
    return uid;
  }

  /** Connects and boots a charger at the location and adds its connector 1; the connector's public id. */
  private static String placedConnector(WsCharger cp, String id, boolean v201) {
    JsonObject boot = v201
        ? new JsonObject().put("reason", "PowerUp").put("chargingStation", new JsonObject().put("model", "M")
            .put("vendorName", "V"))
        : new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M");
    assertEquals("Accepted", cp.call("BootNotification", boot).getJsonObject(2).getString("status"));
    String charger = operator.get("/cpms/v1/chargers?pageSize=100").body().getJsonArray("data").stream()
        .map(JsonObject.class::cast).filter(c -> id.equals(c.getString("uid"))).findFirst()
        .orElseThrow(() -> new AssertionError("charger " + id + " registered at boot")).getString("id");
    Http.Result moved = operator.call("PATCH", "/cpms/v1/chargers/" + charger, new JsonObject().put("locationUuid", location));
    assertEquals(200, moved.status(), moved.body().encode());
    Http.Result connector = operator.post("/cpms/v1/chargers/" + charger + "/connectors",
        new JsonObject().put("connectorNumber", 1));
    assertEquals(201, connector.status(), connector.body().encode());
    JsonObject made = connector.data();
    return publicId(UUID.fromString(made.getString("id")));
  }

  /** The documented form of a public connector id: the UUID's 16 bytes in standard Base64. */
  private static String publicId(UUID connector) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(16).putLong(connector.getMostSignificantBits())
        .putLong(connector.getLeastSignificantBits()).array());
  }

  private static JsonObject startBody(String connectorId, String key) {
    return new JsonObject().put("connectorId", connectorId).put("keyIdentifier", key);
  }

  @Test
  void aRemoteSessionOnOcpp16EndsWithTheEnginesEnergyAndPrice() throws Exception {
    remoteSession("EMP-16-" + UUID.randomUUID().toString().substring(0, 6), false);
  }

  @Test
  void aRemoteSessionOnOcpp201EndsWithTheEnginesEnergyAndPrice() throws Exception {
    remoteSession("EMP-201-" + UUID.randomUUID().toString().substring(0, 6), true);
  }

  private void remoteSession(String id, boolean v201) throws Exception {
    String key = chargingKey();
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, v201 ? "ocpp2.0.1" : "ocpp1.6")) {
      String connectorId = placedConnector(cp, id, v201);
      String startAction = v201 ? "RequestStartTransaction" : "RemoteStartTransaction";
      String stopAction = v201 ? "RequestStopTransaction" : "RemoteStopTransaction";
      cp.answer(startAction, new JsonObject().put("status", "Accepted"))
          .answer(stopAction, new JsonObject().put("status", "Accepted"));

      // GIVEN a remote start with the charging key: the seed's bare {sessionId}
      Http.Result started = emp.post("/emp/v1/sessions/start", startBody(connectorId, key));
      assertEquals(200, started.status(), started.body().encode());
      String sessionId = started.body().getString("sessionId");
      assertEquals(1, started.body().size(), started.body().encode());
      assertTrue(sessionId.matches("[0-9A-Za-z]{11}"), sessionId);
      JsonObject remoteStart = lastCall(cp, startAction);
      assertEquals(key, v201 ? remoteStart.getJsonObject("idToken").getString("idToken") : remoteStart.getString("idTag"));
      assertEquals(1, v201 ? remoteStart.getInteger("evseId") : remoteStart.getInteger("connectorId"));
      JsonObject pending = emp.get("/emp/v1/sessions/" + sessionId).body();
      assertEquals("PENDING", pending.getString("sessionStatus"), pending.encode());
      assertEquals(connectorId, pending.getString("connectorId"));
      assertNull(pending.getString("chargingKeyType"), "only after the session started");
      assertFalse(pending.containsKey("energy") || pending.containsKey("price") || pending.containsKey("duration")
          || pending.containsKey("receiptAvailable"), "only when COMPLETE: " + pending.encode());

      // WHEN the charger confirms and meters: 12 kWh in 30 minutes, then 0 W for 10 minutes
      Instant t0 = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
      Transaction tx = v201 ? new Tx201(cp, key) : new Tx16(cp, key);
      tx.start(t0, 1000);
      tx.meter(t0.plus(15, ChronoUnit.MINUTES), 7000, 11000, 40);
      tx.meter(t0.plus(30, ChronoUnit.MINUTES), 13000, 0, 80);
      JsonObject active = poll(() -> emp.get("/emp/v1/sessions/" + sessionId).body(),
          s -> "ACTIVE".equals(s.getString("sessionStatus")));
      assertEquals(sessionId, active.getString("sessionId"));
      // neither version's start reports a card type here (1.6 none, 2.0.1 Central): a virtual key
      assertEquals("virtual", active.getString("chargingKeyType"), active.encode());
      assertEquals(t0.toString().replace("Z", ".000Z"), active.getString("startTime"));
      assertEquals("Harbour Square", active.getString("site"));
      JsonObject charger = active.getJsonObject("charger");
      assertEquals(id, charger.getString("chargingStationName"));
      assertEquals("1", charger.getString("connectorLabel"));
      assertTrue(charger.getString("evseId").matches("[A-Z]{2}\\*[A-Z0-9]{3}\\*E" + id.replace("-", "") + "\\*1"),
          charger.encode());
      assertFalse(active.containsKey("energy") || active.containsKey("price"), active.encode());

      // Another network's key neither sees nor stops it.
      assertEquals(404, otherEmp.get("/emp/v1/sessions/" + sessionId).status());
      assertEquals(404, otherEmp.post("/emp/v1/sessions/" + sessionId + "/stop", null).status());

      // THEN the stop waits for the charger's report
      CompletableFuture<Http.Result> stopping = CompletableFuture.supplyAsync(
          () -> emp.post("/emp/v1/sessions/" + sessionId + "/stop", null));
      JsonObject remoteStop = awaitCall(cp, stopAction);
      Instant end = t0.plus(40, ChronoUnit.MINUTES);
      tx.stop(remoteStop, end, 13000);
      Http.Result stopped = stopping.get();
      assertEquals(200, stopped.status(), stopped.body().encode());
      assertEquals("COMPLETE", stopped.body().getString("sessionStatus"), stopped.body().encode());

      // AND the completed session carries the engine's energy and price
      JsonObject done = emp.get("/emp/v1/sessions/" + sessionId).body();
      assertEquals("COMPLETE", done.getString("sessionStatus"), done.encode());
      assertEquals("PT40M", done.getString("duration"));
      assertEquals(new JsonObject().put("unit", "WH").put("value", 12000), done.getJsonObject("energy"));
      PriceBreakdown engine = IdleTariffSession.enginePrice(currency, t0);
      int digits = Currency.getInstance(currency).getDefaultFractionDigits();
      JsonObject price = done.getJsonObject("price");
      assertEquals(currency, price.getString("currencyCode"));
      assertEquals(engine.subtotal().movePointRight(digits).longValueExact(), price.getLong("minorExclVat"), price.encode());
      assertEquals(engine.total().movePointRight(digits).longValueExact(), price.getLong("minorInclVat"));
      assertEquals("10", price.getString("vat"));
      assertEquals(572L, price.getLong("minorInclVat"), "the hand-computed total of the class comment");
      assertFalse(done.getBoolean("receiptAvailable"));
      // a non-zero amount is pending until paid: Voltgate collects no payments (external clearing)
      assertEquals("PROCESSING", done.getString("balanceStatus"), done.encode());
      // stopping again answers the completed session
      Http.Result again = emp.post("/emp/v1/sessions/" + sessionId + "/stop", null);
      assertEquals(200, again.status(), again.body().encode());
      assertEquals("COMPLETE", again.body().getString("sessionStatus"));
    }
  }

  @Test
  void onlyRemotelyStartedSessionsStopAndEveryRefusalIsTheSeeds() throws Exception {
    String key = chargingKey();
    String id = "EMP-ERR-" + UUID.randomUUID().toString().substring(0, 6);
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, "ocpp1.6")) {
      String connectorId = placedConnector(cp, id, false);

      // invalid bodies, an unknown connector or key, another network's connector: 400
      assertError(emp.post("/emp/v1/sessions/start", new JsonObject().put("connectorId", connectorId)), 400);
      assertError(emp.post("/emp/v1/sessions/start", startBody("not a connector id!", key)), 400);
      assertError(emp.post("/emp/v1/sessions/start", startBody(publicId(UUID.randomUUID()), key)), 400);
      assertError(emp.post("/emp/v1/sessions/start", startBody(connectorId, "NOSUCHKEY")), 400);
      assertError(otherEmp.post("/emp/v1/sessions/start", startBody(connectorId, key)), 400);
      assertError(emp.call("POST", "/emp/v1/sessions/start", null), 400);
      // ids: malformed 400, unknown 404
      assertError(emp.get("/emp/v1/sessions/bad!id"), 400);
      assertError(emp.get("/emp/v1/sessions/AAAAAAAAAAA"), 404);
      assertError(emp.get("/emp/v1/sessions/" + UUID.randomUUID()), 404);
      assertError(emp.post("/emp/v1/sessions/AAAAAAAAAAA/stop", null), 404);
      // keys: none, or another family's
      assertError(new Http(voltgate.httpPort(), "pk_emp_live_00000000000000000000000000000000").get("/emp/v1/sessions/AAAAAAAAAAA"), 401);
      assertError(emsp.get("/emp/v1/sessions/AAAAAAAAAAA"), 401);

      // a start the charger refuses is a FAILED session, and there is nothing to stop
      cp.answer("RemoteStartTransaction", new JsonObject().put("status", "Rejected"));
      Http.Result refused = emp.post("/emp/v1/sessions/start", startBody(connectorId, key));
      assertEquals(200, refused.status(), refused.body().encode());
      String refusedId = refused.body().getString("sessionId");
      assertEquals("FAILED", emp.get("/emp/v1/sessions/" + refusedId).body().getString("sessionStatus"));
      Http.Result nothing = emp.post("/emp/v1/sessions/" + refusedId + "/stop", null);
      assertError(nothing, 400);
      assertEquals("session_not_started", nothing.body().getString("error"));

      // a session started at the charger with the key (not remotely) reads by its UUID but does not stop here
      Transaction local = new Tx16(cp, key);
      local.start(Instant.now().truncatedTo(ChronoUnit.SECONDS), 0);
      String sessionUuid = poll(() -> operator.get("/cpms/v1/sessions?status=ACTIVE&pageSize=100").body()
          .getJsonArray("data").stream().map(JsonObject.class::cast).filter(s -> id.equals(s.getString("chargePointId")))
          .findFirst().orElse(null), s -> s != null).getString("id");
      JsonObject seen = emp.get("/emp/v1/sessions/" + sessionUuid).body();
      assertEquals("ACTIVE", seen.getString("sessionStatus"), seen.encode());
      assertEquals("virtual", seen.getString("chargingKeyType"), "1.6 reports no token type: " + seen.encode());
      assertEquals(sessionUuid, seen.getString("sessionId"));
      assertEquals(404, otherEmp.get("/emp/v1/sessions/" + sessionUuid).status());
      Http.Result notRemote = emp.post("/emp/v1/sessions/" + sessionUuid + "/stop", null);
      assertError(notRemote, 400);
      assertEquals("not_remote_session", notRemote.body().getString("error"));
      assertTrue(cp.received().stream().noneMatch(f -> "RemoteStopTransaction".equals(f.getString(2))));
    }
  }

  private static void assertError(Http.Result r, int status) {
    assertEquals(status, r.status(), r.body().encode());
    assertTrue(r.body().containsKey("error"), "the error shape: " + r.body().encode());
  }
}
