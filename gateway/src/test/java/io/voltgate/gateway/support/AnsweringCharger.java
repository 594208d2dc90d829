package io.voltgate.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A simulated charger on a real socket that answers the CSMS's CALLs: by default with the given
 * canned payload per action, or a CALLERROR, or not at all (to provoke timeouts). Records every
 * CALL it received.
 */
public final class AnsweringCharger implements AutoCloseable {


  private final io.vertx.core.http.WebSocket socket;
  private final io.vertx.core.http.WebSocketClient client;
  private final Map<String, Function<JsonObject, Object>> answers = new ConcurrentHashMap<>();
  private final List<JsonArray> received = new CopyOnWriteArrayList<>();

  private AnsweringCharger(io.vertx.core.http.WebSocketClient client, io.vertx.core.http.WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> {
      JsonArray frame = new JsonArray(text);
      if (frame.getInteger(0) != 2) {
        return;
      }
      received.add(frame);
      String id = frame.getString(1);
      Function<JsonObject, Object> answer = answers.get(frame.getString(2));
      Object reply = answer == null ? null : answer.apply(frame.getJsonObject(3));
      if (reply instanceof JsonObject payload) {
        socket.writeTextMessage(new JsonArray().add(3).add(id).add(payload).encode());
      } else if (reply instanceof JsonArray error) {
        JsonArray out = new JsonArray().add(4).add(id);
        error.forEach(out::add);
        socket.writeTextMessage(out.encode());
      }
    });
  }

  /** Connects and (for a meaningful test) boots the charger. */
  public static AnsweringCharger connect(Vertx vertx, int port, String chargePointId, String subprotocol) {
    var client = vertx.createWebSocketClient();
    var ws = TestGateway.await(client.connect(new io.vertx.core.http.WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI("/ocpp/" + chargePointId).setSubProtocols(List.of(subprotocol))));
    return new AnsweringCharger(client, ws);
  }

  /** Answers CALLs of {@code action} with this payload (JsonObject) or error ([code, description, details]). */
  public AnsweringCharger answer(String action, Function<JsonObject, Object> answer) {
    answers.put(action, answer);
    return this;
  }

  public AnsweringCharger answer(String action, JsonObject payload) {
    return answer(action, req -> payload);
  }

  public List<JsonArray> received() {
    return received;
  }

  /** The payload of the last CALL of this action. */
  public JsonObject lastRequest(String action) {
    for (int i = received.size() - 1; i >= 0; i--) {
      if (action.equals(received.get(i).getString(2))) {
        return received.get(i).getJsonObject(3);
      }
    }
    return null;
  }

  public void sendRaw(String text) {
    TestGateway.await(socket.writeTextMessage(text));
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      TestGateway.await(socket.close());
    }
    TestGateway.await(client.close());
  }
}
