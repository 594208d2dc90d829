package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Voltgate in the JVM: a tariff created and assigned over the operator API, a real OCPP 1.6
 * charger over a WebSocket (boot, status, start, meter values, stop), then the session and its
 * priced transaction through the API — priced by the billing verticle from the event stream.
 *
 * <p>Expected price (charger-level tariff: 0.25/kWh, 0.50 session fee, idle 6/h after 5 min, 10 %
 * tax): 12 kWh = 3.00; the register stays flat for the last 10 minutes → 5 billable idle minutes =
 * 0.50; subtotal 4.00; tax 0.40; total 4.40.
 */
@Timeout(180)
class ChargingBillingEndToEndTest {

  private static final String KEY = "pk_cpms_live_e2e0123456789abcdef0123456789abcd";
  private static final String CP = "E2E-CP-1";

  @TempDir
  Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aChargedSessionBecomesACorrectlyPricedTransaction() throws Exception {
    Voltgate v = Voltgate.start(Settings.of(Map.of(
        "VOLTGATE_DATA_DIR", dataDir.toString(),
        "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0",
        "VOLTGATE_HOST", "127.0.0.1",
        "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register")), "node-e2e");
    try {
      int port = v.httpPort();
      String network = api(port, "GET", "/cpms/v1/networks", null).getJsonArray("data").getJsonObject(0).getString("id");
      try (Connection c = VoltgateLifecycleTest.jdbc(v.backends().pgUrl());
           PreparedStatement st = c.prepareStatement("INSERT INTO id_tokens (id, network_id, token, status)"
               + " VALUES (?, ?, 'E2E-TAG', 'Accepted')")) {
        st.setObject(1, UUID.randomUUID());
        st.setObject(2, UUID.fromString(network));
        st.executeUpdate();
      }
      // A network-wide tariff, and (after the charger registers) a cheaper one on the charger: the charger's wins.
      String networkTariff = created(api(port, "POST", "/cpms/v1/tariffs", new JsonObject().put("name", "Network")
          .put("energyRate", 0.60)));
      api(port, "POST", "/cpms/v1/tariffs/" + networkTariff + "/assign", new JsonObject());
      String chargerTariff = created(api(port, "POST", "/cpms/v1/tariffs", new JsonObject().put("name", "Site")
          .put("energyRate", 0.25).put("sessionFee", 0.50).put("idleRate", 6).put("idleGracePeriodMinutes", 5)
          .put("taxRate", 10)));

      Charger cp = Charger.connect(v.ocppPort(), CP);
      JsonObject boot = cp.call("BootNotification", new JsonObject().put("chargePointVendor", "Voltgate")
          .put("chargePointModel", "E2E"));
      assertEquals("Accepted", boot.getString("status"), boot.encode());
      String chargerId = chargerId(v.backends().pgUrl());
      JsonObject assigned = api(port, "POST", "/cpms/v1/tariffs/" + chargerTariff + "/assign",
          new JsonObject().put("chargerUuid", chargerId)).getJsonObject("data");
      assertEquals("Charger", assigned.getString("level"));

      Instant start = Instant.now().minus(50, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
      cp.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError")
          .put("status", "Preparing").put("timestamp", start.toString()));
      JsonObject started = cp.call("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", "E2E-TAG")
          .put("meterStart", 1000).put("timestamp", start.toString()));
      assertEquals("Accepted", started.getJsonObject("idTagInfo").getString("status"), started.encode());
      int tx = started.getInteger("transactionId");
      cp.call("MeterValues", meterValues(tx, start.plus(15, ChronoUnit.MINUTES), "7000", "11000"));
      cp.call("MeterValues", meterValues(tx, start.plus(30, ChronoUnit.MINUTES), "13000", "11000"));

      JsonObject active = poll(port, "/cpms/v1/sessions?status=ACTIVE&chargerId=" + chargerId,
          body -> body.getJsonArray("data").size() == 1
              && Double.valueOf(12.0).equals(body.getJsonArray("data").getJsonObject(0).getDouble("energyKwh")));
      String sessionId = active.getJsonArray("data").getJsonObject(0).getString("id");
      JsonObject live = api(port, "GET", "/cpms/v1/sessions/" + sessionId, null).getJsonObject("data");
      assertEquals(11.0, live.getDouble("currentPowerKw"), live.encode());

      JsonObject stopped = cp.call("StopTransaction", new JsonObject().put("transactionId", tx).put("idTag", "E2E-TAG")
          .put("meterStop", 13000).put("timestamp", start.plus(40, ChronoUnit.MINUTES).toString())
          .put("reason", "EVDisconnected"));
      assertEquals("Accepted", stopped.getJsonObject("idTagInfo").getString("status"), stopped.encode());
      cp.close();

      JsonObject txs = poll(port, "/cpms/v1/transactions?chargerId=" + chargerId,
          body -> body.getJsonArray("data").size() == 1);
      JsonObject cdr = txs.getJsonArray("data").getJsonObject(0);
      assertEquals(sessionId, cdr.getString("sessionId"));
      assertEquals(CP, cdr.getString("chargerUid"));
      assertEquals(12.0, cdr.getDouble("energyKwh"));
      assertEquals(3.0, cdr.getDouble("energyCost"));
      assertEquals(0.5, cdr.getDouble("sessionFee"));
      assertEquals(0.4, cdr.getDouble("taxAmount"));
      assertEquals(4.4, cdr.getDouble("amount"), cdr.encode());
      assertEquals(network, api(port, "GET", "/cpms/v1/sessions/" + sessionId, null).getJsonObject("data")
          .getString("networkId"));

      JsonObject detail = api(port, "GET", "/cpms/v1/transactions/" + cdr.getString("id"), null).getJsonObject("data");
      assertEquals(chargerTariff, detail.getString("tariffId"));
      assertEquals(40.0, detail.getDouble("totalTimeMinutes"));
      assertEquals(10.0, detail.getDouble("idleTimeMinutes"));
      assertEquals(0.5, detail.getJsonObject("costBreakdown").getDouble("idleFee"));
      assertEquals(4.0, detail.getJsonObject("costBreakdown").getDouble("subtotal"));
      assertEquals(1, detail.getInteger("connectorNumber"));

      JsonArray sessions = api(port, "GET", "/cpms/v1/sessions?chargerId=" + chargerId, null).getJsonArray("data");
      assertEquals(1, sessions.size());
      JsonObject session = sessions.getJsonObject(0);
      assertEquals("COMPLETED", session.getString("status"));
      assertEquals(12.0, session.getDouble("energyKwh"));
      assertEquals(4.4, session.getDouble("total"));
      assertEquals(start.toString(), session.getString("startedAt"));
    } finally {
      v.stop();
    }
  }

  private static JsonObject meterValues(int tx, Instant at, String wh, String w) {
    return new JsonObject().put("connectorId", 1).put("transactionId", tx).put("meterValue", new JsonArray()
        .add(new JsonObject().put("timestamp", at.toString()).put("sampledValue", new JsonArray()
            .add(new JsonObject().put("value", wh).put("measurand", "Energy.Active.Import.Register").put("unit", "Wh"))
            .add(new JsonObject().put("value", w).put("measurand", "Power.Active.Import").put("unit", "W")))));
  }

  private static String chargerId(String pgUrl) throws Exception {
    try (Connection c = VoltgateLifecycleTest.jdbc(pgUrl);
         PreparedStatement st = c.prepareStatement("SELECT id FROM chargers WHERE charge_point_id = ?")) {
      st.setString(1, CP);
      try (ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next(), "charger registered at boot");
        return rs.getString(1);
      }
    }
  }

  private static String created(JsonObject reply) {
    return reply.getJsonObject("data").getString("id");
  }

  private JsonObject api(int port, String method, String path, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("X-API-Key", KEY)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() / 100 == 2, method + " " + path + " → " + r.statusCode() + " " + r.body());
    return new JsonObject(r.body());
  }

  /** GETs until the body satisfies the condition (bounded: 30 s). */
  private JsonObject poll(int port, String path, Predicate<JsonObject> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonObject last;
    do {
      last = api(port, "GET", path, null);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("condition not met within 30 s; last answer " + last.encode());
  }

  /** A minimal OCPP 1.6-J charge point on java.net.http: one CALL at a time, server CALLs refused. */
  private static final class Charger implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<JsonArray> results = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    private int nextId;

    static Charger connect(int port, String id) throws Exception {
      Charger c = new Charger();
      c.ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("ocpp1.6")
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id), c).get(10, TimeUnit.SECONDS);
      assertEquals("ocpp1.6", c.ws.getSubprotocol());
      return c;
    }

    JsonObject call(String action, JsonObject payload) throws Exception {
      String id = "m" + (++nextId);
      ws.sendText(new JsonArray().add(2).add(id).add(action).add(payload).encode(), true).get(5, TimeUnit.SECONDS);
      while (true) {
        JsonArray frame = results.poll(15, TimeUnit.SECONDS);
        if (frame == null) {
          throw new AssertionError("no answer to " + action);
        }
        if (id.equals(frame.getString(1))) {
          if (frame.getInteger(0) != 3) {
            throw new AssertionError(action + " answered " + frame.encode());
          }
          return frame.getJsonObject(2);
        }
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonArray frame = new JsonArray(partial.toString());
        partial.setLength(0);
        if (frame.getInteger(0) == 2) {
          socket.sendText(new JsonArray().add(4).add(frame.getString(1)).add("NotImplemented").add("").add(new JsonObject())
              .encode(), true);
        } else {
          results.add(frame);
        }
      }
      socket.request(1);
      return null;
    }

    @Override
    public void close() throws Exception {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }
}
