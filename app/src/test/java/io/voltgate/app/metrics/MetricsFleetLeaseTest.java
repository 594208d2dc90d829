package io.voltgate.app.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voltgate.app.Voltgate;
import io.voltgate.config.Settings;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Voltgate processes on the same Postgres and Redis: only the one holding the fleet-metrics lease
 * exports the fleet-wide gauges, and the other takes over when it stops.
 */
@Timeout(180)
class MetricsFleetLeaseTest {

  private static final String FLEET_GAUGE = "voltgate_chargers{";

  @TempDir
  Path dataDir;

  @Test
  void oneNodeExportsFleetGaugesAndAnotherTakesOver() throws Exception {
    Backends shared = Backends.start(BackendOptions.from(Settings.of(Map.of("VOLTGATE_DATA_DIR", dataDir.toString()))));
    Voltgate a = null;
    Voltgate b = null;
    try {
      Settings settings = Settings.of(Map.of(
          "VOLTGATE_DATA_DIR", dataDir.toString(),
          "VOLTGATE_PG_URL", shared.pgUrl(),
          "VOLTGATE_REDIS_URL", shared.redisUrl(),
          "VOLTGATE_OCPP_PORT", "0",
          "VOLTGATE_HTTP_PORT", "0",
          "VOLTGATE_HOST", "127.0.0.1",
          "VOLTGATE_FLEET_METRICS_INTERVAL_S", "1"));
      a = Voltgate.start(settings, "node-lease-a");
      awaitScrape(a, s -> s.contains(FLEET_GAUGE));
      b = Voltgate.start(settings, "node-lease-b");
      // b refreshes every second and keeps finding a's lease.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < until) {
        assertFalse(scrape(b).contains(FLEET_GAUGE), "both nodes export the fleet gauges");
        assertTrue(scrape(a).contains(FLEET_GAUGE), "the lease holder stopped exporting");
        Thread.sleep(250);
      }
      a.stop(); // releases the lease
      awaitScrape(b, s -> s.contains(FLEET_GAUGE) && s.contains("voltgate_sessions_active{"));
    } finally {
      if (b != null) {
        b.stop();
      }
      if (a != null) {
        a.stop();
      }
      shared.close();
    }
  }

  private static void awaitScrape(Voltgate v, java.util.function.Predicate<String> ready) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (ready.test(scrape(v))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("node " + v.nodeId() + " never exported the fleet gauges");
  }

  // HTTP/1.1 (no h2c upgrade attempt) and a bound on the whole exchange, body included: the request
  // timeout alone does not cover reading the body.
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static String scrape(Voltgate v) throws Exception {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.httpPort() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        .get(15, TimeUnit.SECONDS).body();
  }
}
