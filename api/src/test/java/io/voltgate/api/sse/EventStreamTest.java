package io.voltgate.api.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.api.support.ApiTestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SSE stream over real HTTP, fed by entries appended to the Redis stream as gateways do. */
@Timeout(60)
class EventStreamTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** One parsed SSE event. */
  record Sse(String id, String event, JsonObject data) {
  }

  /** Reads events from a stream on a background thread. */
  static final class Subscriber implements AutoCloseable {
    final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
    final int status;
    private final InputStream body;
    private final Thread thread;

    Subscriber(String query, String key, String lastEventId) throws Exception {
      this(query, key, lastEventId, api.port);
    }

    Subscriber(String query, String key, String lastEventId, int port) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cpms/v1/events/stream" + query))
          .header("X-API-Key", key);
      if (lastEventId != null) {
        b.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      status = r.statusCode();
      body = r.body();
      thread = new Thread(this::read, "sse-reader");
      thread.setDaemon(true);
      thread.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isEmpty()) {
            if (event != null) {
              events.add(new Sse(id, event, new JsonObject(data.toString())));
            }
            id = null;
            event = null;
            data.setLength(0);
          } else if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data.append(line.substring(6));
          }
        }
      } catch (Exception e) {
        // stream closed
      }
    }

    Sse next(long ms) throws InterruptedException {
      return events.poll(ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
      body.close();
    }
  }

  private static String publish(String type, UUID network, String cp) {
    return ApiTestServer.await(api.redis.send(Request.cmd(Command.XADD).arg("vg:events").arg("*")
        .arg("id").arg(UUID.randomUUID().toString()).arg("type").arg(type).arg("network").arg(network.toString())
        .arg("cp").arg(cp).arg("ts").arg("2026-11-21T10:00:00Z")
        .arg("data").arg(new JsonObject().put("chargePointId", cp).put("status", "Charging").encode()))).toString();
  }

  @Test
  void subscribersReceiveTheirNetworksEventsFilteredByTypeAndStation() throws Exception {
    UUID mine = api.network("sse-mine");
    UUID theirs = api.network("sse-theirs");
    String key = api.key(List.of(mine), List.of("cpms:events:read"));
    try (Subscriber all = new Subscriber("", key, null);
         Subscriber statusOnly = new Subscriber("?eventTypes=connector.status&stationIds=CP-A", key, null)) {
      assertEquals(200, all.status);
      Thread.sleep(300);
      publish("connector.status", theirs, "CP-X");
      publish("charger.online", mine, "CP-A");
      publish("connector.status", mine, "CP-B");
      String wanted = publish("connector.status", mine, "CP-A");
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Sse e = all.next(5_000);
        assertNotNull(e, "missing event " + i);
        seen.add(e.event() + "/" + e.data().getString("chargePointId"));
        assertEquals(mine.toString(), e.data().getString("networkId"));
      }
      assertEquals(List.of("charger.online/CP-A", "connector.status/CP-B", "connector.status/CP-A"), seen);
      Sse filtered = statusOnly.next(5_000);
      assertEquals(wanted, filtered.id());
      assertEquals("connector.status", filtered.event());
      assertEquals(null, statusOnly.next(300));
    }
  }

  @Test
  void aReconnectWithLastEventIdReplaysWhatWasMissed() throws Exception {
    UUID net = api.network("sse-replay");
    String key = api.key(List.of(net), List.of("cpms:events:read"));
    String first = publish("charger.online", net, "R-1");
    String missed1 = publish("connector.status", net, "R-1");
    String missed2 = publish("charger.offline", net, "R-1");
    try (Subscriber resumed = new Subscriber("", key, first)) {
      assertEquals(missed1, resumed.next(5_000).id());
      assertEquals(missed2, resumed.next(5_000).id());
      String live = publish("charger.online", net, "R-1");
      assertEquals(live, resumed.next(5_000).id());
    }
  }

  @Test
  void theStreamNeedsTheEventsScopeAndAValidLastEventId() throws Exception {
    String noScope = api.key(null, List.of("cpms:networks:read"));
    assertEquals(403, api.get("/cpms/v1/events/stream", noScope).status());
    assertEquals(401, api.get("/cpms/v1/events/stream", null).status());
    assertEquals(400, api.get("/cpms/v1/events/stream?lastEventId=yesterday", api.adminKey).status());
  }

  @Test
  void eventsReachSubscribersQuickly() throws Exception {
    UUID net = api.network("sse-latency");
    String key = api.key(List.of(net), List.of("cpms:events:read"));
    try (Subscriber s = new Subscriber("", key, null)) {
      Thread.sleep(300);
      long t0 = System.nanoTime();
      publish("connector.status", net, "L-1");
      assertNotNull(s.next(2_000));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 200, "event took " + ms + " ms");
    }
  }
}
