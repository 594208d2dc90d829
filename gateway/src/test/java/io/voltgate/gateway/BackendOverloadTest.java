package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The edge under a backend that does not answer: a real Postgres lock held by the test. Chargers the
 * process knows connect and boot without Postgres; never-seen chargers (auto-register) connect at once
 * and are answered {@code Pending} at the deadline while their registration waits; handshakes that
 * still need Postgres (credentials for an id the cache does not know) are bounded (a few in flight,
 * the rest answered 503 with Retry-After at once) and those in flight are answered 503 at the
 * handshake deadline, so no charger ever waits for its own handshake timeout.
 */
@Timeout(90)
class BackendOverloadTest {

  private static final int IN_FLIGHT = 4;
  private static final int DEADLINE_MS = 1_000;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of(
        "VOLTGATE_NODE_ID", "node-overload",
        "VOLTGATE_HANDSHAKE_MAX_IN_FLIGHT", Integer.toString(IN_FLIGHT),
        "VOLTGATE_HANDSHAKE_DEADLINE_MS", Integer.toString(DEADLINE_MS)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** Holds ACCESS EXCLUSIVE locks on the given tables until closed (nobody can even read them). */
  private static final class Lock implements AutoCloseable {
    private final SqlConnection conn;
    private final Transaction tx;

    Lock(String... tables) {
      conn = TestGateway.await(gateway.pg.getConnection());
      tx = TestGateway.await(conn.begin());
      TestGateway.await(conn.query("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS EXCLUSIVE MODE").execute());
    }

    @Override
    public void close() {
      TestGateway.await(tx.rollback());
      TestGateway.await(conn.close());
    }
  }

  @Test
  void handshakesNeedingPostgresAreAnswered503WithRetryAfterAndNeverLeftToTheChargersTimeout() throws Exception {
    int chargers = 24;
    List<Map<String, String>> answers = new ArrayList<>();
    try (Lock lock = new Lock("chargers")) {
      ExecutorService pool = Executors.newFixedThreadPool(chargers);
      try {
        List<Future<Map<String, String>>> dials = new ArrayList<>();
        for (int i = 0; i < chargers; i++) {
          String cp = "OVL-" + UUID.randomUUID();
          // Credentials for an id the cache does not know: only Postgres can tell.
          dials.add(pool.submit(() -> handshake(cp, "Basic " + java.util.Base64.getEncoder().encodeToString(
              (cp + ":some-password-0123").getBytes(StandardCharsets.UTF_8)))));
        }
        for (Future<Map<String, String>> dial : dials) {
          answers.add(dial.get(30, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
    }
    int atOnce = 0;
    for (Map<String, String> answer : answers) {
      assertEquals("503", answer.get(":status"), "every charger is told to come back later: " + answer);
      assertNotNull(answer.get("retry-after"), "with Retry-After: " + answer);
      int retryAfter = Integer.parseInt(answer.get("retry-after"));
      assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
      long ms = Long.parseLong(answer.get(":ms"));
      assertTrue(ms < DEADLINE_MS + 1_500, "answered within the deadline, not the charger's timeout: " + ms + " ms");
      if (ms < DEADLINE_MS / 2) {
        atOnce++;
      }
    }
    assertTrue(atOnce >= chargers - IN_FLIGHT, "beyond the in-flight bound the answer comes at once: " + atOnce
        + " of " + chargers + " " + answers);
  }

  @Test
  void neverSeenChargersConnectAtOnceAndArePendingWhilePostgresIsLockedThenAccepted() {
    int chargers = 12;
    List<RawOcppClient> clients = new ArrayList<>();
    try {
      try (Lock lock = new Lock("chargers")) {
        long t0 = System.nanoTime();
        for (int i = 0; i < chargers; i++) {
          clients.add(RawOcppClient.open(gateway.vertx, gateway.port, "OVL-NEW-" + UUID.randomUUID(), "ocpp1.6"));
        }
        long connectMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(connectMs < DEADLINE_MS, "upgraded without waiting on Postgres: " + connectMs + " ms");
        for (RawOcppClient c : clients) {
          long b0 = System.nanoTime();
          JsonArray booted = boot(c);
          long ms = (System.nanoTime() - b0) / 1_000_000;
          assertEquals("Pending", booted.getJsonObject(2).getString("status"), booted.encode());
          assertTrue(ms < DEADLINE_MS + 1_500, "answered at the deadline: " + ms + " ms");
          assertEquals("SecurityError", c.call("Heartbeat", new JsonObject()).getString(2), "nothing else yet");
        }
      }
      // The registrations commit once the lock is gone; the next boot is accepted.
      for (RawOcppClient c : clients) {
        String status = "Pending";
        for (int attempt = 0; attempt < 50 && "Pending".equals(status); attempt++) {
          status = boot(c).getJsonObject(2).getString("status");
          if ("Pending".equals(status)) {
            sleep(100);
          }
        }
        assertEquals("Accepted", status);
      }
    } finally {
      clients.forEach(RawOcppClient::close);
    }
  }

  @Test
  void aKnownChargerConnectsBootsAndReportsWhilePostgresIsLocked() {
    String cp = "OVL-KNOWN-" + UUID.randomUUID();
    try (RawOcppClient first = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      assertEquals("Accepted", boot(first).getJsonObject(2).getString("status"));
    }
    try (Lock lock = new Lock("chargers", "connectors", "status_history")) {
      long t0 = System.nanoTime();
      try (RawOcppClient again = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
        JsonArray booted = boot(again);
        assertEquals(3, booted.getInteger(0), booted.encode());
        assertEquals("Accepted", booted.getJsonObject(2).getString("status"));
        JsonArray status = again.call("StatusNotification", new JsonObject().put("connectorId", 1)
            .put("errorCode", "NoError").put("status", "Charging").put("timestamp", "2026-12-01T10:00:00Z"));
        assertEquals(3, status.getInteger(0), status.encode());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < DEADLINE_MS, "connect, boot and status took " + ms + " ms with Postgres locked");
        assertFalse(again.isClosed());
      }
    }
    // Once the lock is gone, the batched writer catches up.
    long deadline = System.currentTimeMillis() + 10_000;
    String stored = null;
    while (System.currentTimeMillis() < deadline && !"Charging".equals(stored)) {
      var rows = TestGateway.await(gateway.pg.preparedQuery("SELECT k.status FROM connectors k JOIN chargers c"
          + " ON c.id = k.charger_id WHERE c.charge_point_id = $1 AND k.evse_id = 1").execute(Tuple.of(cp)));
      stored = rows.size() == 0 ? null : rows.iterator().next().getString("status");
      sleep(100);
    }
    assertEquals("Charging", stored);
  }

  private static JsonArray boot(RawOcppClient c) {
    return c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
  }

  /** A WebSocket handshake over a plain socket: the status, the headers (lower case) and the time taken. */
  private static Map<String, String> handshake(String chargePointId, String authorization) throws Exception {
    long t0 = System.nanoTime();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /ocpp/" + chargePointId + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: ocpp1.6\r\n" + (authorization == null ? "" : "Authorization: " + authorization
          + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      Map<String, String> head = new LinkedHashMap<>();
      String status = in.readLine();
      head.put(":ms", Long.toString((System.nanoTime() - t0) / 1_000_000));
      head.put(":status", status == null ? "none" : status.split(" ")[1]);
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        int colon = line.indexOf(':');
        head.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      return head;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
