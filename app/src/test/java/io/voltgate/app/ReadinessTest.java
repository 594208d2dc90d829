package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.voltgate.config.Settings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/ready} turns 200 only when the process can serve: a script that waits for
 * readiness and then calls the API with the bootstrap key is never answered 401.
 */
@Timeout(180)
class ReadinessTest {

  private static final String KEY = "pk_cpms_live_feedface0feedface0feedface0feedfa";

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpResponse<String> get(int port, String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      b.header("X-API-Key", key);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      return null; // not listening yet
    }
  }

  @Test
  void readyComesOnlyOnceTheBootstrapKeyWorks() throws Exception {
    int httpPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      httpPort = s.getLocalPort();
    }
    Settings settings = Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", String.valueOf(httpPort), "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY));
    CompletableFuture<Voltgate> starting = CompletableFuture.supplyAsync(() -> Voltgate.start(settings, "node-ready"));
    int notReadyAnswers = 0;
    try {
      while (true) {
        HttpResponse<String> ready = get(httpPort, "/health/ready", null);
        if (ready != null && ready.statusCode() == 200) {
          // What a deployment script does next: the API must take the bootstrap key at once.
          HttpResponse<String> api = get(httpPort, "/cpms/v1/me", KEY);
          assertEquals(200, api.statusCode(), "ready, yet the API answered: " + api.body());
          break;
        }
        if (ready != null) {
          assertEquals(503, ready.statusCode(), ready.body());
          JsonObject checks = new JsonObject(ready.body()).getJsonObject("checks");
          assertTrue("STARTING".equals(checks.getString("startup")) || !"UP".equals(checks.getString("postgres"))
              || !"UP".equals(checks.getString("redis")), ready.body());
          notReadyAnswers++;
        }
        assertTrue(!starting.isCompletedExceptionally(), "Voltgate failed to start");
      }
      assertEquals(200, get(httpPort, "/health/ready", null).statusCode());
    } finally {
      starting.get().stop();
    }
  }
}
