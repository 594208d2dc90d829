package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A BootNotification that cannot be recorded (here: real Postgres refuses the charger's UPDATE
 * through a trigger, as it would when down or saturated) is answered {@code Pending} with a retry
 * interval, not a CALLERROR, and the charger is accepted once Postgres takes the write again.
 */
@Timeout(60)
class BootBackpressureTest {

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "node-boot-backpressure"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static void sql(String statement) {
    TestGateway.await(gateway.pg.query(statement).execute());
  }

  private static JsonArray boot(RawOcppClient c) {
    return c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
  }

  @Test
  void bootThatCannotBeRecordedIsPendingThenAcceptedWhenPostgresRecovers() {
    String cp = "BOOT-BP-" + UUID.randomUUID();
    String fn = "vg_test_refuse_" + UUID.randomUUID().toString().replace("-", "");
    RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6");
    sql("CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " RAISE EXCEPTION 'test: boot write refused'; END $$");
    sql("CREATE TRIGGER " + fn + " BEFORE UPDATE ON chargers FOR EACH ROW"
        + " WHEN (NEW.charge_point_id = '" + cp + "') EXECUTE FUNCTION " + fn + "()");
    try {
      JsonArray pending = boot(c);
      assertEquals(3, pending.getInteger(0), "a CALLRESULT, not a CALLERROR: " + pending.encode());
      assertEquals("Pending", pending.getJsonObject(2).getString("status"));
      int interval = pending.getJsonObject(2).getInteger("interval");
      assertTrue(interval >= 5 && interval <= 35, "retry interval " + interval);
      assertFalse(c.isClosed(), "the socket stays open");
    } finally {
      sql("DROP TRIGGER " + fn + " ON chargers");
      sql("DROP FUNCTION " + fn + "()");
    }
    JsonArray accepted = boot(c);
    assertEquals(3, accepted.getInteger(0), accepted.encode());
    assertEquals("Accepted", accepted.getJsonObject(2).getString("status"));
    c.close();
  }
}
