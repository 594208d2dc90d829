package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgConnectOptions;
import io.voltgate.config.Settings;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts whole Voltgate processes (in-JVM) on embedded Postgres and Redis, as ./voltgate does. */
@Timeout(180)
class VoltgateLifecycleTest {

  private static final String BOOTSTRAP_KEY = "pk_cpms_live_0123456789abcdef0123456789abcdef";

  @TempDir
  Path dataDir;

  private Settings settings() {
    return Settings.of(Map.of(
        "VOLTGATE_DATA_DIR", dataDir.toString(),
        "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0",
        "VOLTGATE_HOST", "127.0.0.1",
        "VOLTGATE_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY));
  }

  @Test
  void rowWrittenBeforeRestartIsThereAfterIt() throws Exception {
    UUID networkId = UUID.randomUUID();
    Voltgate first = Voltgate.start(settings(), "node-test1");
    String pgUrl = first.backends().pgUrl();
    int redisPort = URI.create(first.backends().redisUrl()).getPort();
    try {
      assertEquals(200, get(first.httpPort(), "/health/ready").statusCode());
      try (Connection c = jdbc(pgUrl); Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO networks (id, name) VALUES ('" + networkId + "', 'Kept')");
      }
    } finally {
      first.stop();
    }
    assertFalse(listening(PgConnectOptions.fromUri(pgUrl).getPort()), "embedded Postgres still up");
    assertFalse(listening(redisPort), "embedded Redis still up");

    Voltgate second = Voltgate.start(settings(), "node-test2");
    try {
      assertEquals(200, get(second.httpPort(), "/health/ready").statusCode());
      try (Connection c = jdbc(second.backends().pgUrl()); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT name FROM networks WHERE id = '" + networkId + "'")) {
        assertTrue(rs.next(), "row written before the restart is gone");
        assertEquals("Kept", rs.getString(1));
      }
      try (Connection c = jdbc(second.backends().pgUrl()); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT count(*) FROM api_keys")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "bootstrap must be idempotent across restarts");
      }
    } finally {
      second.stop();
    }
  }

  @Test
  void liveAndReadyAnswerWithNodeAndRole() throws Exception {
    Voltgate v = Voltgate.start(settings().with(Map.of("VOLTGATE_ROLE", "gateway")), "node-gw");
    try {
      HttpResponse<String> live = get(v.httpPort(), "/health/live");
      assertEquals(200, live.statusCode());
      assertTrue(live.body().contains("\"node\":\"node-gw\""), live.body());
      assertTrue(live.body().contains("\"role\":\"gateway\""), live.body());
      HttpResponse<String> ready = get(v.httpPort(), "/health/ready");
      assertEquals(200, ready.statusCode());
      assertTrue(ready.body().contains("\"postgres\":\"UP\""), ready.body());
      HttpResponse<String> metrics = get(v.httpPort(), "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics exported");
    } finally {
      v.stop();
    }
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static Connection jdbc(String pgUrl) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(pgUrl);
    return DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/"
        + o.getDatabase(), o.getUser(), o.getPassword());
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
