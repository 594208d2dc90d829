package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection registry, replacement, offline marking and events, through real sockets and Redis. */
@Timeout(60)
class ConnectionLifecycleTest {

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "node-lifecycle"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Response redis(Request r) {
    return TestGateway.await(gateway.redis.send(r));
  }

  private static String connField(String cp, String field) throws InterruptedException {
    Response r = redis(Request.cmd(Command.HGET).arg("vg:{cp:" + cp + "}:conn").arg(field));
    return r == null ? null : r.toString();
  }

  private static void eventually(String what, java.util.function.BooleanSupplier check) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not true within 5 s: " + what);
  }

  @Test
  void aSecondConnectionWithTheSameIdReplacesTheFirst() throws Exception {
    String cp = "DUP-" + UUID.randomUUID();
    RawOcppClient first = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6");
    eventually("first registered", () -> {
      try {
        return "node-lifecycle".equals(connField(cp, "node"));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    String firstConn = connField(cp, "connId");
    RawOcppClient second = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp2.0.1");
    eventually("first closed with a close code", () -> first.closeCode() != null);
    assertEquals((short) 1008, first.closeCode());
    eventually("registry names the second connection", () -> {
      try {
        String conn = connField(cp, "connId");
        return conn != null && !conn.equals(firstConn) && "ocpp2.0.1".equals(connField(cp, "protocol"));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    JsonArray hb = second.call("Heartbeat", new JsonObject());
    assertEquals(3, hb.getInteger(0));
    second.close();
    first.close();
    eventually("registry cleared after the last close", () -> {
      try {
        return connField(cp, "node") == null;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void stateChangesAreAppendedToTheEventStream() throws Exception {
    String cp = "EVT-" + UUID.randomUUID();
    Response last = redis(Request.cmd(Command.XREVRANGE).arg("vg:events").arg("+").arg("-").arg("COUNT").arg(1));
    String from = last.size() == 0 ? "0" : last.get(0).get(0).toString();
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      c.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError")
          .put("status", "Available"));
    }
    List<String> types = new ArrayList<>();
    eventually("online, boot, status, offline events", () -> {
      types.clear();
      Response range = redis(Request.cmd(Command.XRANGE).arg("vg:events").arg("(" + from).arg("+"));
      for (Response entry : range) {
        Response fields = entry.get(1);
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
          m.put(fields.get(i).toString(), fields.get(i + 1).toString());
        }
        if (cp.equals(m.get("cp"))) {
          types.add(m.get("type"));
        }
      }
      return types.contains("charger.offline");
    });
    assertEquals(List.of("charger.online", "charger.boot", "connector.status", "charger.offline"), types);
  }

  @Test
  void connectorStatusIsKeptInRedisWithItsTimestamp() throws Exception {
    String cp = "ST-" + UUID.randomUUID();
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      c.call("StatusNotification", new JsonObject().put("connectorId", 2).put("errorCode", "GroundFailure")
          .put("status", "Faulted").put("timestamp", "2026-11-21T10:00:00Z").put("vendorErrorCode", "E42"));
      eventually("status in redis", () -> redis(Request.cmd(Command.HGET).arg("vg:{cp:" + cp + "}:status").arg("2/1")) != null);
      JsonObject st = new JsonObject(redis(Request.cmd(Command.HGET).arg("vg:{cp:" + cp + "}:status").arg("2/1")).toString());
      assertEquals("Faulted", st.getString("status"));
      assertEquals("GroundFailure", st.getString("errorCode"));
      assertEquals("E42", st.getString("vendorErrorCode"));
      assertEquals("2026-11-21T10:00:00Z", st.getString("ts"));
    }
  }

  @Test
  void unknownChargersArePendingUnderThePendingPolicy() {
    try (TestGateway strict = TestGateway.start(Map.of("VOLTGATE_UNKNOWN_CHARGER_POLICY", "pending"))) {
      try (RawOcppClient c = RawOcppClient.open(strict.vertx, strict.port, "NEW-" + UUID.randomUUID(), "ocpp1.6")) {
        JsonArray boot = c.call("BootNotification", new JsonObject().put("chargePointVendor", "V")
            .put("chargePointModel", "M"));
        assertEquals("Pending", boot.getJsonObject(2).getString("status"));
        JsonArray hb = c.call("Heartbeat", new JsonObject());
        assertEquals("SecurityError", hb.getString(2));
      }
    }
  }

  @Test
  void bootsBeyondTheNodeBudgetArePendingWithAJitteredInterval() {
    try (TestGateway tight = TestGateway.start(Map.of("VOLTGATE_BOOTS_PER_SECOND", "2", "VOLTGATE_GATEWAY_INSTANCES", "1"))) {
      int pending = 0;
      for (int i = 0; i < 6; i++) {
        try (RawOcppClient c = RawOcppClient.open(tight.vertx, tight.port, "STORM-" + UUID.randomUUID(), "ocpp1.6")) {
          JsonObject res = c.call("BootNotification", new JsonObject().put("chargePointVendor", "V")
              .put("chargePointModel", "M")).getJsonObject(2);
          if ("Pending".equals(res.getString("status"))) {
            pending++;
            int interval = res.getInteger("interval");
            assertTrue(interval >= 5 && interval <= 35, "jittered interval " + interval);
          }
        }
      }
      assertTrue(pending >= 3, "expected most boots beyond the budget of 2/s to be Pending, got " + pending);
    }
  }

  @Test
  void leniencyRulesTolerateAVendorsSchemaViolations() {
    try (TestGateway lenient = TestGateway.start(Map.of("VOLTGATE_LENIENCY_RULES", "QuirkyCo/Q1"))) {
      try (RawOcppClient c = RawOcppClient.open(lenient.vertx, lenient.port, "LEN-" + UUID.randomUUID(), "ocpp1.6")) {
        c.call("BootNotification", new JsonObject().put("chargePointVendor", "QuirkyCo").put("chargePointModel", "Q1"));
        JsonArray r = c.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError")
            .put("status", "Available").put("extraField", true));
        assertEquals(3, r.getInteger(0), r.encode());
      }
      try (RawOcppClient c = RawOcppClient.open(lenient.vertx, lenient.port, "STRICT-" + UUID.randomUUID(), "ocpp1.6")) {
        c.call("BootNotification", new JsonObject().put("chargePointVendor", "Other").put("chargePointModel", "Q1"));
        JsonArray r = c.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError")
            .put("status", "Available").put("extraField", true));
        assertEquals("FormationViolation", r.getString(2), r.encode());
      }
    }
  }

  @Test
  void plainHttpRequestsToTheOcppPortGetUpgradeRequired() throws Exception {
    // A raw request: some HTTP clients refuse to read a response that carries an Upgrade header.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port)) {
      socket.getOutputStream().write(("GET /ocpp/X HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      assertEquals("HTTP/1.1 426 Upgrade Required", status);
    }
  }
}
