package io.voltgate.api.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.api.support.ApiTestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault scenario 5 (SSE half, RELIABILITY.md): a subscriber that opens the stream and stops reading
 * is dropped (its connection closed) once its write queue is full, while a healthy subscriber on the
 * same node receives every event.
 */
@Timeout(60)
class SlowConsumerTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aSubscriberThatStopsReadingIsClosedAndDelaysNoOne() throws Exception {
    UUID net = api.network("sse-slow");
    String key = api.key(List.of(net), List.of("cpms:events:read"));
    // The stalled reader: a small receive window, the request written, nothing ever read.
    try (Socket stalled = new Socket();
         EventStreamTest.Subscriber healthy = subscriber(key)) {
      stalled.setReceiveBufferSize(4_096);
      stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), api.port));
      OutputStream o = stalled.getOutputStream();
      o.write(("GET /cpms/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + key + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      o.flush();
      Thread.sleep(500);
      int events = 4_000;
      String pad = "p".repeat(2_000);
      long t0 = System.nanoTime();
      for (int from = 0; from < events; from += 500) {
        List<Future<?>> batch = new ArrayList<>();
        for (int i = from; i < from + 500; i++) {
          batch.add(api.redis.send(Request.cmd(Command.XADD).arg("vg:events").arg("*").arg("id")
              .arg(UUID.randomUUID().toString()).arg("type").arg("connector.status").arg("network").arg(net.toString())
              .arg("cp").arg("SLOW-1").arg("ts").arg("2026-12-06T05:00:00Z")
              .arg("data").arg(new JsonObject().put("n", i).put("pad", pad).encode())));
        }
        ApiTestServer.await(Future.all(batch));
      }
      // The healthy subscriber gets every one of them while the stalled one holds its socket open
      // (pipelined XADDs may land in any order: each is counted once).
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (int i = 0; i < events; i++) {
        EventStreamTest.Sse e = healthy.next(10_000);
        assertNotNull(e, "event " + i + " of " + events + " reached the healthy subscriber");
        JsonObject d = e.data().getJsonObject("data", e.data());
        assertTrue(seen.add(d.getInteger("n")), "each event once: " + d.getInteger("n"));
      }
      assertEquals(events, seen.size());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 20_000, "the healthy subscriber got " + events + " events (8 MB) in " + ms + " ms");
      // The stalled socket was closed by the server: after what was buffered, end of stream (or a reset).
      assertTrue(closedByServer(stalled, 15_000), "the stalled subscriber's connection was closed");
    }
  }

  private static EventStreamTest.Subscriber subscriber(String key) throws Exception {
    return new EventStreamTest.Subscriber("", key, null, api.port);
  }

  private static boolean closedByServer(Socket s, long withinMs) throws Exception {
    s.setSoTimeout(1_000);
    InputStream in = s.getInputStream();
    byte[] buf = new byte[65_536];
    long until = System.currentTimeMillis() + withinMs;
    while (System.currentTimeMillis() < until) {
      try {
        if (in.read(buf) < 0) {
          return true;
        }
      } catch (SocketTimeoutException idle) {
        // nothing more buffered and still open: keep waiting
      } catch (java.net.SocketException reset) {
        return true;
      }
    }
    return false;
  }
}
