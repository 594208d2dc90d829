package io.voltgate.app;

import static io.voltgate.app.GatewayNodeKillTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.app.support.FaultCharger;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.store.embedded.EmbeddedRedisServer;
import io.voltgate.store.pg.PgClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, scenario 2: "webhooks and SSE miss no event that reached Postgres" across a Redis restart.
 * A real webhook receiver (loopback HTTP server) is subscribed and an SSE client is connected; Redis
 * stops; half the chargers stop their transactions and every charger reports a status while it is
 * down (their events cannot be appended to the stream: they are spooled in Postgres); Redis comes back
 * empty; the other half stop. Then every completed session in Postgres has exactly one
 * {@code session.completed} and one {@code transaction.created} delivery per event id at the receiver,
 * every {@code session.completed} and outage status is on the SSE stream that stayed connected, and an
 * SSE client reconnecting with a {@code Last-Event-ID} from before the restart receives the events
 * appended after it. A completion and a start Postgres holds whose events never reached a consumer
 * (made by SQL, as if the stream had lost them) are announced once Redis is back, and exactly once;
 * the starts announced before the outage, replayed with the same ids, are not delivered again.
 */
@Timeout(180)
class RedisRestartEventsTest {

  private static final String KEY = "pk_cpms_live_5b0015ed00000000000000000000000a";
  private static final int CHARGERS = 20;

  @TempDir
  Path dir;

  /** One SSE frame: stream id, type and JSON envelope. */
  record SseEvent(String streamId, String type, JsonObject body) {
  }

  @Test
  void eventsOfTheOutageReachWebhooksOnceAndTheSseStreamAfterRedisComesBack() throws Exception {
    String password = UUID.randomUUID().toString().replace("-", "");
    EmbeddedRedisServer redisServer = EmbeddedRedisServer.start(0, password);
    int redisPort = redisServer.port();
    Vertx clients = Vertx.vertx();
    Voltgate a = null;
    List<FaultCharger> fleet = new ArrayList<>();
    FaultCharger unannounced = null;
    Pool pg = null;
    List<HttpResponse<java.io.InputStream>> streams = new ArrayList<>();
    ConcurrentLinkedQueue<JsonObject> hooks = new ConcurrentLinkedQueue<>();
    HttpServer receiver = clients.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      hooks.add(body.toJsonObject().put("deliveredEventId", req.getHeader("X-Voltgate-Event-Id")));
      req.response().setStatusCode(200).end();
    }));
    int receiverPort = WsCharger.await(receiver.listen(0, "127.0.0.1")).actualPort();
    try {
      a = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(),
          "VOLTGATE_REDIS_URL", redisServer.url(), "VOLTGATE_OCPP_PORT", "0", "VOLTGATE_HTTP_PORT", "0",
          "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
          "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register",
          "VOLTGATE_WEBHOOK_ALLOWED_PRIVATE_TARGETS", "127.0.0.1",
          "VOLTGATE_WEBHOOK_RETRY_BASE_MS", "500")), "node-spool");
      pg = PgClients.pool(clients, a.backends().pgUrl(), 2);
      Http operator = new Http(a.httpPort(), KEY);
      Http.Result hook = operator.post("/cpms/v1/webhooks", new JsonObject()
          .put("url", "http://127.0.0.1:" + receiverPort + "/hook")
          .put("events", "session.started,session.completed,transaction.created,connector.status"));
      assertEquals(201, hook.status(), hook.body().encode());
      ConcurrentLinkedQueue<SseEvent> live = new ConcurrentLinkedQueue<>();
      streams.add(sse(a.httpPort(), null, live));
      Thread.sleep(500);

      for (int i = 0; i < CHARGERS; i++) {
        FaultCharger c = new FaultCharger(clients, "SPL-" + i + "-" + UUID.randomUUID().toString().substring(0, 6),
            i % 2 == 1, i);
        fleet.add(c.connect(a.ocppPort()));
        c.start();
        c.meterMidway();
      }
      Set<String> ids = fleet.stream().map(c -> c.id).collect(Collectors.toSet());
      await("the SSE client saw every session start", 20_000, () -> live.stream()
          .filter(e -> e.type().equals("session.started")).map(e -> e.body().getString("chargePointId"))
          .collect(Collectors.toSet()).containsAll(ids));
      String beforeOutage = live.stream().reduce((x, y) -> y).orElseThrow().streamId();

      // A completion Postgres holds whose event the stream lost (as when Redis dies right after taking
      // the XADD, before a consumer read it): only the replay after the restart can announce it.
      unannounced = new FaultCharger(clients, "LOST-" + UUID.randomUUID().toString().substring(0, 6),
          false, CHARGERS);
      unannounced.connect(a.ocppPort());
      unannounced.start();
      String lostSession = WsCharger.await(pg.preparedQuery("UPDATE charging_sessions s SET status = 'COMPLETED',"
          + " stopped_at = now(), stop_reason = 'Local', updated_at = now() FROM chargers c"
          + " WHERE c.id = s.charger_id AND c.charge_point_id = $1 RETURNING s.id")
          .execute(Tuple.of(unannounced.id))).iterator().next().getUUID("id").toString();
      // Likewise a start whose session.started the stream lost.
      String lostStart = UUID.randomUUID().toString();
      WsCharger.await(pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, evse_id,"
          + " connector_id, ocpp_version, transaction_ref, id_token, started_at, meter_start_wh, status)"
          + " SELECT $1::uuid, c.network_id, c.id, 2, 1, '2.0.1', $2, 'TAG-LOST', now(), 0, 'ACTIVE'"
          + " FROM chargers c WHERE c.charge_point_id = $3").execute(Tuple.of(lostStart, "lost-" + lostStart, unannounced.id)));

      redisServer.close();
      for (int i = 0; i < CHARGERS; i++) {
        FaultCharger c = fleet.get(i);
        JsonArray status = WsCharger.await(c.ws().send("StatusNotification", statusPayload(c, "Finishing")));
        assertEquals(3, status.getInteger(0), "status of " + c.id + " while Redis is down: " + status.encode());
        if (i < CHARGERS / 2) {
          JsonArray stop = c.stopAnswered();
          assertEquals(3, stop.getInteger(0), "stop of " + c.id + " while Redis is down: " + stop.encode());
        }
      }
      Thread.sleep(1_000); // the failed batches reach the spool

      redisServer = EmbeddedRedisServer.start(redisPort, password); // empty: no persistence
      for (FaultCharger c : fleet.subList(CHARGERS / 2, CHARGERS)) {
        assertEquals(3, c.stopAnswered().getInteger(0));
      }

      Pool db = pg;
      Map<String, String> sessionOf = new HashMap<>();
      for (Row r : WsCharger.await(db.preparedQuery("SELECT c.charge_point_id, s.id FROM charging_sessions s"
          + " JOIN chargers c ON c.id = s.charger_id WHERE c.charge_point_id = ANY($1) AND s.status = 'COMPLETED'")
          .execute(Tuple.of(ids.toArray(String[]::new))))) {
        sessionOf.put(r.getString("charge_point_id"), r.getUUID("id").toString());
      }
      assertEquals(CHARGERS, sessionOf.size(), "every session completed in Postgres");
      Set<String> sessions = new HashSet<>(sessionOf.values());

      await("a session.completed and a transaction.created webhook for every completed session", 90_000,
          () -> sessionsIn(hooks.stream().toList(), "session.completed").containsAll(sessions)
              && sessionsIn(hooks.stream().toList(), "transaction.created").containsAll(sessions));
      await("session.completed of every session on the SSE stream that stayed connected", 30_000,
          () -> sessionsIn(live.stream().map(SseEvent::body).toList(), "session.completed").containsAll(sessions));
      // A client back with the cursor it had before the restart gets what was appended after it.
      ConcurrentLinkedQueue<SseEvent> resumed = new ConcurrentLinkedQueue<>();
      streams.add(sse(a.httpPort(), beforeOutage, resumed));
      await("the resumed SSE client replays every session.completed", 30_000,
          () -> sessionsIn(resumed.stream().map(SseEvent::body).toList(), "session.completed").containsAll(sessions));
      await("the unannounced completion reaches the webhooks and the SSE stream after the restart", 30_000,
          () -> sessionsIn(hooks.stream().toList(), "session.completed").contains(lostSession)
              && sessionsIn(live.stream().map(SseEvent::body).toList(), "session.completed").contains(lostSession));
      await("the unannounced start reaches the webhooks and the SSE stream after the restart", 30_000,
          () -> sessionsIn(hooks.stream().toList(), "session.started").contains(lostStart)
              && sessionsIn(live.stream().map(SseEvent::body).toList(), "session.started").contains(lostStart));
      sessions.add(lostSession);
      Thread.sleep(3_000); // late duplicates, if any, would arrive now

      List<String> problems = new ArrayList<>();
      Map<String, Long> perEventId = hooks.stream().filter(h -> !"connector.status".equals(h.getString("type")))
          .collect(Collectors.groupingBy(h -> h.getString("deliveredEventId"), Collectors.counting()));
      perEventId.forEach((id, n) -> {
        if (n != 1) {
          problems.add("webhook event " + id + " delivered " + n + " times");
        }
      });
      Set<String> started = new HashSet<>(sessions);
      started.add(lostStart);
      for (String type : List.of("session.started", "session.completed", "transaction.created")) {
        Map<String, Long> perSession = hooks.stream().filter(h -> type.equals(h.getString("type")))
            .collect(Collectors.groupingBy(h -> h.getJsonObject("data").getString("sessionId"), Collectors.counting()));
        // Every session once: those announced before the outage are not delivered again by the replay.
        for (String s : type.equals("session.started") ? started : sessions) {
          if (perSession.getOrDefault(s, 0L) != 1L) {
            problems.add(type + " of session " + s + ": " + perSession.getOrDefault(s, 0L) + " deliveries");
          }
        }
      }
      // The statuses reported while Redis was down: on the stream and at the receiver.
      for (FaultCharger c : fleet) {
        if (live.stream().noneMatch(e -> isFinishing(e.body(), c.id))) {
          problems.add("SSE: no Finishing status of " + c.id);
        }
        if (hooks.stream().noneMatch(h -> isFinishing(h, c.id))) {
          problems.add("webhook: no Finishing status of " + c.id);
        }
      }
      for (SseEvent e : live) {
        if (e.body().getString("id") == null) {
          problems.add("SSE frame without the event id: " + e.body().encode());
        }
      }
      problems.addAll(FaultCharger.check(db, fleet, true, false));
      assertTrue(problems.isEmpty(), problems.toString());
    } finally {
      streams.forEach(s -> {
        try {
          s.body().close();
        } catch (Exception ignored) {
          // closed
        }
      });
      fleet.forEach(FaultCharger::close);
      if (unannounced != null) {
        unannounced.close();
      }
      if (a != null) {
        a.stop();
      }
      if (pg != null) {
        pg.close();
      }
      WsCharger.await(clients.close());
      redisServer.close();
    }
  }

  private static boolean isFinishing(JsonObject event, String cp) {
    return "connector.status".equals(event.getString("type")) && cp.equals(event.getString("chargePointId"))
        && List.of("Finishing", "Occupied").contains(event.getJsonObject("data").getString("status"));
  }

  private static Set<String> sessionsIn(List<JsonObject> events, String type) {
    return events.stream().filter(e -> type.equals(e.getString("type")))
        .map(e -> e.getJsonObject("data").getString("sessionId")).collect(Collectors.toSet());
  }

  private static JsonObject statusPayload(FaultCharger c, String status) {
    if (c.v201) {
      return new JsonObject().put("timestamp", java.time.Instant.now().toString()).put("connectorStatus",
              status.equals("Finishing") ? "Occupied" : status)
          .put("evseId", 1).put("connectorId", 1);
    }
    return new JsonObject().put("connectorId", 1).put("errorCode", "NoError").put("status", status);
  }

  private static HttpResponse<java.io.InputStream> sse(int port, String lastEventId,
      ConcurrentLinkedQueue<SseEvent> into) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cpms/v1/events/stream"))
        .header("X-API-Key", KEY);
    if (lastEventId != null) {
      req.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(req.build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        String id = null;
        String type = null;
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("event: ")) {
            type = line.substring(7);
          } else if (line.startsWith("data: ") && type != null) {
            into.add(new SseEvent(id, type, new JsonObject(line.substring(6))));
          }
        }
      } catch (Exception e) {
        // closed
      }
    });
    reader.setDaemon(true);
    reader.start();
    return stream;
  }
}
