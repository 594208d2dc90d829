package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import static io.voltgate.app.support.ChargerCalls.lastCall;
import static io.voltgate.app.support.ChargerCalls.poll;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.store.pg.PgClients;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver controls the connector they charge on through {@code /emsp/v1/remote-control} and
 * {@code /emsp/v1/smart-charging}, against a real charger socket on OCPP 1.6 and 2.0.1: unlock,
 * trigger, a Soft reset, a limit set (a TxProfile of the driver's transaction, clamped to the
 * operator's cap) and cleared (the operator's cap stays) — the charger receives each message with the
 * right fields. Another driver, a connector the driver does not use, a Hard reset, bad limits and a
 * limit without a running session (a reservation is not enough) are refused in the error shape; the
 * charger's refusal and an offline charger answer {@code accepted: false} with a reason, never a 5xx.
 * A limit ends with its session: the next driver's session on the connector starts without it.
 */
@Timeout(240)
class DriverControlEndToEndTest {

  private static final String KEY = "pk_cpms_live_d41e0000000000000000000000000001";
  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static Http operator;
  private static Http backEnd;
  private static Http app;
  private static String location;

  @BeforeAll
  static void start() {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register", "VOLTGATE_COMMAND_TIMEOUT_S", "3")), "node-driver-control");
    clients = Vertx.vertx();
    operator = new Http(voltgate.httpPort(), KEY);
    String network = operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
    backEnd = new Http(voltgate.httpPort(), key(network, "ServerSide"));
    app = new Http(voltgate.httpPort(), key(network, "Publishable"));
    Http.Result site = operator.post("/cpms/v1/locations", new JsonObject().put("name", "Isla Verde Mall"));
    assertEquals(201, site.status(), site.body().encode());
    location = site.data().getString("id");
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    voltgate.stop();
  }

  private static String key(String network, String keyClass) {
    Http.Result minted = operator.post("/cpms/v1/api-keys", new JsonObject().put("name", keyClass + " key")
        .put("apiFamily", "emsp").put("keyClass", keyClass).put("networkIds", new JsonArray().add(network)));
    assertEquals(201, minted.status(), minted.body().encode());
    return minted.data().getString("key");
  }

  /** A driver registered in the app: their access token (as an {@link Http}), id and app token's uid. */
  private record Driver(Http api, String id, String tokenUid) {
  }

  private static Driver register(String name) {
    Http.Result r = app.post("/emsp/v1/auth/driver/register", new JsonObject()
        .put("email", name + "-" + UUID.randomUUID() + "@example.com").put("password", "correct horse 1")
        .put("firstName", name).put("lastName", "Test"));
    assertEquals(201, r.status(), r.body().encode());
    JsonObject driver = r.data().getJsonObject("driver");
    return new Driver(app.asDriver(r.data().getString("accessToken")), driver.getString("id"),
        driver.getString("tokenUid"));
  }

  /** A booted charger at the published location that answers every control message it is sent. */
  private static String placed(WsCharger cp, String id, boolean v201) {
    JsonObject boot = v201
        ? new JsonObject().put("reason", "PowerUp").put("chargingStation", new JsonObject().put("model", "M")
            .put("vendorName", "V"))
        : new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M");
    assertEquals("Accepted", cp.call("BootNotification", boot).getJsonObject(2).getString("status"));
    String uuid = backEnd.get("/emsp/v1/chargers?pageSize=100").body().getJsonArray("data").stream()
        .map(JsonObject.class::cast).filter(c -> id.equals(c.getString("uid"))).findFirst()
        .orElseThrow(() -> new AssertionError("charger " + id + " registered at boot")).getString("id");
    Http.Result moved = operator.call("PATCH", "/cpms/v1/chargers/" + uuid, new JsonObject().put("locationUuid", location));
    assertEquals(200, moved.status(), moved.body().encode());
    // Its connectors exist once reported: the operator's cap is recorded on them.
    for (int evse = 1; evse <= 2; evse++) {
      cp.call("StatusNotification", v201
          ? new JsonObject().put("timestamp", Instant.now().toString()).put("connectorStatus", "Available")
              .put("evseId", evse).put("connectorId", 1)
          : new JsonObject().put("connectorId", evse).put("errorCode", "NoError").put("status", "Available"));
    }
    JsonObject accepted = new JsonObject().put("status", "Accepted");
    cp.answer("UnlockConnector", new JsonObject().put("status", "Unlocked"))
        .answer("TriggerMessage", accepted).answer("Reset", accepted)
        .answer("SetChargingProfile", accepted).answer("ClearChargingProfile", accepted)
        .answer("GetCompositeSchedule", composite(v201));
    return uuid;
  }

  /** The charger's composite schedule for connector 1: 16 A from now. */
  private static JsonObject composite(boolean v201) {
    JsonObject periods = new JsonObject().put("chargingRateUnit", "A").put("chargingSchedulePeriod",
        new JsonArray().add(new JsonObject().put("startPeriod", 0).put("limit", 16.0)));
    return v201
        ? new JsonObject().put("status", "Accepted").put("schedule", periods.put("evseId", 1).put("duration", 3600)
            .put("scheduleStart", Instant.now().toString()))
        : new JsonObject().put("status", "Accepted").put("connectorId", 1).put("scheduleStart", Instant.now().toString())
            .put("chargingSchedule", periods.put("duration", 3600));
  }

  /**
   * A transaction the charger reported: the id it knows it by (1.6 Integer, 2.0.1 String) and
   * Voltgate's session id.
   */
  private record Tx(Object id, String sessionId) {
  }

  /** The charger reports a transaction of the driver's app token on connector 1; completes once it is ACTIVE. */
  private static Tx charging(WsCharger cp, Driver who, String chargerId, boolean v201) {
    return charging(cp, who, chargerId, v201, 1);
  }

  /** The charger reports a transaction of the driver's app token on a connector; completes once it is ACTIVE. */
  private static Tx charging(WsCharger cp, Driver who, String chargerId, boolean v201, int evse) {
    Instant at = Instant.now();
    Object tx;
    if (v201) {
      tx = UUID.randomUUID().toString();
      JsonObject answer = cp.call("TransactionEvent", new JsonObject().put("eventType", "Started")
          .put("timestamp", at.toString()).put("triggerReason", "Authorized").put("seqNo", 0)
          .put("transactionInfo", new JsonObject().put("transactionId", tx))
          .put("evse", new JsonObject().put("id", evse).put("connectorId", 1))
          .put("idToken", new JsonObject().put("idToken", who.tokenUid()).put("type", "Central"))).getJsonObject(2);
      assertEquals("Accepted", answer.getJsonObject("idTokenInfo").getString("status"), answer.encode());
    } else {
      JsonObject answer = cp.call("StartTransaction", new JsonObject().put("connectorId", evse)
          .put("idTag", who.tokenUid()).put("meterStart", 0).put("timestamp", at.toString())).getJsonObject(2);
      assertEquals("Accepted", answer.getJsonObject("idTagInfo").getString("status"), answer.encode());
      tx = answer.getInteger("transactionId");
    }
    JsonArray active = poll(() -> who.api().get("/emsp/v1/charging/sessions?status=ACTIVE&chargerId=" + chargerId).body()
        .getJsonArray("data"), list -> list != null && list.size() == 1);
    return new Tx(tx, active.getJsonObject(0).getString("id"));
  }

  /** The charger reports the end of a transaction on connector 1; completes once Voltgate has closed the session. */
  private static void stopped(WsCharger cp, Driver who, String chargerId, boolean v201, Tx tx) {
    Instant at = Instant.now();
    if (v201) {
      cp.call("TransactionEvent", new JsonObject().put("eventType", "Ended").put("timestamp", at.toString())
          .put("triggerReason", "EVDeparted").put("seqNo", 1)
          .put("transactionInfo", new JsonObject().put("transactionId", tx.id()).put("stoppedReason", "EVDisconnected"))
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1)));
    } else {
      cp.call("StopTransaction", new JsonObject().put("transactionId", tx.id()).put("idTag", who.tokenUid())
          .put("meterStop", 1000).put("timestamp", at.toString()).put("reason", "EVDisconnected"));
    }
    poll(() -> who.api().get("/emsp/v1/charging/sessions?status=ACTIVE&chargerId=" + chargerId).body()
        .getJsonArray("data"), list -> list != null && list.isEmpty());
  }

  @Test
  void aDriverControlsTheConnectorTheyChargeOnOverOcpp16() {
    controlsTheirConnector("CTL-16-" + UUID.randomUUID().toString().substring(0, 6), false);
  }

  @Test
  void aDriverControlsTheConnectorTheyChargeOnOverOcpp201() {
    controlsTheirConnector("CTL-201-" + UUID.randomUUID().toString().substring(0, 6), true);
  }

  private void controlsTheirConnector(String id, boolean v201) {
    Driver maya = register("Maya");
    Driver leo = register("Leo");
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, v201 ? "ocpp2.0.1" : "ocpp1.6")) {
      String chargerId = placed(cp, id, v201);
      String remote = "/emsp/v1/remote-control/" + chargerId;
      String limit = "/emsp/v1/smart-charging/" + chargerId + "/limit";
      JsonObject connector1 = new JsonObject().put("connectorNumber", 1);

      // GIVEN no session yet: nothing is sent for her; a back end's limit has no transaction to bind to.
      assertRefused(403, "connector_not_in_use", maya.api().post(remote + "/unlock", connector1));
      assertRefused(403, "connector_not_in_use", maya.api().call("PUT", limit, connector1.copy().put("limit", 10)));
      assertRefused(409, "no_active_session", backEnd.call("PUT", limit, connector1.copy().put("limit", 10)));
      assertTrue(cp.received().stream().noneMatch(f -> "UnlockConnector".equals(f.getString(2))
          || "SetChargingProfile".equals(f.getString(2))));

      // WHEN she charges on connector 1, she unlocks it: the charger receives UnlockConnector.
      Tx tx = charging(cp, maya, chargerId, v201);
      JsonObject unlocked = ok(maya.api().post(remote + "/unlock", connector1));
      assertEquals(new JsonObject().put("chargerId", chargerId).put("connectorNumber", 1).put("accepted", true)
          .putNull("reason").put("retryable", false), unlocked);
      JsonObject unlock = lastCall(cp, "UnlockConnector");
      if (v201) {
        assertEquals(1, unlock.getInteger("evseId"));
        assertEquals(1, unlock.getInteger("connectorId"));
      } else {
        assertEquals(new JsonObject().put("connectorId", 1), unlock);
      }

      // Another driver, or another connector, is refused: 403 in the error shape.
      assertRefused(403, "connector_not_in_use", leo.api().post(remote + "/unlock", connector1));
      assertRefused(403, "connector_not_in_use", maya.api().post(remote + "/unlock",
          new JsonObject().put("connectorNumber", 2)));
      assertRefused(403, "connector_not_in_use", leo.api().call("PUT", limit, connector1.copy().put("limit", 10)));

      // Trigger: MeterValues for connector 1.
      JsonObject triggered = ok(maya.api().post(remote + "/trigger", connector1.copy().put("message", "MeterValues")));
      assertEquals("MeterValues", triggered.getString("message"));
      assertTrue(triggered.getBoolean("accepted"));
      JsonObject trigger = lastCall(cp, "TriggerMessage");
      assertEquals("MeterValues", trigger.getString("requestedMessage"));
      assertEquals(1, v201 ? trigger.getJsonObject("evse").getInteger("id") : trigger.getInteger("connectorId"));

      // A limit: her own profile (92001, stack level 2), a TxProfile of her transaction, the operator's cap untouched.
      JsonObject set = ok(maya.api().call("PUT", limit, connector1.copy().put("unit", "A").put("limit", 16)));
      assertEquals(new JsonObject().put("chargerId", chargerId).put("connectorNumber", 1).put("unit", "A")
          .put("limit", 16.0).put("profileId", 92001).put("sessionId", tx.sessionId()).put("accepted", true)
          .putNull("reason").put("retryable", false), set);
      JsonObject profile = sentProfile(lastCall(cp, "SetChargingProfile"), v201);
      assertEquals(92001, profile.getInteger(v201 ? "id" : "chargingProfileId"));
      assertEquals(2, profile.getInteger("stackLevel"));
      assertEquals("TxProfile", profile.getString("chargingProfilePurpose"));
      assertEquals(tx.id(), profile.getValue("transactionId"), "the 1.6 integer / 2.0.1 string transaction id");
      JsonObject schedule = v201 ? profile.getJsonArray("chargingSchedule").getJsonObject(0) : profile.getJsonObject("chargingSchedule");
      assertEquals("A", schedule.getString("chargingRateUnit"));
      assertEquals(16.0, schedule.getJsonArray("chargingSchedulePeriod").getJsonObject(0).getDouble("limit"));
      assertEquals(1, lastCall(cp, "SetChargingProfile").getInteger(v201 ? "evseId" : "connectorId"));

      // The effective limit is the charger's composite schedule.
      JsonObject effective = ok(maya.api().get(limit + "?connectorNumber=1"));
      assertTrue(effective.getBoolean("accepted"), effective.encode());
      assertEquals("A", effective.getString("unit"));
      assertEquals(16.0, effective.getJsonObject("schedule").getJsonArray("chargingSchedulePeriod").getJsonObject(0)
          .getDouble("limit"));
      assertEquals(3600, lastCall(cp, "GetCompositeSchedule").getInteger("duration"));

      // Under the operator's 10 A cap her 16 A is sent as 10 A, and a limit in W cannot be compared.
      Http.Result cap = operator.call("PUT", "/cpms/v1/smart-charging/" + chargerId + "/limit",
          connector1.copy().put("unit", "A").put("limit", 10));
      assertEquals(200, cap.status(), cap.body().encode());
      poll(() -> operator.get("/cpms/v1/smart-charging/" + chargerId + "/limit?connector=1").data(),
          d -> Integer.valueOf(90001).equals(d.getInteger("profileId")));
      assertEquals(10.0, ok(maya.api().call("PUT", limit, connector1.copy().put("limit", 16))).getDouble("limit"));
      assertEquals(tx.id(), sentProfile(lastCall(cp, "SetChargingProfile"), v201).getValue("transactionId"));
      assertRefused(409, "limit_unit_mismatch", maya.api().call("PUT", limit, connector1.copy().put("unit", "W")
          .put("limit", 7400)));

      // Clearing sends exactly her profile id; the operator's cap stays recorded.
      JsonObject cleared = ok(maya.api().call("DELETE", limit + "?connectorNumber=1", null));
      assertEquals(92001, cleared.getInteger("profileId"));
      assertTrue(cleared.getBoolean("accepted"));
      JsonObject clear = lastCall(cp, "ClearChargingProfile");
      assertEquals(92001, clear.getInteger(v201 ? "chargingProfileId" : "id"));
      assertEquals(90001, operator.get("/cpms/v1/smart-charging/" + chargerId + "/limit?connector=1").data()
          .getInteger("profileId"));

      // Bad limits are 400 on the field.
      assertBadLimit(maya.api().call("PUT", limit, connector1.copy().put("unit", "A").put("limit", 3)));
      assertBadLimit(maya.api().call("PUT", limit, connector1.copy().put("unit", "A").put("limit", 600)));
      assertBadLimit(maya.api().call("PUT", limit, connector1.copy().put("unit", "W").put("limit", 1000)));
      assertEquals(400, maya.api().call("PUT", limit, connector1.copy().put("unit", "kW").put("limit", 7)).status());

      // The charger's refusal is an answer, not an error.
      cp.answer("UnlockConnector", new JsonObject().put("status", "UnlockFailed"));
      JsonObject failed = ok(maya.api().post(remote + "/unlock", connector1));
      assertFalse(failed.getBoolean("accepted"));
      assertNotNull(failed.getString("reason"));
      assertFalse(failed.getBoolean("retryable"));

      // Reset: only Soft, only by someone charging here.
      assertRefused(403, "not_charging_here", leo.api().post(remote + "/reset", new JsonObject()));
      assertRefused(403, "reset_type_not_allowed", maya.api().post(remote + "/reset", new JsonObject().put("type", "Hard")));
      JsonObject reset = ok(maya.api().post(remote + "/reset", new JsonObject()));
      assertEquals("Soft", reset.getString("type"));
      assertTrue(reset.getBoolean("accepted"));
      assertEquals(v201 ? "OnIdle" : "Soft", lastCall(cp, "Reset").getString("type"));

      // A back end acts within its networks without a session, except a limit (no transaction on
      // connector 2); on connector 1 its limit is bound to the session running there. Unknown charger: 404.
      assertTrue(ok(backEnd.post(remote + "/trigger", new JsonObject().put("connectorNumber", 2))).getBoolean("accepted"));
      assertRefused(409, "no_active_session", backEnd.call("PUT", limit, new JsonObject().put("connectorNumber", 2)
          .put("limit", 10)));
      assertEquals(tx.sessionId(), ok(backEnd.call("PUT", limit, connector1.copy().put("limit", 8))).getString("sessionId"));
      assertEquals(tx.id(), sentProfile(lastCall(cp, "SetChargingProfile"), v201).getValue("transactionId"));
      assertRefused(404, "not_found", backEnd.post("/emsp/v1/remote-control/" + UUID.randomUUID() + "/unlock", connector1));

      // Offline: at once, retryable.
      cp.close();
      poll(() -> ok(maya.api().post(remote + "/unlock", connector1)), r -> !r.getBoolean("accepted")
          && r.getBoolean("retryable"));
    }
  }

  @Test
  void aDriverWithAnAcceptedReservationMayUnlockTheReservedConnectorOnly() {
    Driver zoe = register("Zoe");
    String id = "CTL-RES-" + UUID.randomUUID().toString().substring(0, 6);
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, "ocpp1.6")) {
      String chargerId = placed(cp, id, false);
      String remote = "/emsp/v1/remote-control/" + chargerId;
      assertRefused(403, "connector_not_in_use", zoe.api().post(remote + "/unlock", new JsonObject().put("connectorNumber", 2)));
      // A hold past its expiry (not yet swept) and one the charger rejected grant nothing.
      UUID expired = reserve(chargerId, zoe, 3, "Accepted", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
      reserve(chargerId, zoe, 4, "Rejected", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(15));
      assertRefused(403, "connector_not_in_use", zoe.api().post(remote + "/unlock", new JsonObject().put("connectorNumber", 3)));
      assertRefused(403, "connector_not_in_use", zoe.api().post(remote + "/unlock", new JsonObject().put("connectorNumber", 4)));
      sql("UPDATE reservations SET status = 'Expired' WHERE id = $1", Tuple.of(expired));

      // A live hold the charger accepted lets her unlock that connector only.
      reserve(chargerId, zoe, 2, "Accepted", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(15));
      assertTrue(ok(zoe.api().post(remote + "/unlock", new JsonObject().put("connectorNumber", 2))).getBoolean("accepted"));
      assertEquals(new JsonObject().put("connectorId", 2), lastCall(cp, "UnlockConnector"));
      assertRefused(403, "connector_not_in_use", zoe.api().post(remote + "/unlock", new JsonObject().put("connectorNumber", 1)));
      // A reservation is no session: it does not let her reset the charger, nor set a limit (no
      // transaction to bind it to).
      assertRefused(403, "not_charging_here", zoe.api().post(remote + "/reset", new JsonObject()));
      assertRefused(409, "no_active_session", zoe.api().call("PUT", "/emsp/v1/smart-charging/" + chargerId + "/limit",
          new JsonObject().put("connectorNumber", 2).put("limit", 10)));
      assertTrue(cp.received().stream().noneMatch(f -> "SetChargingProfile".equals(f.getString(2))));
    }
  }

  @Test
  void aDriversLimitEndsWithTheirSessionOverOcpp16() {
    limitEndsWithTheSession("CTL-END16-" + UUID.randomUUID().toString().substring(0, 6), false);
  }

  @Test
  void aDriversLimitEndsWithTheirSessionOverOcpp201() {
    limitEndsWithTheSession("CTL-END201-" + UUID.randomUUID().toString().substring(0, 6), true);
  }

  /**
   * Maya's limit is a TxProfile of her transaction; once it ends the charger drops it (OCPP: a
   * TxProfile lives as long as its transaction), and Voltgate neither re-sends nor records it: Leo's
   * session on the same connector starts with nothing of hers, and his own limit names his transaction.
   */
  private void limitEndsWithTheSession(String id, boolean v201) {
    Driver maya = register("Maya");
    Driver leo = register("Leo");
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, v201 ? "ocpp2.0.1" : "ocpp1.6")) {
      String chargerId = placed(cp, id, v201);
      String limit = "/emsp/v1/smart-charging/" + chargerId + "/limit";
      String operatorLimit = "/cpms/v1/smart-charging/" + chargerId + "/limit?connector=1";
      JsonObject connector1 = new JsonObject().put("connectorNumber", 1);

      Tx first = charging(cp, maya, chargerId, v201);
      assertEquals(first.sessionId(), ok(maya.api().call("PUT", limit, connector1.copy().put("limit", 8))).getString("sessionId"));
      JsonObject hers = sentProfile(lastCall(cp, "SetChargingProfile"), v201);
      assertEquals("TxProfile", hers.getString("chargingProfilePurpose"));
      assertEquals(first.id(), hers.getValue("transactionId"));

      // Her session ends: her limit ends with it; she cannot set one any more.
      stopped(cp, maya, chargerId, v201, first);
      long sent = cp.received().stream().filter(f -> "SetChargingProfile".equals(f.getString(2))).count();
      assertRefused(403, "connector_not_in_use", maya.api().call("PUT", limit, connector1.copy().put("limit", 8)));

      // Leo's session on the same connector: another transaction, nothing of hers re-sent or recorded.
      Tx next = charging(cp, leo, chargerId, v201);
      assertNotEquals(first.id(), next.id());
      assertEquals(sent, cp.received().stream().filter(f -> "SetChargingProfile".equals(f.getString(2))).count(),
          "no profile is sent when the next session starts");
      assertNotEquals(Integer.valueOf(92001), operator.get(operatorLimit).data().getInteger("profileId"),
          "a driver's limit is never recorded as the connector's profile");

      // His own limit is bound to his transaction, not hers.
      ok(leo.api().call("PUT", limit, connector1.copy().put("limit", 12)));
      assertEquals(next.id(), sentProfile(lastCall(cp, "SetChargingProfile"), v201).getValue("transactionId"));
    }
  }

  @Test
  void aDriverMayNotResetAChargerOthersChargeOnNorLimitALoadBalancedConnector() {
    Driver maya = register("Maya");
    Driver leo = register("Leo");
    String id = "CTL-SHR-" + UUID.randomUUID().toString().substring(0, 6);
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, "ocpp1.6")) {
      String chargerId = placed(cp, id, false);
      charging(cp, maya, chargerId, false, 1);
      charging(cp, leo, chargerId, false, 2);

      // A Soft reset would end Leo's session too.
      assertRefused(409, "charger_in_use", maya.api().post("/emsp/v1/remote-control/" + chargerId + "/reset",
          new JsonObject()));
      assertTrue(cp.received().stream().noneMatch(f -> "Reset".equals(f.getString(2))));

      // At a load-balanced site the balancer sets the speed: her limit would override its allocation.
      Http.Result site = operator.post("/cpms/v1/locations", new JsonObject().put("name", "Balanced depot"));
      assertEquals(201, site.status(), site.body().encode());
      assertEquals(200, operator.call("PATCH", "/cpms/v1/chargers/" + chargerId,
          new JsonObject().put("locationUuid", site.data().getString("id"))).status());
      Http.Result balanced = operator.call("PUT", "/cpms/v1/load-balancing/" + site.data().getString("id"),
          new JsonObject().put("enabled", true).put("siteMaxPowerKw", 50));
      assertEquals(200, balanced.status(), balanced.body().encode());
      assertRefused(409, "load_balanced", maya.api().call("PUT", "/emsp/v1/smart-charging/" + chargerId + "/limit",
          new JsonObject().put("connectorNumber", 1).put("limit", 16)));
    }
  }

  /** A reservation row as the reservation endpoints leave it once the charger answered; its id. */
  private static UUID reserve(String chargerId, Driver who, int evse, String status, OffsetDateTime expires) {
    UUID id = UUID.randomUUID();
    sql("INSERT INTO reservations (id, network_id, charger_id, evse_id, connector_id, id_token, driver_id, expires_at,"
        + " status) SELECT $1, network_id, id, $2, 1, $3, $4, $5, $6 FROM chargers WHERE id = $7",
        Tuple.of(id, evse, who.tokenUid(), UUID.fromString(who.id()), expires, status).addValue(UUID.fromString(chargerId)));
    return id;
  }

  private static void sql(String statement, Tuple args) {
    Pool pg = PgClients.pool(clients, voltgate.backends().pgUrl(), 1);
    try {
      WsCharger.await(pg.preparedQuery(statement).execute(args));
    } finally {
      WsCharger.await(pg.close());
    }
  }

  private static JsonObject sentProfile(JsonObject setChargingProfile, boolean v201) {
    return setChargingProfile.getJsonObject(v201 ? "chargingProfile" : "csChargingProfiles");
  }

  private static JsonObject ok(Http.Result r) {
    assertEquals(200, r.status(), r.body().encode());
    assertTrue(r.body().getBoolean("success"), r.body().encode());
    return r.data();
  }

  private static void assertRefused(int status, String error, Http.Result r) {
    assertEquals(status, r.status(), r.body().encode());
    assertEquals(error, r.body().getString("error"), r.body().encode());
  }

  private static void assertBadLimit(Http.Result r) {
    assertEquals(400, r.status(), r.body().encode());
    assertEquals("validation_error", r.body().getString("error"), r.body().encode());
    assertNull(r.body().getValue("data"));
  }
}
