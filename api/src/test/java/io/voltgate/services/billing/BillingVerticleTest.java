package io.voltgate.services.billing;

import io.voltgate.services.billing.BillingOptions;
import io.voltgate.services.billing.BillingVerticle;
import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.MoneyFixtures;
import io.voltgate.store.redis.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The billing verticle on real Redis and Postgres: two consumers of one group price each
 * {@code session.completed} event once and acknowledge it; the sweep prices sessions no event
 * announced.
 */
@Timeout(90)
class BillingVerticleTest {

  private static ApiTestServer api;
  private static MoneyFixtures fx;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    fx = new MoneyFixtures(api.pg);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static long cdrs(List<UUID> sessions) {
    return await(api.pg.preparedQuery("SELECT count(*) AS n FROM transactions WHERE session_id = ANY($1)")
        .execute(Tuple.of((Object) sessions.toArray(new UUID[0])))).iterator().next().getLong("n");
  }

  private static void waitFor(List<UUID> sessions, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cdrs(sessions) < expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(expected, cdrs(sessions));
  }

  @Test
  void twoNodesShareTheStreamAndPriceEachCompletedSessionOnce() throws Exception {
    // The sweep only looks at sessions older than a day here, so only the stream can price these.
    BillingOptions streamOnly = new BillingOptions("billing", Duration.ofHours(1), Duration.ofDays(1),
        Duration.ofSeconds(60), 100);
    String a = await(api.vertx.deployVerticle(new BillingVerticle(streamOnly, ApiTestServer.backends(), "node-a")));
    String b = await(api.vertx.deployVerticle(new BillingVerticle(streamOnly, ApiTestServer.backends(), "node-b")));
    Thread.sleep(500); // both consumers joined the group
    UUID net = api.network("Stream");
    UUID charger = fx.charger(net, null);
    UUID connector = fx.connector(charger, 1);
    List<UUID> sessions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      UUID s = fx.completed(net, charger, connector, null, 10, "0", "1000");
      sessions.add(s);
      await(api.redis.send(Request.cmd(Command.XADD).arg(RedisKeys.EVENTS).arg("*")
          .arg("id").arg(UUID.randomUUID().toString()).arg("type").arg("session.completed")
          .arg("network").arg(net.toString()).arg("cp").arg("CP").arg("ts").arg(Instant.now().toString())
          .arg("data").arg(new JsonObject().put("sessionId", s.toString()).encode())));
      await(api.redis.send(Request.cmd(Command.XADD).arg(RedisKeys.EVENTS).arg("*").arg("type").arg("meter.values")
          .arg("data").arg("{}")));
    }
    waitFor(sessions, 20);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long pending;
    do {
      Response summary = await(api.redis.send(Request.cmd(Command.XPENDING).arg(RedisKeys.EVENTS).arg("billing")));
      pending = summary.get(0).toLong();
      if (pending > 0) {
        Thread.sleep(100);
      }
    } while (pending > 0 && System.nanoTime() < deadline);
    assertEquals(0, pending, "every entry acknowledged");
    await(api.vertx.undeploy(a));
    await(api.vertx.undeploy(b));
  }

  @Test
  void theSweepPricesCompletedSessionsNoEventAnnounced() throws Exception {
    UUID net = api.network("Sweep");
    UUID charger = fx.charger(net, null);
    List<UUID> sessions = List.of(
        fx.completed(net, charger, fx.connector(charger, 1), Instant.parse("2026-06-17T10:00:00Z"), 30, "0", "7000"),
        fx.completed(net, charger, fx.connector(charger, 2), Instant.parse("2026-06-17T11:00:00Z"), 30, "0", "3000"));
    BillingOptions sweepSoon = new BillingOptions("billing-sweep-test", Duration.ofMillis(300), Duration.ZERO,
        Duration.ofSeconds(60), 100);
    String id = await(api.vertx.deployVerticle(new BillingVerticle(sweepSoon, ApiTestServer.backends(), "node-s")));
    waitFor(sessions, 2);
    assertTrue(cdrs(sessions) == 2);
    await(api.vertx.undeploy(id));
  }

  @Test
  void oneSweepPricesABacklogLargerThanItsBatch() throws Exception {
    // A Redis outage loses the session.completed events of its time: the sweep then has more
    // sessions than one batch, and prices all of them at once (not one batch per interval).
    UUID net = api.network("Backlog");
    UUID charger = fx.charger(net, null);
    List<UUID> sessions = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      sessions.add(fx.completed(net, charger, fx.connector(charger, i), Instant.parse("2026-06-18T10:00:00Z").plusSeconds(i * 3600L),
          30, "0", "" + (1000 * i)));
    }
    BillingOptions batchOfTwo = new BillingOptions("billing-backlog-test", Duration.ofHours(1), Duration.ZERO,
        Duration.ofSeconds(60), 2);
    String id = await(api.vertx.deployVerticle(new BillingVerticle(batchOfTwo, ApiTestServer.backends(), "node-b")));
    waitFor(sessions, 5);
    assertTrue(cdrs(sessions) == 5);
    await(api.vertx.undeploy(id));
  }
}
