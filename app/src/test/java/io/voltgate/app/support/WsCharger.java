package io.voltgate.app.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A charger on a real WebSocket for whole-process tests: sends CALLs and waits for their answers,
 * and answers the CSMS's CALLs from a table (no entry: no answer, to provoke timeouts).
 */
public final class WsCharger implements AutoCloseable {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocket ws;
  private final Map<String, Promise<JsonArray>> pending = new ConcurrentHashMap<>();
  private final Map<String, Function<JsonObject, Object>> answers = new ConcurrentHashMap<>();
  private final List<JsonArray> received = new CopyOnWriteArrayList<>();
  private int next;

  private WsCharger(Vertx vertx, WebSocketClient client, WebSocket ws) {
    this.vertx = vertx;
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> {
      JsonArray f = new JsonArray(text);
      if (f.getInteger(0) == 2) {
        received.add(f);
        Function<JsonObject, Object> a = answers.get(f.getString(2));
        Object reply = a == null ? null : a.apply(f.getJsonObject(3));
        if (reply instanceof JsonObject payload) {
          ws.writeTextMessage(new JsonArray().add(3).add(f.getString(1)).add(payload).encode());
        }
      } else {
        Promise<JsonArray> p = pending.remove(f.getString(1));
        if (p != null) {
          p.complete(f);
        }
      }
    });
  }

  public static WsCharger connect(Vertx vertx, int port, String id, String protocol) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/ocpp/" + id).setSubProtocols(List.of(protocol))));
    return new WsCharger(vertx, client, ws);
  }

  /** Connects with HTTP Basic credentials (security profile 1): username = the charger's id. */
  public static WsCharger connectWithPassword(Vertx vertx, int port, String id, String protocol, String password) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/ocpp/" + id).setSubProtocols(List.of(protocol))
        .addHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            (id + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    return new WsCharger(vertx, client, ws);
  }

  public WsCharger answer(String action, JsonObject payload) {
    answers.put(action, req -> payload);
    return this;
  }

  public List<JsonArray> received() {
    return received;
  }

  /** Sends a CALL and returns the answer frame. */
  public synchronized JsonArray call(String action, JsonObject payload) {
    String id = "c" + (++next);
    Promise<JsonArray> p = Promise.promise();
    pending.put(id, p);
    await(ws.writeTextMessage(new JsonArray().add(2).add(id).add(action).add(payload).encode()));
    return await(p.future());
  }

  /** Sends a text frame as it is (broken frames included); answers, if any, are not waited for. */
  public void sendRaw(String text) {
    await(ws.writeTextMessage(text));
  }

  /** Sends a CALL without waiting: the future completes with the answer frame (never, if none comes). */
  public synchronized Future<JsonArray> send(String action, JsonObject payload) {
    String id = "c" + (++next);
    Promise<JsonArray> p = Promise.promise();
    pending.put(id, p);
    ws.writeTextMessage(new JsonArray().add(2).add(id).add(action).add(payload).encode());
    return p.future();
  }

  public boolean isClosed() {
    return ws.isClosed();
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      await(ws.close());
    }
    await(client.close());
  }
}
