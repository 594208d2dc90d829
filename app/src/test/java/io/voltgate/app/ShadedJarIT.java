package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the product itself: {@code java -jar target/voltgate.jar} as {@code ./voltgate} does, on
 * embedded Postgres and Redis, in its own process. Unit tests wire Voltgate in-JVM from the module
 * classpaths; only this test sees what the shaded jar really contains (a dependency missing from it
 * fails here, not on an operator's machine). Plain JDK classes only, so nothing else on the test
 * classpath can mask a class missing from the jar.
 */
@Timeout(240)
class ShadedJarIT {

  private static final String KEY = "pk_cpms_live_0123456789abcdef0123456789abcdef";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dataDir;

  @Test
  void jarStartsServesAChargerAndTheApiAndStopsCleanly() throws Exception {
    Path jar = Path.of("target", "voltgate.jar");
    assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar.toAbsolutePath());
    int ocpp = freePort();
    int http = freePort();
    Path log = Path.of("target", "shaded-jar-it.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("VOLTGATE_DATA_DIR", dataDir.toString());
    pb.environment().put("VOLTGATE_OCPP_PORT", Integer.toString(ocpp));
    pb.environment().put("VOLTGATE_HTTP_PORT", Integer.toString(http));
    pb.environment().put("VOLTGATE_HOST", "127.0.0.1");
    pb.environment().put("VOLTGATE_BOOTSTRAP_API_KEY", KEY);
    Process process = pb.start();
    try {
      awaitReady(process, http, log);

      // The README's "Try it": register the charger (security profile 1 by default, password shown
      // once), then it connects with Basic auth; a socket without the password is refused.
      HttpResponse<String> registered = send(http, "POST", "/cpms/v1/chargers", KEY, "{\"serial\":\"CP-SHADED-1\"}");
      assertEquals(201, registered.statusCode(), registered.body());
      Matcher pw = Pattern.compile("\"password\"\\s*:\\s*\"([^\"]+)\"").matcher(registered.body());
      assertTrue(pw.find(), "no one-time password in " + registered.body());
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("CP-SHADED-1:" + pw.group(1))
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      java.util.concurrent.ExecutionException impostor = org.junit.jupiter.api.Assertions.assertThrows(
          java.util.concurrent.ExecutionException.class, () -> HTTP.newWebSocketBuilder().subprotocols("ocpp1.6")
              .buildAsync(URI.create("ws://127.0.0.1:" + ocpp + "/ocpp/CP-SHADED-1"), new WebSocket.Listener() { })
              .get(10, TimeUnit.SECONDS));
      assertTrue(impostor.getCause() instanceof java.net.http.WebSocketHandshakeException h
          && h.getResponse().statusCode() == 401, "a socket without the password is refused with 401: " + impostor);

      CompletableFuture<String> answer = new CompletableFuture<>();
      WebSocket ws = HTTP.newWebSocketBuilder().subprotocols("ocpp1.6").header("Authorization", basic)
          .buildAsync(URI.create("ws://127.0.0.1:" + ocpp + "/ocpp/CP-SHADED-1"), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
              text.append(data);
              if (last) {
                answer.complete(text.toString());
              }
              socket.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      assertEquals("ocpp1.6", ws.getSubprotocol());
      ws.sendText("[2,\"b1\",\"BootNotification\",{\"chargePointVendor\":\"Acme\",\"chargePointModel\":\"X1\"}]", true)
          .get(5, TimeUnit.SECONDS);
      String boot = answer.get(15, TimeUnit.SECONDS);
      assertTrue(boot.startsWith("[3,\"b1\",") && boot.contains("\"status\":\"Accepted\""), boot);
      assertTrue(boot.contains("\"interval\":"), boot);

      HttpResponse<String> me = get(http, "/cpms/v1/me", KEY);
      assertEquals(200, me.statusCode(), me.body());
      HttpResponse<String> chargers = get(http, "/cpms/v1/chargers", KEY);
      assertEquals(200, chargers.statusCode(), chargers.body());
      assertTrue(chargers.body().contains("CP-SHADED-1"), chargers.body());
      assertEquals(401, get(http, "/cpms/v1/me", null).statusCode());
      HttpResponse<String> metrics = get(http, "/metrics", null);
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("voltgate_connections_open"), "no gateway metrics");
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    } finally {
      process.destroy(); // SIGTERM, as an operator or a service manager stops it
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly();
      }
      assertTrue(exited, "voltgate did not stop within 60 s of SIGTERM; see " + log.toAbsolutePath());
    }
    String output = Files.readString(log);
    assertFalse(output.contains("NoClassDefFoundError") || output.contains("ClassNotFoundException"), output);
    Matcher pg = Pattern.compile("postgresql://[^\\s\"]*:(\\d+)/").matcher(output);
    assertTrue(pg.find(), "the embedded Postgres URL is not logged");
    assertFalse(listening(Integer.parseInt(pg.group(1))), "embedded Postgres outlived the process");
    Matcher redis = Pattern.compile("redis://[^\\s\"]*:(\\d+)").matcher(output);
    assertTrue(redis.find(), "the embedded Redis URL is not logged");
    assertFalse(listening(Integer.parseInt(redis.group(1))), "embedded Redis outlived the process");
  }

  private static void awaitReady(Process process, int http, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), () -> "voltgate exited during start-up:\n" + read(log));
      try {
        if (get(http, "/health/ready", null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not ready within 150 s:\n" + read(log));
  }

  private static HttpResponse<String> get(int port, String path, String key) throws Exception {
    return send(port, "GET", path, key, null);
  }

  private static HttpResponse<String> send(int port, String method, String path, String key, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (key != null) {
      b.header("X-API-Key", key);
    }
    try {
      return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
