package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.pg.NetworkRepository;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.security.ChargerPasswords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Onboarding a fleet under {@code auto-register}: ids the (authoritative) identity cache does not know
 * are upgraded at once, without waiting on Postgres, and registered in batches; a charger's
 * BootNotification is {@code Accepted} once its registration is committed ({@code Pending} before).
 * An unauthenticated socket never connects as, nor displaces, a charger that has credentials.
 */
@Timeout(120)
class FleetOnboardingTest {

  private static TestGateway nodeA;
  private static TestGateway nodeB;

  @BeforeAll
  static void start() {
    nodeA = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "onboard-a"));
    nodeB = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "onboard-b"));
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
  }

  @Test
  void aBurstOfNeverSeenChargersIsAllAcceptedWithNoHandshakeRefused() {
    int chargers = 300;
    String prefix = "ONB-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    List<Future<RawOcppClient>> dials = new ArrayList<>();
    for (int i = 0; i < chargers; i++) {
      TestGateway node = i % 2 == 0 ? nodeA : nodeB;
      // All dialled at once: a refused handshake fails its future.
      dials.add(RawOcppClient.connect(node.vertx, node.port, "/ocpp/" + prefix + i, "ocpp1.6"));
    }
    List<RawOcppClient> clients = new ArrayList<>();
    try {
      for (Future<RawOcppClient> dial : dials) {
        clients.add(TestGateway.await(dial));
      }
      int pendingFirst = 0;
      for (RawOcppClient c : clients) {
        int boots = 0;
        String status;
        do {
          if (boots > 0) {
            sleep(100); // a real charger waits the interval it was given; the test need not
          }
          status = boot(c).getString("status");
          boots++;
        } while ("Pending".equals(status) && boots < 100);
        assertEquals("Accepted", status, "after " + boots + " boots");
        if (boots > 1) {
          pendingFirst++;
        }
        JsonArray heartbeat = c.call("Heartbeat", new JsonObject());
        assertEquals(3, heartbeat.getInteger(0), heartbeat.encode());
      }
      assertEquals(0.0, refused(nodeA) + refused(nodeB), "no handshake refused");
      assertEquals(chargers, count("SELECT count(*)::int FROM chargers WHERE charge_point_id LIKE $1"
          + " AND deleted_at IS NULL", prefix + "%"), "each registered once (" + pendingFirst + " were Pending first)");
      String conn = TestGateway.await(nodeA.redis.send(Request.cmd(Command.HGET)
          .arg(RedisKeys.connection(prefix + 1)).arg("node"))).toString();
      assertEquals("onboard-b", conn, "in the connection registry once registered");
    } finally {
      clients.forEach(RawOcppClient::close);
    }
  }

  @Test
  void anIdRegisteredAtOnceOnTwoNodesIsOneCharger() {
    String prefix = "ONB2-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    List<Future<RawOcppClient>> dials = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      dials.add(RawOcppClient.connect(nodeA.vertx, nodeA.port, "/ocpp/" + prefix + i, "ocpp1.6"));
      dials.add(RawOcppClient.connect(nodeB.vertx, nodeB.port, "/ocpp/" + prefix + i, "ocpp1.6"));
    }
    List<RawOcppClient> clients = new ArrayList<>();
    dials.forEach(d -> clients.add(TestGateway.await(d)));
    try {
      long deadline = System.currentTimeMillis() + 10_000;
      while (count("SELECT count(*)::int FROM chargers WHERE charge_point_id LIKE $1", prefix + "%") < 20
          && System.currentTimeMillis() < deadline) {
        sleep(50);
      }
      sleep(300);
      assertEquals(20, count("SELECT count(*)::int FROM chargers WHERE charge_point_id LIKE $1", prefix + "%"));
    } finally {
      clients.forEach(RawOcppClient::close);
    }
  }

  @Test
  void aSocketWithoutTheCredentialsOfAnIdRegisteredElsewhereIsClosedAndDisplacesNothing() throws Exception {
    String cp = "ONB-GENUINE-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "genuine-secret-0123456789";
    UUID network = TestGateway.await(new NetworkRepository(nodeA.pg).ensureDefault());
    // Written straight to Postgres without a change notice: node B's cache does not know the charger.
    TestGateway.await(new ChargerRepository(nodeA.pg).provisionSecurity(cp, network, 1, ChargerPasswords.hash(password)));
    try (RawOcppClient genuine = TestGateway.await(RawOcppClient.connectWithPassword(nodeA.vertx, nodeA.port, cp,
        password, "ocpp1.6"))) {
      assertEquals("Accepted", boot(genuine).getString("status"));
      RawOcppClient impostor = RawOcppClient.open(nodeB.vertx, nodeB.port, cp, "ocpp1.6");
      try {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!impostor.isClosed() && System.currentTimeMillis() < deadline) {
          sleep(20);
        }
        assertTrue(impostor.isClosed(), "the unauthenticated socket is closed once its id is found registered");
        assertEquals((short) 1008, impostor.closeCode());
      } finally {
        impostor.close();
      }
      JsonArray heartbeat = genuine.call("Heartbeat", new JsonObject());
      assertEquals(3, heartbeat.getInteger(0), "the genuine charger is still connected: " + heartbeat);
      String owner = TestGateway.await(nodeA.redis.send(Request.cmd(Command.HGET)
          .arg(RedisKeys.connection(cp)).arg("node"))).toString();
      assertEquals("onboard-a", owner, "the registry still names the genuine charger's node");
    }
    assertEquals(1, count("SELECT count(*)::int FROM chargers WHERE charge_point_id = $1 AND deleted_at IS NULL", cp));
  }

  private static JsonObject boot(RawOcppClient c) {
    JsonArray reply = c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
    assertEquals(3, reply.getInteger(0), reply.encode());
    return reply.getJsonObject(2);
  }

  private static double refused(TestGateway node) {
    return node.meters.find(GatewayMetrics.HANDSHAKES_REFUSED).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static int count(String sql, String arg) {
    return TestGateway.await(nodeA.pg.preparedQuery(sql).execute(Tuple.of(arg))).iterator().next().getInteger(0);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
