package io.voltgate.api.security;

import io.voltgate.api.support.ApiTestServer.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Raw HTTP exchanges for the security suites: any method, key, content type and body bytes. Unlike
 * {@code ApiTestServer.call} it never waits on an open event stream: a {@code text/event-stream}
 * answer is closed after its headers and reported with an empty body.
 */
final class Probe {

  /** Who calls: an API key and, for a driver, the driver's access token (null without one). */
  record Caller(String key, String bearer) {
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  Probe(int port) {
    this.port = port;
  }

  Result send(String method, String pathAndQuery, String key, String body) {
    return send(method, pathAndQuery, key, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  Result send(String method, String pathAndQuery, String key, String contentType, byte[] body) {
    return sendAs(method, pathAndQuery, new Caller(key, null), contentType, body);
  }

  /** An exchange as a driver: the app's key and the driver's access token (either may be null). */
  Result sendAs(String method, String pathAndQuery, Caller caller, String body) {
    return sendAs(method, pathAndQuery, caller, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  Result sendAs(String method, String pathAndQuery, Caller caller, String contentType, byte[] body) {
    String key = caller.key();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("X-API-Key", key);
    }
    if (caller.bearer() != null) {
      b.header("Authorization", "Bearer " + caller.bearer());
    }
    if (body != null && contentType != null) {
      b.header("Content-Type", contentType);
    }
    return exchange(b.build());
  }

  Result exchange(HttpRequest request) {
    try {
      HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        boolean stream = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        String raw = stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Result(r.statusCode(), raw, r.headers());
      }
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpClient client() {
    return http;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }
}
