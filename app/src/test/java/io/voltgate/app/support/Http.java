package io.voltgate.app.support;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Minimal JSON-over-HTTP client for whole-process tests. */
public final class Http {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String key;
  private final String bearer;

  public Http(int port, String key) {
    this(port, key, null);
  }

  private Http(int port, String key, String bearer) {
    this.port = port;
    this.key = key;
    this.bearer = bearer;
  }

  /** The same key acting for a driver: every call also sends {@code Authorization: Bearer <accessToken>}. */
  public Http asDriver(String accessToken) {
    return new Http(port, key, accessToken);
  }

  /** Status and parsed body. */
  public record Result(int status, JsonObject body) {
    public JsonObject data() {
      return body.getJsonObject("data");
    }
  }

  public Result call(String method, String path, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60)).header("X-API-Key", key)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Result(r.statusCode(), r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Result get(String path) {
    return call("GET", path, null);
  }

  public Result post(String path, JsonObject body) {
    return call("POST", path, body == null ? new JsonObject() : body);
  }
}
