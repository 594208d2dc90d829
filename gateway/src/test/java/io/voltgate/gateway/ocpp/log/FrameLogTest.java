package io.voltgate.gateway.ocpp.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.sqlclient.Pool;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.LoggedFrame;
import io.voltgate.store.pg.OcppMessageWriter;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link FrameLog} makes of a frame, seen through the live tail (every entry of a tailed
 * charger): truncation, redaction, a newcomer's frames kept until its id is confirmed. The writer's
 * pool is never reached here (its batches are never due); what reaches Postgres is
 * {@code OcppMessageWriterTest}'s and the end-to-end test's.
 */
class FrameLogTest {

  private static Vertx vertx;
  private static OcppMessageWriter writer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Pool unused = (Pool) Proxy.newProxyInstance(FrameLogTest.class.getClassLoader(), new Class<?>[] {Pool.class},
        (p, m, a) -> {
          throw new AssertionError("no batch is due in this test");
        });
    writer = new OcppMessageWriter(vertx, unused, Integer.MAX_VALUE, 1_000_000, 3_600_000);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aNewcomersFramesAreKeptUntilItsIdIsConfirmedThenLoggedInOrder() throws Exception {
    List<LoggedFrame> tailed = new ArrayList<>();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    FrameLog log = new FrameLog(writer, "n1", 1000, clock, tailed::add);
    ChargerConnection conn = connection(null);
    conn.settled(false);
    conn.tailUntil(Long.MAX_VALUE);
    onLoop(() -> log.record(conn, FrameLog.Direction.IN, FrameLog.Type.CALL, "c1", "BootNotification", null, null,
        "[2,\"c1\",\"BootNotification\",{}]", -1));
    assertTrue(tailed.isEmpty(), "nothing logged while the id is not confirmed");
    ChargerRecord confirmed = new ChargerRecord(UUID.randomUUID(), UUID.randomUUID(), "CP-NEW", "Accepted", 0, null,
        "V", "M", "1");
    clock.now = clock.now.plusMillis(40);
    onLoop(() -> {
      conn.charger(confirmed);
      conn.settled(true);
      log.record(conn, FrameLog.Direction.OUT, FrameLog.Type.CALLRESULT, "c1", "BootNotification", null, null,
          "[3,\"c1\",{\"status\":\"Accepted\"}]", 40_000_000);
    });
    assertEquals(2, tailed.size());
    assertEquals("CALL", tailed.get(0).messageType());
    assertEquals(Instant.parse("2026-12-06T10:00:00Z"), tailed.get(0).loggedAt(), "logged as of its arrival");
    assertEquals(confirmed.id(), tailed.get(0).chargerId());
    assertEquals(confirmed.networkId(), tailed.get(0).networkId());
    assertEquals("CALLRESULT", tailed.get(1).messageType());
    assertEquals(40_000L, tailed.get(1).latencyMicros());
  }

  @Test
  void aSocketThatNeverBecomesAChargerLogsNothing() throws Exception {
    List<LoggedFrame> tailed = new ArrayList<>();
    FrameLog log = new FrameLog(writer, "n1", 1000, Clock.systemUTC(), tailed::add);
    ChargerConnection conn = connection(null);
    conn.tailUntil(Long.MAX_VALUE);
    onLoop(() -> log.record(conn, FrameLog.Direction.IN, FrameLog.Type.CALL, "c1", "BootNotification", null, null,
        "[2,\"c1\",\"BootNotification\",{}]", -1));
    assertTrue(tailed.isEmpty());
  }

  @Test
  void aLongFrameIsCutAndMarkedWithItsFullSize() throws Exception {
    List<LoggedFrame> tailed = new ArrayList<>();
    FrameLog log = new FrameLog(writer, "n1", 64, Clock.systemUTC(), tailed::add);
    ChargerConnection conn = connection(charger());
    conn.tailUntil(Long.MAX_VALUE);
    String text = "[2,\"c1\",\"DataTransfer\",{\"vendorId\":\"V\",\"data\":\"" + "é".repeat(100) + "\"}]";
    onLoop(() -> log.record(conn, FrameLog.Direction.IN, FrameLog.Type.CALL, "c1", "DataTransfer", null, null, text, -1));
    LoggedFrame f = tailed.get(0);
    assertTrue(f.truncated());
    assertEquals(64, f.frame().length());
    assertEquals(text.length() + 100, f.payloadBytes(), "UTF-8 size: é is two bytes");
    assertNull(f.latencyMicros());
  }

  @Test
  void aSecretIsMaskedAndAnUnreadableFrameWithOneIsNotStored() throws Exception {
    List<LoggedFrame> tailed = new ArrayList<>();
    FrameLog log = new FrameLog(writer, "n1", 1000, Clock.systemUTC(), tailed::add);
    ChargerConnection conn = connection(charger());
    conn.tailUntil(Long.MAX_VALUE);
    onLoop(() -> {
      log.record(conn, FrameLog.Direction.OUT, FrameLog.Type.CALL, "m1", "ChangeConfiguration", null, null,
          "[2,\"m1\",\"ChangeConfiguration\",{\"key\":\"AuthorizationKey\",\"value\":\"topsecret\"}]", -1);
      log.record(conn, FrameLog.Direction.IN, FrameLog.Type.REFUSED, null, null, null, "not_json",
          "{\"password\":\"topsecret\"", -1);
      log.record(conn, FrameLog.Direction.IN, FrameLog.Type.CALL, "c9", "Heartbeat", null, null,
          "[2,\"c9\",\"Heartbeat\",{}]", -1);
    });
    assertEquals("[2,\"m1\",\"ChangeConfiguration\",{\"key\":\"AuthorizationKey\",\"value\":\"***\"}]",
        tailed.get(0).frame());
    assertTrue(tailed.get(0).redacted());
    assertNull(tailed.get(1).frame());
    assertTrue(tailed.get(1).redacted());
    assertEquals("[2,\"c9\",\"Heartbeat\",{}]", tailed.get(2).frame());
    assertFalse(tailed.get(2).redacted());
  }

  @Test
  void anUntailedChargerPublishesNothing() throws Exception {
    List<LoggedFrame> tailed = new ArrayList<>();
    FrameLog log = new FrameLog(writer, "n1", 1000, Clock.systemUTC(), tailed::add);
    ChargerConnection conn = connection(charger());
    long before = writer.depth();
    onLoop(() -> log.record(conn, FrameLog.Direction.IN, FrameLog.Type.CALL, "c1", "Heartbeat", null, null,
        "[2,\"c1\",\"Heartbeat\",{}]", -1));
    assertTrue(tailed.isEmpty());
    assertEquals(before + 1, writer.depth(), "but it is logged");
  }

  private static ChargerRecord charger() {
    return new ChargerRecord(UUID.randomUUID(), UUID.randomUUID(), "CP-1", "Accepted", 0, null, "V", "M", "1");
  }

  private static ChargerConnection connection(ChargerRecord charger) {
    ServerWebSocket ws = (ServerWebSocket) Proxy.newProxyInstance(FrameLogTest.class.getClassLoader(),
        new Class<?>[] {ServerWebSocket.class}, (p, m, a) -> m.getReturnType() == boolean.class ? false : null);
    return new ChargerConnection(charger == null ? "CP-NEW" : charger.chargePointId(), OcppVersion.V16, ws, "conn-1",
        "192.0.2.1", Instant.now(), charger);
  }

  /** Runs on the writer's event loop (it sets timers) and waits. */
  private static void onLoop(Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      try {
        action.run();
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    done.get(10, TimeUnit.SECONDS);
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
