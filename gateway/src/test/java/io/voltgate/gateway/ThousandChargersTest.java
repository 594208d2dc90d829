package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.TestGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 simulated chargers connect at once and exchange Boot, Status, Heartbeat and MeterValues
 * without a single error. (Throughput and latency are measured by the benchmarks in perf/.)
 */
@Timeout(180)
class ThousandChargersTest {

  private static final int CHARGERS = 1_000;

  @Test
  void aThousandChargersExchangeTheirMessagesWithoutError() throws Exception {
    try (TestGateway gateway = TestGateway.start(Map.of(
        "VOLTGATE_HANDSHAKES_PER_IP_PER_SECOND", "100000",
        "VOLTGATE_HANDSHAKES_PER_SECOND", "100000",
        "VOLTGATE_BOOTS_PER_SECOND", "100000",
        // A thousand never-seen chargers dial at once: every one registers (Postgres), none retries.
        "VOLTGATE_HANDSHAKE_MAX_IN_FLIGHT", "2000"))) {
      Vertx clients = Vertx.vertx();
      try {
        WebSocketClient client = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(CHARGERS * 2));
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger completed = new AtomicInteger();
        String run = Long.toString(System.nanoTime(), 36);
        List<Future<WebSocket>> sockets = new ArrayList<>();
        for (int i = 0; i < CHARGERS; i++) {
          String cp = "FLEET-" + run + "-" + i;
          String proto = i % 2 == 0 ? "ocpp1.6" : "ocpp2.0.1";
          Future<WebSocket> f = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port)
                  .setURI("/ocpp/" + cp).setSubProtocols(List.of(proto)))
              .compose(ws -> new SimCharger(ws, proto).run().map(ws))
              .onSuccess(ws -> completed.incrementAndGet())
              .onFailure(e -> errors.add(cp + ": " + e.getMessage()));
          sockets.add(f);
        }
        TestGateway.await(Future.join(sockets).otherwiseEmpty());
        assertEquals(List.of(), List.copyOf(errors).subList(0, Math.min(10, errors.size())));
        assertEquals(CHARGERS, completed.get());
        int stored = TestGateway.await(gateway.pg.preparedQuery(
            "SELECT count(*)::int AS n FROM chargers WHERE charge_point_id LIKE $1")
            .execute(Tuple.of("FLEET-" + run + "-%"))).iterator().next().getInteger("n");
        assertEquals(CHARGERS, stored);
      } finally {
        TestGateway.await(clients.close());
      }
    }
  }

  /** One charger's scripted exchange; fails on any CALLERROR or missing reply. */
  static final class SimCharger {
    private final WebSocket ws;
    private final String proto;
    private final Map<String, Promise<JsonArray>> pending = new HashMap<>();
    private int next;

    SimCharger(WebSocket ws, String proto) {
      this.ws = ws;
      this.proto = proto;
      ws.textMessageHandler(text -> {
        JsonArray frame = new JsonArray(text);
        Promise<JsonArray> p = pending.remove(frame.getString(1));
        if (p != null) {
          if (frame.getInteger(0) == 3) {
            p.complete(frame);
          } else {
            p.fail(frame.encode());
          }
        }
      });
    }

    Future<JsonArray> call(String action, JsonObject payload) {
      String id = Integer.toString(++next);
      Promise<JsonArray> p = Promise.promise();
      pending.put(id, p);
      ws.writeTextMessage(new JsonArray().add(2).add(id).add(action).add(payload).encode());
      return p.future().timeout(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    Future<Void> run() {
      boolean v16 = proto.equals("ocpp1.6");
      JsonObject boot = v16
          ? new JsonObject().put("chargePointVendor", "Sim").put("chargePointModel", "S1")
          : new JsonObject().put("reason", "PowerUp").put("chargingStation",
              new JsonObject().put("vendorName", "Sim").put("model", "S1"));
      String now = java.time.Instant.now().toString();
      JsonObject status = v16
          ? new JsonObject().put("connectorId", 1).put("errorCode", "NoError").put("status", "Available")
          : new JsonObject().put("timestamp", now).put("connectorStatus", "Available").put("evseId", 1).put("connectorId", 1);
      JsonObject meter = v16
          ? new JsonObject().put("connectorId", 1).put("meterValue", new JsonArray().add(new JsonObject()
              .put("timestamp", now).put("sampledValue", new JsonArray().add(new JsonObject().put("value", "1234")))))
          : new JsonObject().put("evseId", 1).put("meterValue", new JsonArray().add(new JsonObject()
              .put("timestamp", now).put("sampledValue", new JsonArray().add(new JsonObject().put("value", 1234)))));
      return call("BootNotification", boot)
          .compose(r -> "Accepted".equals(r.getJsonObject(2).getString("status")) ? Future.succeededFuture()
              : Future.failedFuture("boot " + r.encode()))
          .compose(v -> call("StatusNotification", status))
          .compose(v -> call("Heartbeat", new JsonObject()))
          .compose(v -> call("MeterValues", meter))
          .mapEmpty();
    }
  }
}
