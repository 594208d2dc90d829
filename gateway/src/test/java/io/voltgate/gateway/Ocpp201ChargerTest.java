package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The charger-initiated OCPP 2.0.1 actions through a real socket: what each answers and what it
 * leaves in Postgres and Redis.
 */
@Timeout(60)
class Ocpp201ChargerTest {

  private static final int HEARTBEAT_S = 123;
  private static final String SUBPROTOCOL = "ocpp2.0.1";

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("VOLTGATE_HEARTBEAT_INTERVAL_S", Integer.toString(HEARTBEAT_S)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  // ---------------------------------------------------------------- tests

  @Test
  void bootIsAcceptedWithTheConfiguredHeartbeatIntervalAndStoresWhatTheStationSaid() {
    String cp = chargePointId("BOOT");
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, SUBPROTOCOL)) {
      JsonArray reply = c.call("BootNotification", new JsonObject().put("reason", "PowerUp")
          .put("chargingStation", new JsonObject().put("vendorName", "Voltgate").put("model", "VG-22")
              .put("serialNumber", "SN-0042").put("firmwareVersion", "2.4.1")
              .put("modem", new JsonObject().put("iccid", "8931000000000000001").put("imsi", "262010000000001"))));
      JsonObject res = result(reply);
      assertEquals("Accepted", res.getString("status"));
      assertEquals(HEARTBEAT_S, res.getInteger("interval"));
      Instant now = Instant.now();
      Instant currentTime = Instant.parse(res.getString("currentTime"));
      assertTrue(Math.abs(ChronoUnit.SECONDS.between(currentTime, now)) < 60, "currentTime " + currentTime);
    }
    Row charger = one("SELECT ocpp_version, vendor, model, serial_number, firmware_version, iccid, imsi,"
        + " last_boot_reason FROM chargers WHERE charge_point_id = $1 AND deleted_at IS NULL AND ocpp_version IS NOT NULL", cp);
    assertEquals("2.0.1", charger.getString("ocpp_version"));
    assertEquals("Voltgate", charger.getString("vendor"));
    assertEquals("VG-22", charger.getString("model"));
    assertEquals("SN-0042", charger.getString("serial_number"));
    assertEquals("2.4.1", charger.getString("firmware_version"));
    assertEquals("8931000000000000001", charger.getString("iccid"));
    assertEquals("262010000000001", charger.getString("imsi"));
    assertEquals("PowerUp", charger.getString("last_boot_reason"));
  }

  @Test
  void statusNotificationIsStoredForTheConnectorInPostgresAndRedis() {
    String cp = chargePointId("STAT");
    try (RawOcppClient c = booted(cp)) {
      result(c.call("StatusNotification", new JsonObject().put("timestamp", "2026-03-01T10:00:00Z")
          .put("connectorStatus", "Occupied").put("evseId", 2).put("connectorId", 1)));
      Row connector = one("SELECT c.status, c.ocpp_connector_id, c.status_at FROM connectors c"
          + " JOIN chargers ch ON ch.id = c.charger_id WHERE ch.charge_point_id = $1"
          + " AND c.evse_id = 2 AND c.connector_id = 1", cp);
      assertEquals("Occupied", connector.getString("status"));
      assertEquals(Instant.parse("2026-03-01T10:00:00Z"), connector.getOffsetDateTime("status_at").toInstant());
      String live = eventually("status in Redis", () -> {
        Response r = redis(Request.cmd(Command.HGET).arg("vg:{cp:" + cp + "}:status").arg("2/1"));
        return r == null ? null : r.toString();
      });
      JsonObject status = new JsonObject(live);
      assertEquals("Occupied", status.getString("status"));
      assertEquals("2026-03-01T10:00:00Z", status.getString("ts"));
    }
  }

  @Test
  void authorizeAcceptsAKnownTokenWithItsGroupAndExpiryAndRejectsAnUnknownOne() {
    String token = newToken();
    Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    insertToken(token, "Accepted", "FLEET-7", expires);
    try (RawOcppClient c = booted(chargePointId("AUTH"))) {
      JsonObject known = result(c.call("Authorize", authorize(token))).getJsonObject("idTokenInfo");
      assertEquals("Accepted", known.getString("status"));
      assertEquals(expires, Instant.parse(known.getString("cacheExpiryDateTime")));
      assertEquals(new JsonObject().put("idToken", "FLEET-7").put("type", "Central"),
          known.getJsonObject("groupIdToken"));

      JsonObject unknown = result(c.call("Authorize", authorize(newToken()))).getJsonObject("idTokenInfo");
      assertEquals("Invalid", unknown.getString("status"));
      assertFalse(unknown.containsKey("groupIdToken"));
    }
  }

  @Test
  void aTokenOfAnotherNetworkIsInvalidAtThisNetworksCharger() {
    String cp = chargePointId("NET");
    try (RawOcppClient c = booted(cp)) {
      UUID home = one("SELECT network_id FROM chargers WHERE charge_point_id = $1", cp).getUUID(0);
      UUID elsewhere = UUID.randomUUID();
      query("INSERT INTO networks (id, name) VALUES ($1, 'Elsewhere')", elsewhere);
      String ours = newToken();
      String theirs = newToken();
      query("INSERT INTO id_tokens (id, network_id, token, token_type) VALUES ($1, $2, $3, 'APP_USER')", UUID.randomUUID(), home, ours);
      query("INSERT INTO id_tokens (id, network_id, token, token_type) VALUES ($1, $2, $3, 'APP_USER')", UUID.randomUUID(), elsewhere, theirs);

      assertEquals("Accepted", result(c.call("Authorize", authorize(ours))).getJsonObject("idTokenInfo").getString("status"));
      assertEquals("Invalid", result(c.call("Authorize", authorize(theirs))).getJsonObject("idTokenInfo").getString("status"));
      // Answered again from the Redis cache: still per network.
      assertEquals("Invalid", result(c.call("Authorize", authorize(theirs))).getJsonObject("idTokenInfo").getString("status"));
    } finally {
      // The gateway tests share one database, and auto-registration needs it to hold a single network.
      query("DELETE FROM id_tokens WHERE network_id IN (SELECT id FROM networks WHERE name = 'Elsewhere')");
      query("DELETE FROM networks WHERE name = 'Elsewhere'");
    }
  }

  @Test
  void aFullTransactionYieldsOneCompletedSessionWithEnergyEndMinusBegin() {
    String cp = chargePointId("TX");
    String token = newToken();
    insertToken(token, "Accepted", null, null);
    String tx = UUID.randomUUID().toString();
    String from = lastEventId();
    try (RawOcppClient c = booted(cp)) {
      JsonObject started = result(c.call("TransactionEvent", txEvent("Started", tx, 0, "Authorized")
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1))
          .put("idToken", idToken(token))
          .put("transactionInfo", new JsonObject().put("transactionId", tx).put("chargingState", "EVConnected"))
          .put("meterValue", meterValue("2026-03-01T10:00:00Z", register(10_000, "Transaction.Begin")))));
      assertEquals("Accepted", started.getJsonObject("idTokenInfo").getString("status"));

      JsonObject updated = result(c.call("TransactionEvent", txEvent("Updated", tx, 1, "ChargingStateChanged")
          .put("transactionInfo", new JsonObject().put("transactionId", tx).put("chargingState", "Charging"))
          .put("meterValue", meterValue("2026-03-01T10:15:00Z", register(12.5, null)
              .put("unitOfMeasure", new JsonObject().put("unit", "kWh")),
              new JsonObject().put("value", 11).put("measurand", "Power.Active.Import")
                  .put("unitOfMeasure", new JsonObject().put("unit", "W").put("multiplier", 3))))));
      assertTrue(updated.isEmpty(), updated.encode());

      JsonObject ended = result(c.call("TransactionEvent", txEvent("Ended", tx, 2, "EVDeparted")
          .put("idToken", idToken(token))
          .put("transactionInfo", new JsonObject().put("transactionId", tx).put("chargingState", "Idle")
              .put("stoppedReason", "EVDisconnected"))
          .put("meterValue", meterValue("2026-03-01T10:30:00Z", register(14_250.5, "Transaction.End")))));
      assertEquals("Accepted", ended.getJsonObject("idTokenInfo").getString("status"));
    }
    RowSet<Row> sessions = query("SELECT s.status, s.evse_id, s.connector_id, s.ocpp_version, s.id_token,"
        + " s.id_token_type, s.meter_start_wh, s.meter_stop_wh, s.energy_wh, s.stop_reason, s.charging_state,"
        + " s.last_seq_no, s.id FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
        + " WHERE c.charge_point_id = $1", cp);
    assertEquals(1, sessions.size());
    Row s = sessions.iterator().next();
    assertEquals("COMPLETED", s.getString("status"));
    assertEquals("2.0.1", s.getString("ocpp_version"));
    assertEquals(1, s.getInteger("evse_id"));
    assertEquals(1, s.getInteger("connector_id"));
    assertEquals(token, s.getString("id_token"));
    assertEquals("ISO14443", s.getString("id_token_type"));
    assertDecimal("10000", s.getBigDecimal("meter_start_wh"));
    assertDecimal("14250.5", s.getBigDecimal("meter_stop_wh"));
    assertDecimal("4250.5", s.getBigDecimal("energy_wh"));
    assertEquals("EVDisconnected", s.getString("stop_reason"));
    assertEquals("Idle", s.getString("charging_state"));
    assertEquals(2, s.getInteger("last_seq_no"));

    UUID sessionId = s.getUUID("id");
    eventually("4 meter samples of the session", () -> count(
        "SELECT count(*)::int FROM meter_samples WHERE session_id = $1", sessionId) == 4 ? true : null);
    Row power = one("SELECT value, unit, evse_id FROM meter_samples WHERE session_id = $1"
        + " AND measurand = 'Power.Active.Import'", sessionId);
    assertDecimal("11000", power.getBigDecimal("value"));
    assertEquals("W", power.getString("unit"));
    assertEquals(1, power.getInteger("evse_id"), "evse taken from the session when the event has none");

    List<String> types = eventually("session events", () -> {
      List<String> seen = eventTypes(cp, from);
      return seen.contains("session.completed") ? seen : null;
    });
    assertTrue(types.containsAll(List.of("session.started", "session.updated", "meter.values",
        "session.completed")), types.toString());
    assertNull(redis(Request.cmd(Command.HGET).arg("vg:{cp:" + cp + "}:live").arg("1")),
        "live values are cleared when the session ends");
  }

  @Test
  void aRepeatedTransactionEventCreatesNoDuplicateSessionOrMeterRows() {
    String cp = chargePointId("DUP");
    String tx = UUID.randomUUID().toString();
    try (RawOcppClient c = booted(cp)) {
      JsonObject start = txEvent("Started", tx, 0, "CablePluggedIn")
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1))
          .put("meterValue", meterValue("2026-03-01T10:00:00Z", register(500, "Transaction.Begin")));
      JsonObject update = txEvent("Updated", tx, 1, "MeterValuePeriodic")
          .put("meterValue", meterValue("2026-03-01T10:05:00Z", register(800, null)));
      result(c.call("TransactionEvent", start));
      result(c.call("TransactionEvent", update));
      // The charger did not get our answers and sends both again under new message ids.
      assertTrue(result(c.call("TransactionEvent", start)).isEmpty());
      assertTrue(result(c.call("TransactionEvent", update)).isEmpty());
      // A new event afterwards: once its sample is stored, any duplicate would be stored too.
      result(c.call("TransactionEvent", txEvent("Updated", tx, 2, "MeterValuePeriodic")
          .put("meterValue", meterValue("2026-03-01T10:10:00Z", register(900, null)))));
    }
    UUID sessionId = one("SELECT s.id FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
        + " WHERE c.charge_point_id = $1", cp).getUUID("id");
    eventually("the last sample stored", () -> count("SELECT count(*)::int FROM meter_samples"
        + " WHERE session_id = $1 AND value = 900", sessionId) == 1 ? true : null);
    assertEquals(3, count("SELECT count(*)::int FROM meter_samples WHERE session_id = $1", sessionId));
    assertEquals(1, count("SELECT count(*)::int FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
        + " WHERE c.charge_point_id = $1", cp));
    Row s = one("SELECT status, last_seq_no, meter_start_wh FROM charging_sessions WHERE id = $1", sessionId);
    assertEquals("ACTIVE", s.getString("status"));
    assertEquals(2, s.getInteger("last_seq_no"));
    assertDecimal("500", s.getBigDecimal("meter_start_wh"));
  }

  @Test
  void anEndedEventWithoutStartedIsStillRecordedWithTheDefaultStopReason() {
    String cp = chargePointId("ORPH");
    String tx = UUID.randomUUID().toString();
    try (RawOcppClient c = booted(cp)) {
      JsonObject res = result(c.call("TransactionEvent", txEvent("Ended", tx, 7, "StopAuthorized")
          .put("offline", true)
          .put("evse", new JsonObject().put("id", 2).put("connectorId", 1))
          .put("meterValue", meterValue("2026-03-01T11:00:00Z", register(3000, "Transaction.End")))));
      assertTrue(res.isEmpty(), "no idToken in the request, so no idTokenInfo: " + res.encode());
    }
    Row s = one("SELECT s.status, s.evse_id, s.meter_start_wh, s.meter_stop_wh, s.stop_reason, s.offline,"
        + " s.stopped_at, s.last_seq_no FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
        + " WHERE c.charge_point_id = $1 AND s.transaction_ref = $2", cp, tx);
    assertEquals("COMPLETED", s.getString("status"));
    assertEquals(2, s.getInteger("evse_id"));
    assertNull(s.getBigDecimal("meter_start_wh"));
    assertDecimal("3000", s.getBigDecimal("meter_stop_wh"));
    assertEquals("Local", s.getString("stop_reason"));
    assertTrue(s.getBoolean("offline"));
    assertEquals(7, s.getInteger("last_seq_no"));
    assertEquals(Instant.parse("2026-03-01T10:07:00Z"), s.getOffsetDateTime("stopped_at").toInstant());
  }

  @Test
  void startingWithATokenThatIsAlreadyChargingIsAnsweredConcurrentTx() {
    String token = newToken();
    insertToken(token, "Accepted", null, null);
    try (RawOcppClient c = booted(chargePointId("CONC"))) {
      for (int evse = 1; evse <= 2; evse++) {
        String tx = UUID.randomUUID().toString();
        JsonObject res = result(c.call("TransactionEvent", txEvent("Started", tx, 0, "Authorized")
            .put("evse", new JsonObject().put("id", evse).put("connectorId", 1))
            .put("idToken", idToken(token))));
        assertEquals(evse == 1 ? "Accepted" : "ConcurrentTx", res.getJsonObject("idTokenInfo").getString("status"));
      }
      // Plugged in first, authorised later: the token arrives in an Updated event.
      String tx = UUID.randomUUID().toString();
      assertTrue(result(c.call("TransactionEvent", txEvent("Started", tx, 0, "CablePluggedIn")
          .put("evse", new JsonObject().put("id", 3).put("connectorId", 1)))).isEmpty());
      JsonObject res = result(c.call("TransactionEvent", txEvent("Updated", tx, 1, "Authorized")
          .put("idToken", idToken(token))));
      assertEquals("ConcurrentTx", res.getJsonObject("idTokenInfo").getString("status"));
    }
  }

  @Test
  void meterValuesDuringATransactionAreAttachedToItsSession() {
    String cp = chargePointId("METER");
    String tx = UUID.randomUUID().toString();
    try (RawOcppClient c = booted(cp)) {
      result(c.call("TransactionEvent", txEvent("Started", tx, 0, "CablePluggedIn")
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1))));
      assertTrue(result(c.call("MeterValues", new JsonObject().put("evseId", 1)
          .put("meterValue", meterValue("2026-03-01T10:01:00Z", register(42, "Sample.Clock"))))).isEmpty());
      assertTrue(result(c.call("MeterValues", new JsonObject().put("evseId", 0)
          .put("meterValue", meterValue("2026-03-01T10:01:00Z", register(99_000, "Sample.Clock"))))).isEmpty());
    }
    Row session = one("SELECT s.id, s.charger_id FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
        + " WHERE c.charge_point_id = $1", cp);
    UUID chargerId = session.getUUID("charger_id");
    eventually("both samples stored", () -> count("SELECT count(*)::int FROM meter_samples WHERE charger_id = $1",
        chargerId) == 2 ? true : null);
    assertEquals(session.getUUID("id"), one("SELECT session_id FROM meter_samples WHERE charger_id = $1"
        + " AND evse_id = 1", chargerId).getUUID("session_id"));
    assertNull(one("SELECT session_id FROM meter_samples WHERE charger_id = $1 AND evse_id = 0", chargerId)
        .getUUID("session_id"), "the main meter (EVSE 0) belongs to no session");
  }

  @Test
  void notifyReportRowsAreStoredInChargerVariables() {
    String cp = chargePointId("REPORT");
    try (RawOcppClient c = booted(cp)) {
      assertTrue(result(c.call("NotifyReport", report("300"))).isEmpty());
      // A later report replaces the values rather than adding rows.
      assertTrue(result(c.call("NotifyReport", report("600"))).isEmpty());
    }
    Map<String, Row> rows = new HashMap<>();
    for (Row r : query("SELECT v.* FROM charger_variables v JOIN chargers c ON c.id = v.charger_id"
        + " WHERE c.charge_point_id = $1", cp)) {
      rows.put(r.getString("component") + "/" + r.getString("component_instance") + "/" + r.getInteger("evse_id")
          + "/" + r.getInteger("connector_id") + "/" + r.getString("variable") + "/" + r.getString("variable_instance")
          + "/" + r.getString("attribute_type"), r);
    }
    assertEquals(4, rows.size(), rows.keySet().toString());
    Row heartbeat = rows.get("OCPPCommCtrlr//0/0/HeartbeatInterval//Actual");
    assertNotNull(heartbeat, rows.keySet().toString());
    assertEquals("600", heartbeat.getString("value"));
    assertEquals("ReadWrite", heartbeat.getString("mutability"));
    assertEquals("integer", heartbeat.getJsonObject("characteristics").getString("dataType"));
    assertEquals(86400, heartbeat.getJsonObject("characteristics").getInteger("maxLimit"));
    Row txStart = rows.get("TxCtrlr//0/0/TxStartPoint//Actual");
    assertNotNull(txStart, "attribute type defaults to Actual: " + rows.keySet());
    assertNull(txStart.getValue("characteristics"));
    assertEquals("22000", rows.get("EVSE/main/1/0/Power//MaxSet").getString("value"));
    assertEquals("ReadOnly", rows.get("Connector//1/2/Temperature/Cable/Actual").getString("mutability"));
  }

  @Test
  void everyOtherActionIsAnsweredWithACallResultAndRecorded() {
    String cp = chargePointId("MISC");
    try (RawOcppClient c = booted(cp)) {
      assertTrue(result(c.call("Heartbeat", new JsonObject())).containsKey("currentTime"));
      assertEquals("UnknownVendorId", result(c.call("DataTransfer", new JsonObject().put("vendorId", "acme")))
          .getString("status"));
      assertTrue(result(c.call("NotifyEvent", new JsonObject().put("generatedAt", "2026-03-01T10:00:00Z")
          .put("seqNo", 0).put("eventData", new JsonArray().add(new JsonObject().put("eventId", 1)
              .put("timestamp", "2026-03-01T10:00:00Z").put("trigger", "Alerting").put("actualValue", "Faulted")
              .put("eventNotificationType", "HardWiredNotification")
              .put("component", new JsonObject().put("name", "Connector")
                  .put("evse", new JsonObject().put("id", 1).put("connectorId", 1)))
              .put("variable", new JsonObject().put("name", "AvailabilityState")))))).isEmpty());
      assertTrue(result(c.call("NotifyChargingLimit", new JsonObject().put("evseId", 1)
          .put("chargingLimit", new JsonObject().put("chargingLimitSource", "SO").put("isGridCritical", true))))
          .isEmpty());
      assertTrue(result(c.call("ClearedChargingLimit", new JsonObject().put("chargingLimitSource", "EMS")
          .put("evseId", 2))).isEmpty());
      assertTrue(result(c.call("ReservationStatusUpdate", new JsonObject().put("reservationId", 901)
          .put("reservationUpdateStatus", "Expired"))).isEmpty());
      assertTrue(result(c.call("SecurityEventNotification", new JsonObject().put("type", "InvalidCsmsCertificate")
          .put("timestamp", "2026-03-01T07:42:13.512Z").put("techInfo", "expired"))).isEmpty());
      assertTrue(result(c.call("FirmwareStatusNotification", new JsonObject().put("status", "Downloading")
          .put("requestId", 42))).isEmpty());
      assertTrue(result(c.call("LogStatusNotification", new JsonObject().put("status", "Uploaded")
          .put("requestId", 9001))).isEmpty());
    }
    Map<String, JsonObject> events = new HashMap<>();
    for (Row r : query("SELECT e.kind, e.payload FROM charger_events e JOIN chargers c ON c.id = e.charger_id"
        + " WHERE c.charge_point_id = $1", cp)) {
      events.put(r.getString("kind"), r.getJsonObject("payload"));
    }
    assertEquals(4, events.size(), events.toString());
    assertEquals("AvailabilityState", events.get("charger.event").getJsonArray("eventData").getJsonObject(0)
        .getJsonObject("variable").getString("name"));
    assertEquals("SO", events.get("charging.limit").getJsonObject("chargingLimit").getString("chargingLimitSource"));
    assertEquals("EMS", events.get("charging.limit.cleared").getString("chargingLimitSource"));
    assertEquals("Expired", events.get("reservation.status").getString("reservationUpdateStatus"));
    Row charger = one("SELECT firmware_status, diagnostics_status FROM chargers WHERE charge_point_id = $1"
        + " AND deleted_at IS NULL", cp);
    assertEquals("Downloading", charger.getString("firmware_status"));
    assertEquals("Uploaded", charger.getString("diagnostics_status"));
    Row security = one("SELECT type, tech_info, occurred_at FROM security_events WHERE charge_point_id = $1", cp);
    assertEquals("InvalidCsmsCertificate", security.getString("type"));
    assertEquals("expired", security.getString("tech_info"));
    assertEquals(Instant.parse("2026-03-01T07:42:13.512Z"), security.getOffsetDateTime("occurred_at").toInstant());
  }

  // ---------------------------------------------------------------- messages

  private static JsonObject txEvent(String eventType, String transactionId, int seqNo, String trigger) {
    return new JsonObject().put("eventType", eventType)
        .put("timestamp", Instant.parse("2026-03-01T10:00:00Z").plusSeconds(60L * seqNo).toString())
        .put("triggerReason", trigger).put("seqNo", seqNo)
        .put("transactionInfo", new JsonObject().put("transactionId", transactionId));
  }

  private static JsonArray meterValue(String timestamp, JsonObject... sampledValues) {
    JsonArray values = new JsonArray();
    for (JsonObject v : sampledValues) {
      values.add(v);
    }
    return new JsonArray().add(new JsonObject().put("timestamp", timestamp).put("sampledValue", values));
  }

  /** An Energy.Active.Import.Register sample (Wh unless the caller sets a unit). */
  private static JsonObject register(double value, String context) {
    JsonObject v = new JsonObject().put("value", value).put("measurand", "Energy.Active.Import.Register");
    return context == null ? v : v.put("context", context);
  }

  private static JsonObject idToken(String token) {
    return new JsonObject().put("idToken", token).put("type", "ISO14443");
  }

  private static JsonObject authorize(String token) {
    return new JsonObject().put("idToken", idToken(token));
  }

  private static JsonObject report(String heartbeat) {
    JsonArray data = new JsonArray()
        .add(new JsonObject().put("component", new JsonObject().put("name", "OCPPCommCtrlr"))
            .put("variable", new JsonObject().put("name", "HeartbeatInterval"))
            .put("variableAttribute", new JsonArray().add(new JsonObject().put("type", "Actual")
                .put("value", heartbeat).put("mutability", "ReadWrite").put("persistent", true)))
            .put("variableCharacteristics", new JsonObject().put("unit", "s").put("dataType", "integer")
                .put("minLimit", 10).put("maxLimit", 86400).put("supportsMonitoring", false)))
        .add(new JsonObject().put("component", new JsonObject().put("name", "TxCtrlr"))
            .put("variable", new JsonObject().put("name", "TxStartPoint"))
            .put("variableAttribute", new JsonArray().add(new JsonObject().put("value", "PowerPathClosed")
                .put("mutability", "ReadWrite"))))
        .add(new JsonObject().put("component", new JsonObject().put("name", "EVSE").put("instance", "main")
                .put("evse", new JsonObject().put("id", 1)))
            .put("variable", new JsonObject().put("name", "Power"))
            .put("variableAttribute", new JsonArray().add(new JsonObject().put("type", "MaxSet")
                .put("value", "22000").put("mutability", "ReadOnly"))))
        .add(new JsonObject().put("component", new JsonObject().put("name", "Connector")
                .put("evse", new JsonObject().put("id", 1).put("connectorId", 2)))
            .put("variable", new JsonObject().put("name", "Temperature").put("instance", "Cable"))
            .put("variableAttribute", new JsonArray().add(new JsonObject().put("type", "Actual")
                .put("mutability", "ReadOnly"))));
    return new JsonObject().put("requestId", 1201).put("generatedAt", "2026-03-01T06:00:00Z").put("seqNo", 0)
        .put("reportData", data);
  }

  // ---------------------------------------------------------------- helpers

  private static String chargePointId(String prefix) {
    return "V201-" + prefix + "-" + UUID.randomUUID();
  }

  private static String newToken() {
    return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  private static RawOcppClient booted(String cp) {
    RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, SUBPROTOCOL);
    JsonObject res = result(c.call("BootNotification", new JsonObject().put("reason", "PowerUp")
        .put("chargingStation", new JsonObject().put("vendorName", "V").put("model", "M"))));
    assertEquals("Accepted", res.getString("status"));
    return c;
  }

  /** The payload of a CALLRESULT; fails on a CALLERROR (e.g. a response the schema rejected). */
  private static JsonObject result(JsonArray reply) {
    assertEquals(3, reply.getInteger(0), reply.encode());
    return reply.getJsonObject(2);
  }

  private static void insertToken(String token, String status, String group, Instant expires) {
    TestGateway.await(gateway.pg.preparedQuery("INSERT INTO id_tokens (id, token, status, group_token, expires_at)"
            + " VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(UUID.randomUUID(), token, status, group,
            expires == null ? null : expires.atOffset(java.time.ZoneOffset.UTC))));
  }

  private static RowSet<Row> query(String sql, Object... params) {
    return TestGateway.await(gateway.pg.preparedQuery(sql).execute(Tuple.from(params)));
  }

  /** Exactly one row, waited for: boot info and statuses reach Postgres in batches, a moment after the answer. */
  private static Row one(String sql, Object... params) {
    RowSet<Row> rows = eventually("a row of " + sql, () -> {
      RowSet<Row> r = query(sql, params);
      return r.size() > 0 ? r : null;
    });
    assertEquals(1, rows.size(), "rows of " + sql);
    return rows.iterator().next();
  }

  private static int count(String sql, Object... params) {
    return one(sql, params).getInteger(0);
  }

  private static Response redis(Request request) {
    return TestGateway.await(gateway.redis.send(request));
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertNotNull(actual);
    assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + " but was " + actual);
  }

  /** Polls (up to 5 s) until {@code check} gives a non-null value: samples are written in batches. */
  private static <T> T eventually(String what, Supplier<T> check) {
    long deadline = System.currentTimeMillis() + 5_000;
    while (true) {
      T value = check.get();
      if (value != null) {
        return value;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not true within 5 s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static String lastEventId() {
    Response last = redis(Request.cmd(Command.XREVRANGE).arg("vg:events").arg("+").arg("-").arg("COUNT").arg(1));
    return last == null || last.size() == 0 ? "0" : last.get(0).get(0).toString();
  }

  /** Types of the events on the stream for one charger after {@code from}, in order. */
  private static List<String> eventTypes(String cp, String from) {
    List<String> types = new ArrayList<>();
    for (Response entry : redis(Request.cmd(Command.XRANGE).arg("vg:events").arg("(" + from).arg("+"))) {
      Response fields = entry.get(1);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        m.put(fields.get(i).toString(), fields.get(i + 1).toString());
      }
      if (cp.equals(m.get("cp"))) {
        types.add(m.get("type"));
      }
    }
    return types;
  }
}
