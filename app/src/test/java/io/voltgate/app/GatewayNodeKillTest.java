package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.voltgate.app.support.FaultCharger;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, scenario 1 (small): a gateway process is killed with SIGKILL while its chargers are in
 * transactions (1.6 and 2.0.1 mixed), some of them with a stop in flight. The chargers reconnect to
 * the other node and resend what was not acknowledged; every transaction is then in Postgres exactly
 * once, energy and timestamps intact. The dead node's connection entries are removed by the other
 * node, and commands to the chargers that stayed away answer offline until they are back.
 * The full size is {@code perf/fault kill-gateway} (RELIABILITY.md).
 */
@Timeout(150)
class GatewayNodeKillTest {

  private static final String KEY = "pk_cpms_live_fa017000000000000000000000000000";
  private static final int CHARGERS = 24;
  private static final int STAY_AWAY = 4;

  @TempDir
  Path dir;

  @Test
  void chargersOfAKilledNodeMoveOverAndEveryTransactionIsStoredOnce() throws Exception {
    Backends shared = Backends.start(BackendOptions.from(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.resolve("shared").toString()))));
    Vertx clients = Vertx.vertx();
    Voltgate a = null;
    Process b = null;
    List<FaultCharger> fleet = new ArrayList<>();
    Pool pg = PgClients.pool(clients, shared.pgUrl(), 2);
    Redis redis = RedisClients.client(clients, shared.redisUrl(), 1);
    try {
      a = Voltgate.start(settings(shared), "node-kill-a");
      int ocppB = freePort();
      int httpB = freePort();
      b = startGatewayProcess(shared, ocppB, httpB, "node-kill-b");
      awaitReady(httpB, b);

      for (int i = 0; i < CHARGERS; i++) {
        FaultCharger c = new FaultCharger(clients, "KILL-" + i + "-" + UUID.randomUUID().toString().substring(0, 6),
            i % 2 == 1, i);
        fleet.add(c.connect(ocppB));
        c.start();
        c.meterMidway();
      }
      for (FaultCharger c : fleet) {
        assertEquals("node-kill-b", hget(redis, c.id), "registry entry of " + c.id + " names node B");
      }
      // The first half send their stop; the process is killed at once, so some stops are stored
      // and unanswered, some never read.
      List<Future<JsonArray>> inFlight = new ArrayList<>();
      for (int i = 0; i < CHARGERS / 2; i++) {
        inFlight.add(fleet.get(i).sendStop());
      }
      b.destroyForcibly(); // SIGKILL
      assertTrue(b.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
      await("every socket of node B closed", 15_000, () -> fleet.stream().noneMatch(FaultCharger::connected));
      int answeredBeforeKill = (int) inFlight.stream().filter(Future::succeeded).count();

      // All but STAY_AWAY chargers come back to node A and resend what was not acknowledged.
      List<FaultCharger> back = fleet.subList(0, CHARGERS - STAY_AWAY);
      List<FaultCharger> away = fleet.subList(CHARGERS - STAY_AWAY, CHARGERS);
      for (int i = 0; i < back.size(); i++) {
        FaultCharger c = back.get(i).connect(a.ocppPort());
        if (i < CHARGERS / 2 && !inFlight.get(i).succeeded()) {
          JsonArray answer = WsCharger.await(c.sendStop());
          assertEquals(3, answer.getInteger(0), "resent stop of " + c.id + ": " + answer.encode());
        }
      }
      // The chargers that stay away: node A removes node B's entries once B's liveness key expires,
      // and a command to them answers offline.
      Http operator = new Http(a.httpPort(), KEY);
      Map<String, String> uuids = chargerUuids(operator);
      await("node B's connection entries removed", 40_000, () -> away.stream().allMatch(c -> hget(redis, c.id) == null));
      for (FaultCharger c : away) {
        Http.Result r = operator.post("/cpms/v1/chargers/" + uuids.get(c.id) + "/unlock-connector",
            new JsonObject().put("connectorNumber", 1));
        assertEquals(200, r.status(), r.body().encode());
        assertEquals("offline", r.data().getString("outcome"), r.body().encode());
      }
      assertFalse(WsCharger.await(redis.send(Request.cmd(Command.SISMEMBER).arg(RedisKeys.NODES).arg("node-kill-b")))
          .toBoolean(), "the dead node is forgotten");
      // ... until they are back.
      for (FaultCharger c : away) {
        c.connect(a.ocppPort());
        Http.Result r = operator.post("/cpms/v1/chargers/" + uuids.get(c.id) + "/unlock-connector",
            new JsonObject().put("connectorNumber", 1));
        assertTrue(r.data().getBoolean("accepted"), r.body().encode());
      }
      // Everyone else stops now, on node A.
      for (int i = CHARGERS / 2; i < CHARGERS; i++) {
        JsonArray answer = WsCharger.await(fleet.get(i).sendStop());
        assertEquals(3, answer.getInteger(0), answer.encode());
      }
      Thread.sleep(1_000); // CDRs are written right after a stop's commit
      // A stop node B committed just before the kill may have lost its session.completed event with
      // it: that CDR comes from the billing sweep later, so at most one for the stops in flight.
      List<String> problems = new ArrayList<>(FaultCharger.check(pg, fleet.subList(0, CHARGERS / 2), true, false));
      problems.addAll(FaultCharger.check(pg, fleet.subList(CHARGERS / 2, CHARGERS), true, true));
      assertTrue(problems.isEmpty(), "stops answered by B before the kill: " + answeredBeforeKill + "; " + problems);
    } finally {
      fleet.forEach(FaultCharger::close);
      if (b != null) {
        b.destroyForcibly();
      }
      if (a != null) {
        a.stop();
      }
      redis.close();
      pg.close();
      WsCharger.await(clients.close());
      shared.close();
    }
  }

  private static String hget(Redis redis, String cp) {
    Response r = WsCharger.await(redis.send(Request.cmd(Command.HGET).arg(RedisKeys.connection(cp)).arg("node")));
    return r == null ? null : r.toString();
  }

  private static Map<String, String> chargerUuids(Http operator) {
    Map<String, String> ids = new HashMap<>();
    operator.get("/cpms/v1/chargers?pageSize=100").body().getJsonArray("data").stream()
        .map(JsonObject.class::cast).forEach(c -> ids.put(c.getString("uid"), c.getString("id")));
    return ids;
  }

  private Settings settings(Backends shared) {
    return Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.resolve("a").toString(),
        "VOLTGATE_PG_URL", shared.pgUrl(), "VOLTGATE_REDIS_URL", shared.redisUrl(),
        "VOLTGATE_OCPP_PORT", "0", "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1",
        "VOLTGATE_BOOTSTRAP_API_KEY", KEY, "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register",
        "VOLTGATE_COMMAND_TIMEOUT_S", "5", "VOLTGATE_ROLE", "all"));
  }

  /** A gateway in a process of its own (same classpath), so that it can be killed with SIGKILL. */
  private Process startGatewayProcess(Backends shared, int ocpp, int http, String nodeId) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "io.voltgate.app.Main", "--role=gateway");
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("VOLTGATE_"));
    env.put("VOLTGATE_DATA_DIR", dir.resolve("b").toString());
    env.put("VOLTGATE_PG_URL", shared.pgUrl());
    env.put("VOLTGATE_REDIS_URL", shared.redisUrl());
    env.put("VOLTGATE_OCPP_PORT", String.valueOf(ocpp));
    env.put("VOLTGATE_HTTP_PORT", String.valueOf(http));
    env.put("VOLTGATE_HOST", "127.0.0.1");
    env.put("VOLTGATE_NODE_ID", nodeId);
    env.put("VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register");
    pb.redirectErrorStream(true).redirectOutput(dir.resolve(nodeId + ".log").toFile());
    return pb.start();
  }

  private void awaitReady(int httpPort, Process p) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(p.isAlive(), "gateway process died; log: " + java.nio.file.Files.readString(dir.resolve("node-kill-b.log")));
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("gateway process not ready in 60 s");
  }

  static void await(String what, long ms, BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not within " + ms + " ms: " + what);
      }
      Thread.sleep(200);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
