package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.AnsweringCharger;
import io.voltgate.gateway.support.TestGateway;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.commands.CommandOutcome.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/** Every command of both versions, through the command service, to a real socket that answers. */
@Timeout(120)
class CommandsTest {

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonObject status(String s) {
    return new JsonObject().put("status", s);
  }

  private record Case(Op op, String action, JsonObject params, String expectedAction, JsonObject answer, String field, Object expected) {
  }

  private static CommandOutcome send(String cp, Op op, String action, JsonObject params, long timeoutMs) {
    return TestGateway.await(gateway.commands().send(new Command(cp, op, action, params, timeoutMs)));
  }

  private static Stream<DynamicTest> run(String proto, List<Case> cases) {
    String cp = "CMD-" + proto + "-" + UUID.randomUUID().toString().substring(0, 8);
    AnsweringCharger charger = AnsweringCharger.connect(gateway.vertx, gateway.port, cp, proto);
    for (Case c : cases) {
      charger.answer(c.expectedAction(), c.answer());
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases) {
      tests.add(DynamicTest.dynamicTest(proto + " " + c.op() + " → " + c.expectedAction(), () -> {
        awaitRegistered(cp);
        CommandOutcome o = send(cp, c.op(), c.action(), c.params(), 5_000);
        assertEquals(Kind.ACCEPTED, o.kind(), o.toJson().encode());
        assertEquals(c.expectedAction(), o.action());
        JsonObject req = charger.lastRequest(c.expectedAction());
        assertNotNull(req, "charger received no " + c.expectedAction());
        if (c.field() != null) {
          assertEquals(c.expected(), pointer(req, c.field()), req.encode());
        }
      }));
    }
    tests.add(DynamicTest.dynamicTest(proto + " close", charger::close));
    return tests.stream();
  }

  private static Object pointer(JsonObject obj, String path) {
    Object cur = obj;
    for (String part : path.split("/")) {
      cur = cur instanceof JsonObject o ? o.getValue(part) : cur instanceof JsonArray a ? a.getValue(Integer.parseInt(part)) : null;
    }
    return cur;
  }

  private static void awaitRegistered(String cp) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      var r = TestGateway.await(gateway.redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HGET)
          .arg("vg:{cp:" + cp + "}:conn").arg("node")));
      if (r != null) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(cp + " never registered");
  }

  @TestFactory
  Stream<DynamicTest> everyOcpp16CommandReachesTheChargerAndReturnsItsAnswer() {
    JsonObject p = new JsonObject();
    return run("ocpp1.6", List.of(
        new Case(Op.START, null, p.copy().put("idTag", "OP-1").put("connectorNumber", 1), "RemoteStartTransaction", status("Accepted"), "idTag", "OP-1"),
        new Case(Op.START, null, p.copy().put("idTag", "OP-2").put("connectorNumber", 2).put("chargingProfile", new JsonObject()
            .put("chargingProfileId", 7).put("stackLevel", 0).put("chargingProfilePurpose", "TxProfile").put("chargingProfileKind", "Relative")
            .put("chargingSchedule", new JsonObject().put("chargingRateUnit", "A").put("chargingSchedulePeriod",
                new JsonArray().add(new JsonObject().put("startPeriod", 0).put("limit", 16.0))))),
            "RemoteStartTransaction", status("Accepted"), "chargingProfile/chargingProfileId", 7),
        new Case(Op.STOP, null, p.copy().put("transactionId", 42), "RemoteStopTransaction", status("Accepted"), "transactionId", 42),
        new Case(Op.RESET, null, p.copy().put("type", "Hard"), "Reset", status("Accepted"), "type", "Hard"),
        new Case(Op.UNLOCK, null, p.copy().put("connectorNumber", 1), "UnlockConnector", status("Unlocked"), "connectorId", 1),
        new Case(Op.AVAILABILITY, null, p.copy().put("connectorNumber", 0).put("type", "Inoperative"), "ChangeAvailability", status("Scheduled"), "type", "Inoperative"),
        new Case(Op.TRIGGER, null, p.copy().put("requestedMessage", "StatusNotification").put("connectorNumber", 1), "TriggerMessage", status("Accepted"), "requestedMessage", "StatusNotification"),
        new Case(Op.READ_CONFIG, null, p.copy().put("keys", new JsonArray().add("HeartbeatInterval")), "GetConfiguration",
            new JsonObject().put("configurationKey", new JsonArray().add(new JsonObject().put("key", "HeartbeatInterval").put("readonly", false).put("value", "300"))),
            "key/0", "HeartbeatInterval"),
        new Case(Op.WRITE_CONFIG, null, p.copy().put("key", "HeartbeatInterval").put("value", "120"), "ChangeConfiguration", status("Accepted"), "value", "120"),
        new Case(Op.CLEAR_CACHE, null, p, "ClearCache", status("Accepted"), null, null),
        new Case(Op.DATA_TRANSFER, null, p.copy().put("vendorId", "com.acme").put("data", "ping"), "DataTransfer", status("Accepted").put("data", "pong"), "vendorId", "com.acme"),
        new Case(Op.FIRMWARE, null, p.copy().put("location", "https://fw.example/acme-2.1.bin").put("retrieveDate", "2026-11-22T00:00:00Z"), "UpdateFirmware", new JsonObject(), "location", "https://fw.example/acme-2.1.bin"),
        new Case(Op.LOGS, null, p.copy().put("location", "https://upload.example/diag"), "GetDiagnostics", new JsonObject().put("fileName", "diag.zip"), "location", "https://upload.example/diag"),
        new Case(Op.SET_LIMIT, null, p.copy().put("connectorNumber", 1).put("limit", 16.0).put("unit", "A").put("profileId", 9001), "SetChargingProfile", status("Accepted"), "csChargingProfiles/chargingProfileId", 9001),
        new Case(Op.SET_LIMIT, null, p.copy().put("connectorNumber", 1).put("limit", 16.0).put("unit", "A").put("profileId", 92001).put("purpose", "TxProfile").put("transactionId", 1234), "SetChargingProfile", status("Accepted"), "csChargingProfiles/transactionId", 1234),
        new Case(Op.CLEAR_LIMIT, null, p.copy().put("profileId", 9001), "ClearChargingProfile", status("Accepted"), "id", 9001),
        new Case(Op.COMPOSITE_SCHEDULE, null, p.copy().put("connectorNumber", 1).put("duration", 600), "GetCompositeSchedule", status("Accepted"), "duration", 600),
        new Case(Op.RESERVE, null, p.copy().put("connectorNumber", 1).put("idTag", "R-1").put("expiryDate", "2026-11-22T00:00:00Z").put("reservationId", 5), "ReserveNow", status("Accepted"), "reservationId", 5),
        new Case(Op.CANCEL_RESERVATION, null, p.copy().put("reservationId", 5), "CancelReservation", status("Accepted"), "reservationId", 5),
        new Case(Op.RAW, "SendLocalList", p.copy().put("listVersion", 2).put("updateType", "Full"), "SendLocalList", status("Accepted"), "updateType", "Full"),
        new Case(Op.RAW, "GetLocalListVersion", p, "GetLocalListVersion", new JsonObject().put("listVersion", 2), null, null)));
  }

  @TestFactory
  Stream<DynamicTest> everyOcpp201CommandReachesTheChargerAndReturnsItsAnswer() {
    JsonObject p = new JsonObject();
    return run("ocpp2.0.1", List.of(
        new Case(Op.START, null, p.copy().put("idTag", "OP-1").put("connectorNumber", 1).put("remoteStartId", 77), "RequestStartTransaction", status("Accepted"), "remoteStartId", 77),
        new Case(Op.STOP, null, p.copy().put("transactionId", "tx-1"), "RequestStopTransaction", status("Accepted"), "transactionId", "tx-1"),
        new Case(Op.RESET, null, p.copy().put("type", "Hard"), "Reset", status("Accepted"), "type", "Immediate"),
        new Case(Op.UNLOCK, null, p.copy().put("connectorNumber", 2), "UnlockConnector", status("Unlocked"), "evseId", 2),
        new Case(Op.AVAILABILITY, null, p.copy().put("connectorNumber", 1).put("type", "Inoperative"), "ChangeAvailability", status("Accepted"), "evse/id", 1),
        new Case(Op.TRIGGER, null, p.copy().put("requestedMessage", "DiagnosticsStatusNotification"), "TriggerMessage", status("Accepted"), "requestedMessage", "LogStatusNotification"),
        new Case(Op.READ_CONFIG, null, p.copy().put("keys", new JsonArray().add("HeartbeatInterval").add("OCPPCommCtrlr.HeartbeatInterval")), "GetVariables",
            new JsonObject().put("getVariableResult", new JsonArray()
                .add(new JsonObject().put("attributeStatus", "Accepted").put("attributeValue", "300")
                    .put("component", new JsonObject().put("name", "Charger")).put("variable", new JsonObject().put("name", "HeartbeatInterval")))
                .add(new JsonObject().put("attributeStatus", "Accepted").put("attributeValue", "300")
                    .put("component", new JsonObject().put("name", "OCPPCommCtrlr")).put("variable", new JsonObject().put("name", "HeartbeatInterval")))),
            "getVariableData/1/component/name", "OCPPCommCtrlr"),
        new Case(Op.READ_CONFIG, null, p, "GetBaseReport", status("Accepted"), "reportBase", "FullInventory"),
        new Case(Op.WRITE_CONFIG, null, p.copy().put("key", "HeartbeatInterval").put("value", "120"), "SetVariables",
            new JsonObject().put("setVariableResult", new JsonArray().add(new JsonObject().put("attributeStatus", "Accepted")
                .put("component", new JsonObject().put("name", "Charger")).put("variable", new JsonObject().put("name", "HeartbeatInterval")))),
            "setVariableData/0/component/name", "Charger"),
        new Case(Op.RAW, "GetReport", p.copy().put("requestId", 3), "GetReport", status("Accepted"), "requestId", 3),
        new Case(Op.CLEAR_CACHE, null, p, "ClearCache", status("Accepted"), null, null),
        new Case(Op.DATA_TRANSFER, null, p.copy().put("vendorId", "com.acme").put("data", new JsonObject().put("k", 1)), "DataTransfer", status("Accepted"), "data/k", 1),
        new Case(Op.FIRMWARE, null, p.copy().put("location", "https://fw.example/acme-2.1.bin").put("requestId", 11), "UpdateFirmware", status("Accepted"), "firmware/location", "https://fw.example/acme-2.1.bin"),
        new Case(Op.LOGS, null, p.copy().put("location", "https://upload.example/log").put("requestId", 12), "GetLog", status("Accepted").put("filename", "log.zip"), "log/remoteLocation", "https://upload.example/log"),
        new Case(Op.SET_LIMIT, null, p.copy().put("connectorNumber", 1).put("limit", 7400.0).put("unit", "W").put("profileId", 9002), "SetChargingProfile", status("Accepted"), "chargingProfile/id", 9002),
        new Case(Op.SET_LIMIT, null, p.copy().put("connectorNumber", 1).put("limit", 7400.0).put("unit", "W").put("profileId", 92001).put("purpose", "TxProfile").put("transactionId", "tx-2a"), "SetChargingProfile", status("Accepted"), "chargingProfile/transactionId", "tx-2a"),
        new Case(Op.CLEAR_LIMIT, null, p.copy().put("profileId", 9002), "ClearChargingProfile", status("Accepted"), "chargingProfileId", 9002),
        new Case(Op.RAW, "GetChargingProfiles", p.copy().put("requestId", 4).put("chargingProfile", new JsonObject().put("chargingProfilePurpose", "TxDefaultProfile")), "GetChargingProfiles", status("Accepted"), "requestId", 4),
        new Case(Op.COMPOSITE_SCHEDULE, null, p.copy().put("connectorNumber", 1).put("duration", 600), "GetCompositeSchedule", status("Accepted"), "evseId", 1),
        new Case(Op.RESERVE, null, p.copy().put("connectorNumber", 1).put("idTag", "R-1").put("expiryDate", "2026-11-22T00:00:00Z").put("reservationId", 6), "ReserveNow", status("Accepted"), "id", 6),
        new Case(Op.CANCEL_RESERVATION, null, p.copy().put("reservationId", 6), "CancelReservation", status("Accepted"), "reservationId", 6),
        new Case(Op.RAW, "SendLocalList", p.copy().put("versionNumber", 2).put("updateType", "Full"), "SendLocalList", status("Accepted"), "updateType", "Full"),
        new Case(Op.RAW, "GetLocalListVersion", p, "GetLocalListVersion", new JsonObject().put("versionNumber", 2), null, null),
        new Case(Op.RAW, "GetTransactionStatus", p.copy().put("transactionId", "tx-1"), "GetTransactionStatus", new JsonObject().put("messagesInQueue", false), "transactionId", "tx-1")));
  }

  @Test
  void anOfflineChargerAnswersAtOnceAndRetryable() {
    long t0 = System.nanoTime();
    CommandOutcome o = send("NOBODY-" + UUID.randomUUID(), Op.RESET, null, new JsonObject(), 30_000);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Kind.OFFLINE, o.kind());
    assertTrue(o.retryable());
    assertTrue(ms < 1_000, "offline took " + ms + " ms");
  }

  @Test
  void aSilentChargerTimesOutAndTheNextCommandStillGoesThrough() throws Exception {
    String cp = "SILENT-" + UUID.randomUUID();
    try (AnsweringCharger charger = AnsweringCharger.connect(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      awaitRegistered(cp);
      CommandOutcome o = send(cp, Op.RESET, null, new JsonObject(), 300);
      assertEquals(Kind.TIMEOUT, o.kind());
      assertTrue(o.retryable());
      charger.answer("ClearCache", status("Accepted"));
      assertEquals(Kind.ACCEPTED, send(cp, Op.CLEAR_CACHE, null, new JsonObject(), 2_000).kind());
    }
  }

  @Test
  void rejectionsAndCallErrorsAreReportedWithTheChargersWords() throws Exception {
    String cp = "REJ-" + UUID.randomUUID();
    try (AnsweringCharger charger = AnsweringCharger.connect(gateway.vertx, gateway.port, cp, "ocpp2.0.1")) {
      awaitRegistered(cp);
      charger.answer("Reset", new JsonObject().put("status", "Rejected")
          .put("statusInfo", new JsonObject().put("reasonCode", "TxInProgress")));
      charger.answer("ClearCache", req -> new JsonArray().add("NotSupported").add("no cache here").add(new JsonObject()));
      CommandOutcome rejected = send(cp, Op.RESET, null, new JsonObject(), 2_000);
      assertEquals(Kind.REJECTED, rejected.kind());
      assertEquals("Rejected", rejected.status());
      assertEquals("TxInProgress", rejected.reason());
      CommandOutcome error = send(cp, Op.CLEAR_CACHE, null, new JsonObject(), 2_000);
      assertEquals(Kind.CALL_ERROR, error.kind());
      assertEquals("NotSupported", error.errorCode());
      assertEquals("no cache here", error.reason());
    }
  }

  @Test
  void commandsBeyondTheQueueAreBusyAndOnlyOneCallIsOutstanding() throws Exception {
    String cp = "BUSY-" + UUID.randomUUID();
    try (AnsweringCharger charger = AnsweringCharger.connect(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      awaitRegistered(cp);
      List<io.vertx.core.Future<CommandOutcome>> all = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        all.add(gateway.commands().send(new Command(cp, Op.CLEAR_CACHE, null, null, 1_000)));
      }
      Thread.sleep(300);
      assertEquals(1, charger.received().size(), "more than one CALL outstanding");
      long busy = all.stream().map(TestGateway::await).filter(o -> o.kind() == Kind.BUSY).count();
      assertTrue(busy >= 7, "expected the commands beyond the queue to be busy, got " + busy);
    }
  }

  @Test
  void invalidParametersAreRefusedWithoutSendingAnything() throws Exception {
    String cp = "INV-" + UUID.randomUUID();
    try (AnsweringCharger charger = AnsweringCharger.connect(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      awaitRegistered(cp);
      CommandOutcome missing = send(cp, Op.START, null, new JsonObject(), 1_000);
      assertEquals(Kind.INVALID, missing.kind());
      assertTrue(missing.reason().contains("idTag"), missing.reason());
      CommandOutcome schema = send(cp, Op.RESET, null, new JsonObject().put("type", "Gentle"), 1_000);
      assertEquals(Kind.INVALID, schema.kind());
      assertEquals(0, charger.received().size());
    }
  }

  @Test
  void acceptedCommandsUpdateStoredState() throws Exception {
    String cp = "FX-" + UUID.randomUUID();
    try (AnsweringCharger charger = AnsweringCharger.connect(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      awaitRegistered(cp);
      charger.answer("ChangeConfiguration", status("Accepted"));
      charger.answer("SetChargingProfile", status("Accepted"));
      charger.sendRaw("[2,\"s1\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}]");
      Thread.sleep(200);
      assertEquals(Kind.ACCEPTED, send(cp, Op.WRITE_CONFIG, null, new JsonObject().put("key", "MeterValueSampleInterval").put("value", "30"), 2_000).kind());
      assertEquals(Kind.ACCEPTED, send(cp, Op.SET_LIMIT, null, new JsonObject().put("connectorNumber", 1).put("limit", 10.0).put("profileId", 9100), 2_000).kind());
      Row config = TestGateway.await(gateway.pg.preparedQuery("SELECT v.value FROM charger_variables v JOIN chargers c ON c.id = v.charger_id"
          + " WHERE c.charge_point_id = $1 AND v.variable = 'MeterValueSampleInterval'").execute(Tuple.of(cp))).iterator().next();
      assertEquals("30", config.getString("value"));
      Row profile = TestGateway.await(gateway.pg.preparedQuery("SELECT active_profile FROM connectors x JOIN chargers c ON c.id = x.charger_id"
          + " WHERE c.charge_point_id = $1 AND x.evse_id = 1").execute(Tuple.of(cp))).iterator().next();
      assertEquals(9100, ((JsonObject) profile.getValue("active_profile")).getInteger("profileId"));
    }
  }
}
