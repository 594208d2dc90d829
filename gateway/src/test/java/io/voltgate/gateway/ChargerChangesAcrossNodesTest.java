package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import io.voltgate.store.identity.ChargerChanges;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.security.ChargerPasswords;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A charger changed through node A (as the API or the credentials import does: the change committed
 * in Postgres, then announced) is seen by node B within a second, although B answers handshakes from
 * its own identity cache: a deleted charger's open socket on B is closed and it is not let in again;
 * a rotated password is refused on B; a socket opened without credentials is closed once the charger
 * requires them.
 */
@Timeout(90)
class ChargerChangesAcrossNodesTest {

  private static TestGateway nodeA;
  private static TestGateway nodeB;
  private static final UUID NETWORK = UUID.randomUUID();

  @BeforeAll
  static void start() {
    // Unknown chargers are refused at boot, so a deleted one is not simply registered again.
    nodeA = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "changes-a", "VOLTGATE_UNKNOWN_CHARGER_POLICY", "rejected"));
    nodeB = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "changes-b", "VOLTGATE_UNKNOWN_CHARGER_POLICY", "rejected"));
    TestGateway.await(nodeA.pg.preparedQuery("INSERT INTO networks (id, name) VALUES ($1, 'charger changes')")
        .execute(Tuple.of(NETWORK)));
  }

  @AfterAll
  static void stop() {
    // Other test classes' gateways auto-register into the only network: leave this one behind as deleted.
    TestGateway.await(nodeA.pg.preparedQuery("UPDATE networks SET deleted_at = now() WHERE id = $1").execute(Tuple.of(NETWORK)));
    nodeA.close();
    nodeB.close();
  }

  @Test
  void aChargerDeletedOnNodeAIsDisconnectedAndRefusedOnNodeB() throws Exception {
    String cp = "CHG-DEL-" + UUID.randomUUID();
    provision(cp, 0, null);
    try (RawOcppClient onB = RawOcppClient.open(nodeB.vertx, nodeB.port, cp, "ocpp1.6")) {
      assertEquals("Accepted", boot(onB).getString("status"), "known and cached on B");
      TestGateway.await(nodeA.pg.preparedQuery("UPDATE chargers SET deleted_at = now() WHERE charge_point_id = $1"
          + " AND deleted_at IS NULL").execute(Tuple.of(cp)));
      long t0 = System.currentTimeMillis();
      TestGateway.await(new ChargerChanges(nodeA.redis).changed(cp));
      within1s("B closes the deleted charger's socket", () -> onB.isClosed() ? true : null, t0);
    }
    try (RawOcppClient again = RawOcppClient.open(nodeB.vertx, nodeB.port, cp, "ocpp1.6")) {
      assertEquals("Rejected", boot(again).getString("status"), "B no longer knows the charger");
    }
  }

  @Test
  void aPasswordRotatedOnNodeAIsRefusedOnNodeBWithinASecond() throws Exception {
    String cp = "CHG-PW-" + UUID.randomUUID();
    provision(cp, 1, "old-secret-0123456789");
    assertEquals(101, status(nodeB, cp, "old-secret-0123456789"), "verified with bcrypt");
    assertEquals(101, status(nodeB, cp, "old-secret-0123456789"), "then remembered");

    provision(cp, 1, "new-secret-9876543210");
    long t0 = System.currentTimeMillis();
    TestGateway.await(new ChargerChanges(nodeA.redis).changed(cp));
    within1s("B refuses the old password", () -> status(nodeB, cp, "old-secret-0123456789") == 401 ? true : null, t0);
    assertEquals(101, status(nodeB, cp, "new-secret-9876543210"));
    assertEquals(401, status(nodeA, cp, "old-secret-0123456789"));
  }

  @Test
  void aSocketOpenedWithoutCredentialsIsClosedWhenTheChargerNowRequiresThem() throws Exception {
    String cp = "CHG-UP-" + UUID.randomUUID();
    provision(cp, 0, null);
    try (RawOcppClient onB = RawOcppClient.open(nodeB.vertx, nodeB.port, cp, "ocpp1.6")) {
      assertEquals("Accepted", boot(onB).getString("status"), "profile 0: let in without a password");
      provision(cp, 1, "upgraded-secret-0123456789");
      long t0 = System.currentTimeMillis();
      TestGateway.await(new ChargerChanges(nodeA.redis).changed(cp));
      within1s("B closes the socket that has less security than the charger now requires",
          () -> onB.isClosed() ? true : null, t0);
    }
    assertEquals(401, status(nodeB, cp, "not-the-password"));
    assertEquals(101, status(nodeB, cp, "upgraded-secret-0123456789"));
  }

  private static void provision(String cp, int profile, String password) {
    String hash = password == null ? null : ChargerPasswords.hash(password);
    TestGateway.await(new ChargerRepository(nodeA.pg).provisionSecurity(cp, NETWORK, profile, hash));
  }

  private static JsonObject boot(RawOcppClient c) {
    JsonArray reply = c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
    return reply.getJsonObject(2);
  }

  /** 101 when the handshake is accepted, else the HTTP status of the refusal. */
  private static int status(TestGateway node, String cp, String password) {
    WebSocketClient client = node.vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port)
        .setURI("/ocpp/" + cp).setSubProtocols(List.of("ocpp1.6"))
        .addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (cp + ":" + password).getBytes(StandardCharsets.UTF_8)));
    try {
      return TestGateway.await(client.connect(options)
          .compose(ws -> ws.close().map(101))
          .recover(e -> e instanceof UpgradeRejectedException r ? Future.succeededFuture(r.getStatus()) : Future.failedFuture(e))
          .eventually(client::close));
    } catch (IllegalStateException e) {
      throw new AssertionError("handshake failed: " + e.getMessage(), e);
    }
  }

  private static void within1s(String what, Supplier<Object> check, long sinceMs) throws InterruptedException {
    while (check.get() == null) {
      assertTrue(System.currentTimeMillis() - sinceMs < 1_000, "not within 1 s: " + what);
      Thread.sleep(20);
    }
  }
}
