package io.voltgate.app;

import static io.voltgate.app.GatewayNodeKillTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.voltgate.store.embedded.EmbeddedRedisServer;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, scenario 2 (small): Redis stops under a fleet in transactions and comes back empty on
 * the same port. Chargers keep getting answers meanwhile (transaction messages go to Postgres), and
 * once Redis is back the node writes the connection entries of the sockets it still holds again, so
 * commands reach the chargers without waiting for them to reconnect. Every transaction is in
 * Postgres exactly once. The full size is {@code perf/fault kill-redis} (RELIABILITY.md).
 */
@Timeout(150)
class RedisRestartTest {

  private static final String KEY = "pk_cpms_live_fa017200000000000000000000000000";
  private static final int CHARGERS = 20;

  @TempDir
  Path dir;

  @Test
  void chargersAreAnsweredWhileRedisIsDownAndTheRegistryIsRebuiltAfter() throws Exception {
    String password = UUID.randomUUID().toString().replace("-", "");
    EmbeddedRedisServer redisServer = EmbeddedRedisServer.start(0, password);
    int redisPort = redisServer.port();
    Vertx clients = Vertx.vertx();
    Voltgate a = null;
    List<FaultCharger> fleet = new ArrayList<>();
    Pool pg = null;
    Redis redis = RedisClients.client(clients, redisServer.url(), 1);
    try {
      a = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(),
          "VOLTGATE_REDIS_URL", redisServer.url(), "VOLTGATE_OCPP_PORT", "0", "VOLTGATE_HTTP_PORT", "0",
          "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
          "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register", "VOLTGATE_COMMAND_TIMEOUT_S", "5")), "node-redis-a");
      pg = PgClients.pool(clients, a.backends().pgUrl(), 2);
      for (int i = 0; i < CHARGERS; i++) {
        FaultCharger c = new FaultCharger(clients, "RDS-" + i + "-" + UUID.randomUUID().toString().substring(0, 6),
            i % 2 == 1, i);
        fleet.add(c.connect(a.ocppPort()));
        c.start();
        c.meterMidway();
      }
      Http operator = new Http(a.httpPort(), KEY);
      Map<String, String> uuids = new HashMap<>();
      operator.get("/cpms/v1/chargers?pageSize=100").body().getJsonArray("data").stream()
          .map(JsonObject.class::cast).forEach(c -> uuids.put(c.getString("uid"), c.getString("id")));

      redisServer.close();
      // Redis is down: every charger still gets answers, and the first half stop their transactions.
      for (int i = 0; i < CHARGERS; i++) {
        FaultCharger c = fleet.get(i);
        JsonArray hb = WsCharger.await(c.ws().send("Heartbeat", new JsonObject()));
        assertEquals(3, hb.getInteger(0), "heartbeat of " + c.id + " while Redis is down: " + hb.encode());
        if (i < CHARGERS / 2) {
          JsonArray stop = c.stopAnswered();
          assertEquals(3, stop.getInteger(0), "stop of " + c.id + " while Redis is down: " + stop.encode());
        }
      }
      assertTrue(fleet.stream().allMatch(FaultCharger::connected), "no charger was dropped");

      redisServer = EmbeddedRedisServer.start(redisPort, password); // empty: no persistence
      // Chargers heard right after the restart (their lastSeen lands in a fresh hash first).
      Thread.sleep(1_500);
      for (FaultCharger c : fleet) {
        assertEquals(3, WsCharger.await(c.ws().send("Heartbeat", new JsonObject())).getInteger(0));
      }
      // The node writes its connection entries again (within one liveness refresh).
      await("connection entries written again", 20_000, () -> fleet.stream().allMatch(c -> "node-redis-a".equals(hget(redis, c.id))));
      for (FaultCharger c : fleet.subList(0, 3)) {
        Http.Result r = operator.post("/cpms/v1/chargers/" + uuids.get(c.id) + "/unlock-connector",
            new JsonObject().put("connectorNumber", 1));
        assertTrue(r.data().getBoolean("accepted"), "command without a reconnect: " + r.body().encode());
      }
      for (FaultCharger c : fleet.subList(CHARGERS / 2, CHARGERS)) {
        JsonArray stop = c.stopAnswered();
        assertEquals(3, stop.getInteger(0), stop.encode());
      }
      // A charger new to Redis and Postgres connects and boots after the restart.
      FaultCharger newcomer = new FaultCharger(clients, "RDS-NEW-" + UUID.randomUUID().toString().substring(0, 6), false, 99);
      newcomer.connect(a.ocppPort());
      newcomer.close();
      Thread.sleep(1_000);
      Pool db = pg;
      // Stopped while Redis was down: their session.completed events were spooled and reach billing
      // once republished (or the billing sweep prices them), so a CDR may still be on its way here (at
      // most one each; RedisRestartEventsTest waits for them); stopped after: CDR at once.
      List<String> problems = new ArrayList<>(FaultCharger.check(db, fleet.subList(0, CHARGERS / 2), true, false));
      problems.addAll(FaultCharger.check(db, fleet.subList(CHARGERS / 2, CHARGERS), true, true));
      assertTrue(problems.isEmpty(), problems.toString());
    } finally {
      fleet.forEach(FaultCharger::close);
      if (a != null) {
        a.stop();
      }
      redis.close();
      if (pg != null) {
        pg.close();
      }
      WsCharger.await(clients.close());
      redisServer.close();
    }
  }

  private static String hget(Redis redis, String cp) {
    try {
      Response r = WsCharger.await(redis.send(Request.cmd(Command.HGET).arg(RedisKeys.connection(cp)).arg("node")));
      return r == null ? null : r.toString();
    } catch (RuntimeException e) {
      return null; // the client reconnects
    }
  }
}
