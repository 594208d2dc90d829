package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A charger's StatusNotification reaches an SSE subscriber through the whole process, quickly. */
@Timeout(60)
class EventStreamEndToEndTest {

  private static final String KEY = "pk_cpms_live_5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

  @TempDir
  Path dir;

  @Test
  void aStatusNotificationReachesASubscribedClientWithin200Ms() throws Exception {
    Voltgate v = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register")), "node-sse");
    Vertx clients = Vertx.vertx();
    String cp = "SSE-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsCharger charger = WsCharger.connect(clients, v.ocppPort(), cp, "ocpp1.6")) {
      charger.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
      HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + v.httpPort() + "/cpms/v1/events/stream?eventTypes=connector.status&stationIds=" + cp))
          .header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, stream.statusCode());
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
          String event = null;
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("event: ")) {
              event = line.substring(7);
            } else if (line.startsWith("data: ") && event != null) {
              events.add(new String[] {event, line.substring(6), Long.toString(System.nanoTime())});
            }
          }
        } catch (Exception e) {
          // closed
        }
      });
      reader.setDaemon(true);
      reader.start();
      Thread.sleep(500);
      long sent = System.nanoTime();
      charger.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError").put("status", "Charging"));
      String[] e = events.poll(5, TimeUnit.SECONDS);
      assertTrue(e != null, "no event arrived");
      long ms = (Long.parseLong(e[2]) - sent) / 1_000_000;
      assertEquals("connector.status", e[0]);
      JsonObject data = new JsonObject(e[1]);
      assertEquals("Charging", data.getJsonObject("data").getString("status"));
      assertTrue(ms < 200, "StatusNotification → SSE took " + ms + " ms");
      stream.body().close();
    } finally {
      WsCharger.await(clients.close());
      v.stop();
    }
  }
}
