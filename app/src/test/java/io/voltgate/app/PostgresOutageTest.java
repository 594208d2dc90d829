package io.voltgate.app;

import static io.voltgate.app.GatewayNodeKillTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.voltgate.app.support.FaultCharger;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.store.embedded.EmbeddedPostgresServer;
import io.voltgate.store.pg.PgClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, scenarios 3 and 4 (small): Postgres (durable, the default) is killed with SIGKILL under
 * a fleet in transactions and stays away for a while. Everything acknowledged before the kill is in
 * the database after the restart; while it is away transaction messages are not acknowledged
 * (CALLERROR or no answer, so the chargers retry) and readiness is false; once it is back the
 * retries are acknowledged, stored exactly once, and readiness is true again. The full sizes are
 * {@code perf/fault kill-postgres} and {@code perf/fault pause-postgres} (RELIABILITY.md).
 */
@Timeout(150)
class PostgresOutageTest {

  private static final int CHARGERS = 20;
  private static final long OUTAGE_MS = 8_000;

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void acknowledgedMeansDurableAndNothingIsAcknowledgedWhilePostgresIsAway() throws Exception {
    String password = UUID.randomUUID().toString().replace("-", "");
    Path data = dir.resolve("postgres");
    EmbeddedPostgresServer pgServer = EmbeddedPostgresServer.start(data, 0, true, password);
    int pgPort = pgServer.port();
    Vertx clients = Vertx.vertx();
    Voltgate a = null;
    List<FaultCharger> fleet = new ArrayList<>();
    Pool pg = PgClients.pool(clients, pgServer.url(), 2);
    try {
      a = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.resolve("node").toString(),
          "VOLTGATE_PG_URL", pgServer.url(), "VOLTGATE_OCPP_PORT", "0", "VOLTGATE_HTTP_PORT", "0",
          "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register")), "node-pg-a");
      for (int i = 0; i < CHARGERS; i++) {
        FaultCharger c = new FaultCharger(clients, "PGK-" + i + "-" + UUID.randomUUID().toString().substring(0, 6),
            i % 2 == 1, i);
        fleet.add(c.connect(a.ocppPort()));
        c.start();
        c.meterMidway();
      }
      // The first half stop before the kill: acknowledged, so they must survive it.
      for (FaultCharger c : fleet.subList(0, CHARGERS / 2)) {
        JsonArray answer = WsCharger.await(c.sendStop());
        assertEquals(3, answer.getInteger(0), answer.encode());
      }
      int httpPort = a.httpPort();
      assertEquals(200, ready(httpPort));

      long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
      assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL to the postmaster");
      long killedAt = System.currentTimeMillis();
      await("the postmaster gone", 10_000, () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));

      // Postgres away: the other half's stops are not acknowledged (CALLERROR or nothing), the
      // chargers keep their sockets, readiness turns false.
      List<Future<JsonArray>> duringOutage = new ArrayList<>();
      for (FaultCharger c : fleet.subList(CHARGERS / 2, CHARGERS)) {
        duringOutage.add(c.sendStop());
      }
      await("readiness false", 15_000, () -> ready(httpPort) == 503);
      Thread.sleep(Math.max(0, OUTAGE_MS - (System.currentTimeMillis() - killedAt)));
      for (Future<JsonArray> f : duringOutage) {
        assertTrue(!f.isComplete() || f.failed() || f.result().getInteger(0) == 4,
            "a transaction message acknowledged while Postgres was away: " + (f.succeeded() ? f.result().encode() : f));
      }
      assertTrue(fleet.stream().allMatch(FaultCharger::connected), "chargers keep their sockets");

      pgServer.close(); // the library's lock on the data directory (the server itself is gone)
      EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(data, pgPort, true, password);
      pgServer = restarted;
      await("readiness true again", 40_000, () -> ready(httpPort) == 200);
      // The chargers retry what was not acknowledged.
      for (FaultCharger c : fleet.subList(CHARGERS / 2, CHARGERS)) {
        JsonArray answer = stopAnswered(c);
        assertEquals(3, answer.getInteger(0), "retried stop of " + c.id + ": " + answer.encode());
      }
      Thread.sleep(1_000);
      // CDRs are derived after the commit (billing reads session.completed); one whose writing the
      // kill interrupted comes from the billing retry or sweep later, so here: at most one each.
      List<String> problems = FaultCharger.check(pg, fleet, true, false);
      assertTrue(problems.isEmpty(), problems.toString());
    } finally {
      fleet.forEach(FaultCharger::close);
      if (a != null) {
        a.stop();
      }
      pg.close();
      WsCharger.await(clients.close());
      pgServer.close();
    }
  }

  private int ready(int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The stop, resent after 5 s without an answer or after a CALLERROR, as a charger does. */
  private static JsonArray stopAnswered(FaultCharger c) throws Exception {
    JsonArray last = null;
    for (int attempt = 0; attempt < 8; attempt++) {
      Future<JsonArray> answer = c.sendStop();
      try {
        last = answer.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        if (last.getInteger(0) == 3) {
          return last;
        }
        Thread.sleep(1_000);
      } catch (java.util.concurrent.TimeoutException e) {
        // no answer: resend
      }
    }
    throw new AssertionError("stop of " + c.id + " never acknowledged; last answer " + last);
  }
}
