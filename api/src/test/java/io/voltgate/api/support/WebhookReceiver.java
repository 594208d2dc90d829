package io.voltgate.api.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback, as an integrator runs one: records every request (headers in lower
 * case, the raw body under {@code raw-body}) and answers 200 "ok", or a programmable failure status,
 * after an optional delay.
 */
public final class WebhookReceiver implements AutoCloseable {

  public final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
  public final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
  /** How many requests to come are answered {@link #failStatus}. */
  public final AtomicInteger failuresLeft = new AtomicInteger();
  public volatile int failStatus = 500;
  public volatile long delayMs;
  private final HttpServer server;

  public WebhookReceiver(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
      Map<String, String> h = new ConcurrentHashMap<>();
      req.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
      h.put("raw-body", buf.toString(StandardCharsets.UTF_8));
      headers.add(h);
      bodies.add(new JsonObject(buf.toString(StandardCharsets.UTF_8)));
      Runnable answer = () -> {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          req.response().setStatusCode(failStatus).end("nope");
        } else {
          req.response().setStatusCode(200).end("ok");
        }
      };
      if (delayMs > 0) {
        vertx.setTimer(delayMs, t -> answer.run());
      } else {
        answer.run();
      }
    }));
    ApiTestServer.await(server.listen(0, "127.0.0.1"));
  }

  /** Plain http to 127.0.0.1: the test servers allowlist loopback. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hook";
  }

  /** The signature header an integrator expects: {@code v1=} HMAC-SHA256 of {@code timestamp.body}. */
  public static String hmac(String secret, String ts, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "v1=" + HexFormat.of().formatHex(mac.doFinal((ts + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    ApiTestServer.await(server.close());
  }
}
