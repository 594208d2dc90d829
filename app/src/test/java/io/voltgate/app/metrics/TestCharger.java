package io.voltgate.app.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OCPP-J charger over a real socket (java.net.http WebSocket): sends CALLs and waits for
 * their answers, and answers the CSMS's own CALLs from a fixed table. For test threads only.
 */
final class TestCharger implements AutoCloseable {

  private final WebSocket socket;
  private final BlockingQueue<JsonArray> answers = new LinkedBlockingQueue<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, JsonObject> replies;

  private TestCharger(URI uri, String subprotocol, Map<String, JsonObject> replies) throws Exception {
    this.replies = replies;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .subprotocols(subprotocol)
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
  }

  /** Connects as {@code chargePointId}; CSMS calls whose action is in {@code replies} get that payload. */
  static TestCharger connect(int port, String chargePointId, String subprotocol, Map<String, JsonObject> replies)
      throws Exception {
    return new TestCharger(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + chargePointId), subprotocol, replies);
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  /** Sends a CALL and returns the CALLRESULT payload; fails on a CALLERROR or no answer in 10 s. */
  JsonObject call(String action, JsonObject payload) throws Exception {
    JsonArray frame = exchange(action, payload);
    if (frame.getInteger(0) != 3) {
      throw new AssertionError(action + " answered with " + frame.encode());
    }
    return frame.getJsonObject(2);
  }

  /** Sends a CALL that must be refused and returns the CALLERROR's code. */
  String callError(String action, JsonObject payload) throws Exception {
    JsonArray frame = exchange(action, payload);
    if (frame.getInteger(0) != 4) {
      throw new AssertionError(action + " answered with " + frame.encode());
    }
    return frame.getString(2);
  }

  /** Sends any text as one frame. */
  void send(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  private JsonArray exchange(String action, JsonObject payload) throws Exception {
    String id = "t" + ids.incrementAndGet();
    send(new JsonArray().add(2).add(id).add(action).add(payload).encode());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonArray frame = answers.poll(100, TimeUnit.MILLISECONDS);
      if (frame != null && id.equals(frame.getString(1))) {
        return frame;
      }
    }
    throw new AssertionError("no answer to " + action);
  }

  @Override
  public void close() throws Exception {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  private void onFrame(String text) {
    JsonArray frame;
    try {
      frame = new JsonArray(text);
    } catch (RuntimeException e) {
      return;
    }
    if (frame.getInteger(0) == 2) { // a CALL from the CSMS
      JsonObject reply = replies.get(frame.getString(2));
      JsonArray answer = reply != null
          ? new JsonArray().add(3).add(frame.getString(1)).add(reply)
          : new JsonArray().add(4).add(frame.getString(1)).add("NotImplemented").add("").add(new JsonObject());
      socket.sendText(answer.encode(), true);
    } else {
      answers.add(frame);
    }
  }

  /** Collects fragments into whole text messages. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        onFrame(text);
      }
      ws.request(1);
      return null;
    }
  }
}
