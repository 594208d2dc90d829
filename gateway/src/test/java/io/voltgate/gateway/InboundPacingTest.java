package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import io.voltgate.metrics.MetricNames;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A charger that floods is slowed, not refused, and slows nobody else: over its CALLs in flight its
 * later frames are not even read until answers go out; over its frame rate it is read at that rate;
 * every CALL is still answered, and another charger is answered meanwhile.
 */
@Timeout(60)
class InboundPacingTest {

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "node-pacing", "VOLTGATE_OCPP_INBOUND_RATE", "20",
        "VOLTGATE_OCPP_INBOUND_BURST", "20", "VOLTGATE_OCPP_INBOUND_MAX_IN_FLIGHT", "2"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void callsBeyondThoseInFlightWaitUnreadWhileOthersAreAnswered() throws Exception {
    String cp = "PACE-" + UUID.randomUUID();
    try (RawOcppClient flood = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6");
        RawOcppClient other = RawOcppClient.open(gateway.vertx, gateway.port, "PACE-OTHER-" + UUID.randomUUID(), "ocpp1.6")) {
      boot(flood);
      boot(other);
      double pausedBefore = paced("in_flight");
      SqlConnection lockHolder = TestGateway.await(gateway.pg.getConnection());
      Transaction lock = TestGateway.await(lockHolder.begin());
      try {
        // Two MeterValues wait on the locked table (the charger's two CALLs in flight); what follows
        // is not read, so even a Heartbeat, which needs no table, is not answered yet.
        TestGateway.await(lockHolder.query("LOCK TABLE meter_samples IN EXCLUSIVE MODE").execute());
        for (int i = 0; i < 4; i++) {
          flood.sendText(new JsonArray().add(2).add("mv-" + i).add("MeterValues").add(meterValues(i)).encode());
        }
        flood.sendText(new JsonArray().add(2).add("hb").add("Heartbeat").add(new JsonObject()).encode());
        JsonArray otherBeat = other.call("Heartbeat", new JsonObject());
        assertEquals(3, otherBeat.getInteger(0), "another charger is answered meanwhile: " + otherBeat.encode());
        assertNull(flood.poll(1_000), "nothing answered while its two CALLs in flight wait");
        assertTrue(paced("in_flight") > pausedBefore, "counted in " + MetricNames.OCPP_INBOUND_PACED);
      } finally {
        TestGateway.await(lock.rollback());
        TestGateway.await(lockHolder.close());
      }
      Set<String> expected = new HashSet<>(Set.of("mv-0", "mv-1", "mv-2", "mv-3", "hb"));
      assertEquals(Set.of(), awaitResults(flood, expected), "all answered (with a CALLRESULT) once there was room");
    }
  }

  @Test
  void aChargerOverItsFrameRateIsReadAtThatRateAndEveryCallAnswered() throws Exception {
    try (RawOcppClient flood = RawOcppClient.open(gateway.vertx, gateway.port, "PACE-RATE-" + UUID.randomUUID(), "ocpp1.6")) {
      boot(flood);
      Thread.sleep(1_100); // the bucket full again (20 frames)
      double pausedBefore = paced("rate");
      int sent = 60;
      for (int i = 0; i < sent; i++) {
        flood.sendText(new JsonArray().add(2).add("hb-" + i).add("Heartbeat").add(new JsonObject()).encode());
      }
      // 20 at once, then 20 per second: far from all 60 within half a second (unpaced: milliseconds).
      Set<String> answered = new HashSet<>();
      long until = System.currentTimeMillis() + 500;
      for (String frame; System.currentTimeMillis() < until; ) {
        frame = flood.poll(Math.max(1, until - System.currentTimeMillis()));
        if (frame != null) {
          answered.add(new JsonArray(frame).getString(1));
        }
      }
      assertTrue(answered.size() < 40, answered.size() + " answered within 0.5 s");
      assertTrue(paced("rate") > pausedBefore);
      Set<String> rest = new HashSet<>();
      for (int i = 0; i < sent; i++) {
        if (!answered.contains("hb-" + i)) {
          rest.add("hb-" + i);
        }
      }
      assertEquals(Set.of(), awaitResults(flood, rest), "every CALL answered");
      assertTrue(!flood.isClosed(), "paced, not disconnected");
    }
  }

  /** Waits (10 s at most) for a CALLRESULT to each id; returns those that got none. */
  private static Set<String> awaitResults(RawOcppClient c, Set<String> ids) throws InterruptedException {
    Set<String> missing = new HashSet<>(ids);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!missing.isEmpty() && System.currentTimeMillis() < deadline) {
      String frame = c.poll(100);
      if (frame != null) {
        JsonArray f = new JsonArray(frame);
        if (f.getInteger(0) == 3) {
          missing.remove(f.getString(1));
        }
      }
    }
    return missing;
  }

  private static void boot(RawOcppClient c) {
    JsonArray boot = c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
    assertEquals("Accepted", boot.getJsonObject(2).getString("status"), boot.encode());
  }

  private static JsonObject meterValues(int i) {
    return new JsonObject().put("connectorId", 1).put("meterValue", new JsonArray().add(new JsonObject()
        .put("timestamp", "2026-12-01T10:0" + i + ":00Z").put("sampledValue", new JsonArray()
            .add(new JsonObject().put("value", Integer.toString(1000 + i)).put("measurand", "Energy.Active.Import.Register")))));
  }

  private static double paced(String reason) {
    Counter c = gateway.meters.find(MetricNames.OCPP_INBOUND_PACED).tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }
}
