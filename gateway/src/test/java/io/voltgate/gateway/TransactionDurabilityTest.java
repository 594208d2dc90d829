package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transaction messages stay on the durable path: the CALLRESULT of a StartTransaction is written only
 * after the session is committed in Postgres, that of a 2.0.1 TransactionEvent after its meter
 * values, that of a MeterValues after its samples. While Postgres cannot take it the charger gets no
 * acknowledgement (it retries, as OCPP lets it), and a retry after recovery is stored once.
 */
@Timeout(60)
class TransactionDurabilityTest {

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "node-tx-durability"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonObject startTransaction(String idTag) {
    return new JsonObject().put("connectorId", 1).put("idTag", idTag).put("meterStart", 1000)
        .put("timestamp", "2026-12-01T10:00:00Z");
  }

  private static long sessions(String cp) {
    return TestGateway.await(gateway.pg.preparedQuery("SELECT count(*) FROM charging_sessions s JOIN chargers c"
        + " ON c.id = s.charger_id WHERE c.charge_point_id = $1").execute(Tuple.of(cp))).iterator().next().getLong(0);
  }

  @Test
  void aStartTransactionIsAcknowledgedOnlyOnceTheSessionIsCommitted() throws Exception {
    String cp = "TXD-" + UUID.randomUUID();
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      JsonArray reply = sentWhileLocked(c, "charging_sessions", "tx-1", "StartTransaction", startTransaction("TAG-D1"));
      assertEquals(3, reply.getInteger(0), reply.encode());
      assertEquals(1, sessions(cp), "committed before the CALLRESULT was written");
    }
  }

  @Test
  void aStartTransactionPostgresRefusesIsNotAcknowledgedAndItsRetryIsStoredOnce() {
    String cp = "TXR-" + UUID.randomUUID();
    String fn = "vg_test_refuse_" + UUID.randomUUID().toString().replace("-", "");
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      sql("CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " RAISE EXCEPTION 'test: session write refused'; END $$");
      sql("CREATE TRIGGER " + fn + " BEFORE INSERT ON charging_sessions FOR EACH ROW"
          + " WHEN (NEW.id_token = 'TAG-R1') EXECUTE FUNCTION " + fn + "()");
      try {
        JsonArray refused = c.call("StartTransaction", startTransaction("TAG-R1"));
        assertEquals(4, refused.getInteger(0), "a CALLERROR, never a CALLRESULT: " + refused.encode());
        assertEquals(0, sessions(cp));
      } finally {
        sql("DROP TRIGGER " + fn + " ON charging_sessions");
        sql("DROP FUNCTION " + fn + "()");
      }
      JsonArray first = c.call("StartTransaction", startTransaction("TAG-R1"));
      JsonArray retry = c.call("StartTransaction", startTransaction("TAG-R1"));
      assertEquals(3, first.getInteger(0), first.encode());
      assertEquals(first.getJsonObject(2).getInteger("transactionId"), retry.getJsonObject(2).getInteger("transactionId"));
      assertEquals(1, sessions(cp));
    }
  }

  @Test
  void aTransactionEventsMeterValuesAreStoredBeforeItsAnswerAndOnceWhenItIsRetried() {
    String cp = "TXM-" + UUID.randomUUID();
    String tx = UUID.randomUUID().toString();
    String fn = "vg_test_refuse_" + UUID.randomUUID().toString().replace("-", "");
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp2.0.1")) {
      c.call("BootNotification", new JsonObject().put("reason", "PowerUp")
          .put("chargingStation", new JsonObject().put("vendorName", "V").put("model", "M")));
      JsonArray started = c.call("TransactionEvent", transactionEvent("Started", tx, 0, 1000, "Transaction.Begin")
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1)));
      assertEquals(3, started.getInteger(0), started.encode());
      assertEquals(1, meterSamples(tx), "the sample is in Postgres when the CALLRESULT is written");

      // Postgres refuses the next event's sample: no acknowledgement, and nothing of the event is kept.
      sql("CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " RAISE EXCEPTION 'test: meter sample refused'; END $$");
      sql("CREATE TRIGGER " + fn + " BEFORE INSERT ON meter_samples FOR EACH ROW"
          + " WHEN (NEW.value = 2345) EXECUTE FUNCTION " + fn + "()");
      try {
        JsonArray refused = c.call("TransactionEvent", transactionEvent("Updated", tx, 1, 2345, "Sample.Periodic"));
        assertEquals(4, refused.getInteger(0), "a CALLERROR, never a CALLRESULT: " + refused.encode());
        assertEquals(1, meterSamples(tx));
      } finally {
        sql("DROP TRIGGER " + fn + " ON meter_samples");
        sql("DROP FUNCTION " + fn + "()");
      }
      JsonArray first = c.call("TransactionEvent", transactionEvent("Updated", tx, 1, 2345, "Sample.Periodic"));
      JsonArray retry = c.call("TransactionEvent", transactionEvent("Updated", tx, 1, 2345, "Sample.Periodic"));
      assertEquals(3, first.getInteger(0), first.encode());
      assertEquals(3, retry.getInteger(0), retry.encode());
      assertEquals(2, meterSamples(tx), "the retried event's sample is stored once");
    }
  }

  @Test
  void aMeterValuesIsAcknowledgedOnlyOnceItsSamplesAreCommittedAndItsRetryIsStoredOnce() throws Exception {
    String cp = "TXV-" + UUID.randomUUID();
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      int tx = c.call("StartTransaction", startTransaction("TAG-V1")).getJsonObject(2).getInteger("transactionId");
      JsonObject meterValues = new JsonObject().put("connectorId", 1).put("transactionId", tx)
          .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", "2026-12-01T10:05:00Z")
              .put("sampledValue", new JsonArray()
                  .add(new JsonObject().put("value", "2500").put("measurand", "Energy.Active.Import.Register"))
                  .add(new JsonObject().put("value", "7400").put("measurand", "Power.Active.Import").put("unit", "W")))));
      JsonArray reply = sentWhileLocked(c, "meter_samples", "mv-1", "MeterValues", meterValues);
      assertEquals(3, reply.getInteger(0), reply.encode());
      assertEquals(2, sessionSamples(cp), "committed before the CALLRESULT was written");

      // The charger did not see that answer (as after a lost connection) and sends it again.
      JsonArray retry = c.call("MeterValues", meterValues);
      assertEquals(3, retry.getInteger(0), retry.encode());
      assertEquals(2, sessionSamples(cp), "the retried message's samples are stored once");
    }
  }

  @Test
  void aMeterValuesPostgresRefusesIsAnsweredWithACallErrorNotAcknowledged() {
    String cp = "TXW-" + UUID.randomUUID();
    String fn = "vg_test_refuse_" + UUID.randomUUID().toString().replace("-", "");
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp2.0.1")) {
      c.call("BootNotification", new JsonObject().put("reason", "PowerUp")
          .put("chargingStation", new JsonObject().put("vendorName", "V").put("model", "M")));
      JsonObject meterValues = new JsonObject().put("evseId", 0).put("meterValue", new JsonArray()
          .add(new JsonObject().put("timestamp", "2026-12-01T11:00:00Z").put("sampledValue", new JsonArray()
              .add(new JsonObject().put("value", 98765).put("measurand", "Energy.Active.Import.Register")))));
      sql("CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " RAISE EXCEPTION 'test: meter sample refused'; END $$");
      sql("CREATE TRIGGER " + fn + " BEFORE INSERT ON meter_samples FOR EACH ROW"
          + " WHEN (NEW.value = 98765) EXECUTE FUNCTION " + fn + "()");
      try {
        JsonArray refused = c.call("MeterValues", meterValues);
        assertEquals(4, refused.getInteger(0), "a CALLERROR, never a CALLRESULT: " + refused.encode());
        assertEquals(0, chargerSamples(cp));
      } finally {
        sql("DROP TRIGGER " + fn + " ON meter_samples");
        sql("DROP FUNCTION " + fn + "()");
      }
      JsonArray retried = c.call("MeterValues", meterValues);
      assertEquals(3, retried.getInteger(0), retried.encode());
      assertEquals(1, chargerSamples(cp));
    }
  }

  /**
   * Sends a CALL while another transaction holds {@code table} locked: asserts that no answer comes
   * meanwhile, releases the lock and returns the answer that follows.
   */
  private static JsonArray sentWhileLocked(RawOcppClient c, String table, String messageId, String action,
      JsonObject payload) throws InterruptedException {
    SqlConnection lockHolder = TestGateway.await(gateway.pg.getConnection());
    Transaction lock = TestGateway.await(lockHolder.begin());
    try {
      TestGateway.await(lockHolder.query("LOCK TABLE " + table + " IN EXCLUSIVE MODE").execute());
      c.sendText(new JsonArray().add(2).add(messageId).add(action).add(payload).encode());
      assertNull(c.poll(1_500), "no acknowledgement while " + table + " cannot be written");
    } finally {
      TestGateway.await(lock.rollback());
      TestGateway.await(lockHolder.close());
    }
    return c.awaitReply(messageId);
  }

  private static JsonObject transactionEvent(String eventType, String tx, int seqNo, int wh, String context) {
    String at = "2026-12-01T10:0" + seqNo + ":00Z";
    return new JsonObject().put("eventType", eventType).put("timestamp", at)
        .put("triggerReason", seqNo == 0 ? "CablePluggedIn" : "MeterValuePeriodic").put("seqNo", seqNo)
        .put("transactionInfo", new JsonObject().put("transactionId", tx))
        .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", at).put("sampledValue",
            new JsonArray().add(new JsonObject().put("value", wh).put("context", context)
                .put("measurand", "Energy.Active.Import.Register")))));
  }

  private static long meterSamples(String transactionRef) {
    return TestGateway.await(gateway.pg.preparedQuery("SELECT count(*) FROM meter_samples m"
        + " JOIN charging_sessions s ON s.id = m.session_id WHERE s.transaction_ref = $1")
        .execute(Tuple.of(transactionRef))).iterator().next().getLong(0);
  }

  private static long sessionSamples(String cp) {
    return TestGateway.await(gateway.pg.preparedQuery("SELECT count(*) FROM meter_samples m JOIN chargers c"
        + " ON c.id = m.charger_id WHERE c.charge_point_id = $1 AND m.session_id IS NOT NULL")
        .execute(Tuple.of(cp))).iterator().next().getLong(0);
  }

  private static long chargerSamples(String cp) {
    return TestGateway.await(gateway.pg.preparedQuery("SELECT count(*) FROM meter_samples m JOIN chargers c"
        + " ON c.id = m.charger_id WHERE c.charge_point_id = $1").execute(Tuple.of(cp))).iterator().next().getLong(0);
  }

  private static void sql(String statement) {
    TestGateway.await(gateway.pg.query(statement).execute());
  }
}
