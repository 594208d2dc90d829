package io.voltgate.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.voltgate.app.Voltgate;
import io.voltgate.config.Settings;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandClient;
import io.voltgate.store.commands.CommandOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A whole Voltgate (in-JVM, embedded Postgres and Redis, real sockets) runs a short OCPP 1.6 scenario
 * and a few API calls; then its {@code /metrics} is scraped and checked.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsScenarioTest {

  static final String BOOTSTRAP_KEY = "pk_cpms_live_0123456789abcdef0123456789abcdef";
  static final String CHARGER = "CP-METRICS-7f3a";
  static final String ID_TAG = "TAG-METRICS-91c2";

  private Path dataDir;
  private Voltgate voltgate;
  private String scrape;

  @BeforeAll
  void runScenario() throws Exception {
    dataDir = Files.createTempDirectory("voltgate-metrics");
    voltgate = Voltgate.start(Settings.of(Map.of(
        "VOLTGATE_DATA_DIR", dataDir.toString(),
        "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0",
        "VOLTGATE_HOST", "127.0.0.1",
        "VOLTGATE_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY,
        "VOLTGATE_FLEET_METRICS_INTERVAL_S", "1")), "node-metrics");
    try (TestCharger cp = TestCharger.connect(voltgate.ocppPort(), CHARGER, "ocpp1.6",
        Map.of("Reset", new JsonObject().put("status", "Accepted")))) {
      assertEquals("ocpp1.6", cp.subprotocol());
      assertEquals("Accepted", cp.call("BootNotification", new JsonObject()
          .put("chargePointVendor", "Voltgate").put("chargePointModel", "MetricsTest")).getString("status"));
      cp.call("StatusNotification", status(0, "Available"));
      cp.call("StatusNotification", status(1, "Available"));
      cp.call("Heartbeat", new JsonObject());
      cp.call("Authorize", new JsonObject().put("idTag", ID_TAG));
      cp.call("StatusNotification", status(1, "Preparing"));
      int tx = cp.call("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", ID_TAG)
          .put("meterStart", 1000).put("timestamp", Instant.now().toString())).getInteger("transactionId");
      cp.call("StatusNotification", status(1, "Charging"));
      cp.call("MeterValues", new JsonObject().put("connectorId", 1).put("transactionId", tx)
          .put("meterValue", new io.vertx.core.json.JsonArray().add(new JsonObject()
              .put("timestamp", Instant.now().toString())
              .put("sampledValue", new io.vertx.core.json.JsonArray().add(new JsonObject()
                  .put("value", "5000").put("measurand", "Energy.Active.Import.Register").put("unit", "Wh"))))));
      cp.call("StopTransaction", new JsonObject().put("transactionId", tx).put("meterStop", 8500)
          .put("timestamp", Instant.now().toString()).put("idTag", ID_TAG));
      cp.call("StatusNotification", status(1, "Finishing"));

      CommandClient commands = new CommandClient(voltgate.vertx());
      assertEquals(CommandOutcome.Kind.ACCEPTED, await(commands.send(new Command(CHARGER, Command.Op.RESET, null,
          new JsonObject().put("type", "Soft"), 5000))).kind());
      assertEquals(CommandOutcome.Kind.OFFLINE, await(commands.send(new Command("CP-METRICS-absent",
          Command.Op.RESET, null, new JsonObject().put("type", "Soft"), 5000))).kind());

      assertEquals(200, http("GET", "/cpms/v1/me", BOOTSTRAP_KEY).statusCode());
      assertEquals(401, http("GET", "/cpms/v1/me", null).statusCode());
      assertEquals(404, http("DELETE", "/cpms/v1/api-keys/" + java.util.UUID.randomUUID(), BOOTSTRAP_KEY).statusCode());
      assertEquals(404, http("GET", "/no/such/" + CHARGER, null).statusCode());
      System.gc();
      scrape = awaitScrape(s -> s.contains("voltgate_chargers{node=\"node-metrics\",state=\"online\"} 1.0")
          && s.contains("jvm_gc_pause_seconds_count"));
    }
    Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);
  }

  @AfterAll
  void stop() {
    if (voltgate != null) {
      voltgate.stop();
    }
  }

  @Test
  void scrapeIsThere() {
    assertTrue(scrape.contains("voltgate_"));
  }

  private static JsonObject status(int connector, String status) {
    return new JsonObject().put("connectorId", connector).put("errorCode", "NoError").put("status", status)
        .put("timestamp", Instant.now().toString());
  }

  private String awaitScrape(java.util.function.Predicate<String> ready) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = http("GET", "/metrics", null).body();
      if (ready.test(body)) {
        return body;
      }
      Thread.sleep(200);
    }
    Files.writeString(Path.of("target", "metrics-scrape.txt"), body);
    throw new AssertionError("scrape never became ready; see target/metrics-scrape.txt");
  }

  HttpResponse<String> http(String method, String path, String apiKey) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + voltgate.httpPort() + path))
        .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
    if (apiKey != null) {
      b.header("X-API-Key", apiKey);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
