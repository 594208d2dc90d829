package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.gateway.support.AnsweringCharger;
import io.voltgate.gateway.support.TestGateway;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.commands.CommandOutcome.Kind;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two gateway nodes (separate Vert.x instances, node ids and event buses) sharing one Redis and one
 * Postgres: commands follow the charger to whichever node holds its socket.
 */
@Timeout(90)
class TwoNodesTest {

  private static final Logger LOG = LoggerFactory.getLogger(TwoNodesTest.class);
  private static TestGateway nodeA;
  private static TestGateway nodeB;

  @BeforeAll
  static void start() {
    nodeA = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "node-a"));
    nodeB = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "node-b"));
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
  }

  private static CommandOutcome reset(TestGateway from, String cp) {
    return TestGateway.await(from.commands().send(new io.voltgate.store.commands.Command(cp, Op.RESET, null,
        new JsonObject().put("type", "Soft"), 5_000)));
  }

  private static void awaitOwner(String cp, String node) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      var r = TestGateway.await(nodeA.redis.send(Request.cmd(Command.HGET).arg("vg:{cp:" + cp + "}:conn").arg("node")));
      if (r != null && node.equals(r.toString())) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(cp + " not registered on " + node);
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1_000;
  }

  @Test
  void commandsFollowTheChargerAcrossNodesAndAVanishedChargerIsOfflineAtOnce() throws Exception {
    String cp = "TWO-" + UUID.randomUUID();
    try (AnsweringCharger onB = AnsweringCharger.connect(nodeB.vertx, nodeB.port, cp, "ocpp1.6")) {
      onB.answer("Reset", new JsonObject().put("status", "Accepted"));
      awaitOwner(cp, "node-b");
      assertEquals(Kind.ACCEPTED, reset(nodeA, cp).kind(), "A → charger on B");
      long remoteUs = timed(() -> assertEquals(Kind.ACCEPTED, reset(nodeA, cp).kind()));
      long localUs = timed(() -> assertEquals(Kind.ACCEPTED, reset(nodeB, cp).kind()));
      LOG.info("round trip: remote node {} µs, local node {} µs", remoteUs, localUs);
    }
    try (AnsweringCharger onA = AnsweringCharger.connect(nodeA.vertx, nodeA.port, cp, "ocpp2.0.1")) {
      onA.answer("Reset", new JsonObject().put("status", "Accepted"));
      awaitOwner(cp, "node-a");
      CommandOutcome local = reset(nodeA, cp);
      assertEquals(Kind.ACCEPTED, local.kind());
      assertEquals("2.0.1", local.ocppVersion(), "the facade picked the 2.0.1 Reset");
      assertEquals(Kind.ACCEPTED, reset(nodeB, cp).kind(), "B → charger now on A");
    }
    for (int i = 0; i < 100; i++) {
      var r = TestGateway.await(nodeA.redis.send(Request.cmd(Command.HGET).arg("vg:{cp:" + cp + "}:conn").arg("node")));
      if (r == null) {
        break;
      }
      Thread.sleep(20);
    }
    long[] offlineUs = new long[1];
    offlineUs[0] = timed(() -> assertEquals(Kind.OFFLINE, reset(nodeB, cp).kind()));
    LOG.info("offline answer: {} µs", offlineUs[0]);
    assertTrue(offlineUs[0] < 1_000_000, "offline took " + offlineUs[0] + " µs");
  }

  @Test
  void aStaleRegistryEntryOfAVanishedNodeAnswersOffline() {
    String cp = "GHOST-" + UUID.randomUUID();
    TestGateway.await(nodeA.redis.send(Request.cmd(Command.HSET).arg("vg:{cp:" + cp + "}:conn")
        .arg("node").arg("node-gone").arg("connId").arg("x")));
    long us = timed(() -> assertEquals(Kind.OFFLINE, reset(nodeA, cp).kind()));
    assertTrue(us < 1_000_000, "offline took " + us + " µs");
  }

  @Test
  void reconnectingToAnotherNodeClosesTheStaleSocket() throws Exception {
    String cp = "MOVE-" + UUID.randomUUID();
    try (AnsweringCharger onB = AnsweringCharger.connect(nodeB.vertx, nodeB.port, cp, "ocpp1.6")) {
      awaitOwner(cp, "node-b");
      try (AnsweringCharger onA = AnsweringCharger.connect(nodeA.vertx, nodeA.port, cp, "ocpp1.6")) {
        awaitOwner(cp, "node-a");
        for (int i = 0; i < 100 && !onB.isClosed(); i++) {
          Thread.sleep(20);
        }
        assertTrue(onB.isClosed(), "the socket on node B should have been closed");
        onA.answer("Reset", new JsonObject().put("status", "Accepted"));
        assertEquals(Kind.ACCEPTED, reset(nodeB, cp).kind());
      }
    }
  }
}
