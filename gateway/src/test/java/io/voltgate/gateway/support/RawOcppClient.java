package io.voltgate.gateway.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare OCPP-J WebSocket client for tests: sends any text (valid or not) and reads what comes back.
 * Blocking helpers are for test threads only.
 */
public final class RawOcppClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
  private final List<String> all = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile Short closeCode;

  private RawOcppClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(t -> {
      all.add(t);
      inbox.add(t);
    });
    socket.closeHandler(v -> closeCode = socket.closeStatusCode());
  }

  /** Connects offering the given subprotocols; fails the future when the handshake is refused. */
  public static Future<RawOcppClient> connect(Vertx vertx, int port, String path, String... subprotocols) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1024 * 1024).setMaxMessageSize(1024 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(path).setSubProtocols(List.of(subprotocols));
    return client.connect(options).map(ws -> new RawOcppClient(client, ws));
  }

  /** Connects with HTTP Basic credentials (security profile 1): username = chargePointId. */
  public static Future<RawOcppClient> connectWithPassword(Vertx vertx, int port, String chargePointId, String password,
      String subprotocol) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions());
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/ocpp/" + chargePointId).setSubProtocols(List.of(subprotocol))
        .addHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            (chargePointId + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return client.connect(options).map(ws -> new RawOcppClient(client, ws));
  }

  public static RawOcppClient open(Vertx vertx, int port, String chargePointId, String subprotocol) {
    return TestGateway.await(connect(vertx, port, "/ocpp/" + chargePointId, subprotocol));
  }

  public String subprotocol() {
    return socket.subProtocol();
  }

  public void sendText(String text) {
    TestGateway.await(socket.writeTextMessage(text));
  }

  /** Sends a CALL and returns the reply frame (CALLRESULT or CALLERROR) as an array. */
  public JsonArray call(String action, JsonObject payload) {
    String id = "m" + ids.incrementAndGet();
    sendText(new JsonArray().add(2).add(id).add(action).add(payload).encode());
    return awaitReply(id);
  }

  /** The next frame whose message id is {@code id}. */
  public JsonArray awaitReply(String id) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      String next;
      try {
        next = inbox.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (next != null) {
        JsonArray frame = new JsonArray(next);
        if (frame.size() > 1 && id.equals(frame.getValue(1))) {
          return frame;
        }
      }
    }
    throw new AssertionError("no reply to " + id + " within 10 s; received " + all);
  }

  /** Waits up to {@code ms} for any frame; null when none came. */
  public String poll(long ms) throws InterruptedException {
    return inbox.poll(ms, TimeUnit.MILLISECONDS);
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  public Short closeCode() {
    return closeCode;
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      TestGateway.await(socket.close());
    }
    TestGateway.await(client.close());
  }
}
