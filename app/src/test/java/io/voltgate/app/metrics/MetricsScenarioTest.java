package io.voltgate.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.app.Voltgate;
import io.voltgate.config.Settings;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A whole Voltgate (in-JVM, embedded Postgres and Redis, real sockets) runs a short OCPP 1.6 scenario
 * (boot, statuses, heartbeat, a transaction, an invalid and a malformed frame, a command), a few API
 * calls and a refused handshake; its {@code /metrics} is scraped while the charger is connected and
 * after it left. Checked: the exposition is valid Prometheus text, every metric any dashboard panel
 * queries exists, values match the scenario, and no label carries a charger's or user's value.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsScenarioTest {

  static final String BOOTSTRAP_KEY = "pk_cpms_live_0123456789abcdef0123456789abcdef";
  static final String CHARGER = "CP-METRICS-7f3a";
  static final String ABSENT_CHARGER = "CP-METRICS-absent-42";
  static final String REFUSED_CHARGER = "CP-METRICS-refused-9";
  static final String ID_TAG = "TAG-METRICS-91c2";
  static final String NODE = "node-metrics";
  static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards");

  private Path dataDir;
  private Voltgate voltgate;
  private String connectedScrape;
  private String finalScrape;
  private Map<String, PrometheusText.Family> connected;
  private Map<String, PrometheusText.Family> last;

  @BeforeAll
  void runScenario() throws Exception {
    dataDir = Files.createTempDirectory("voltgate-metrics");
    voltgate = Voltgate.start(Settings.of(Map.of(
        "VOLTGATE_DATA_DIR", dataDir.toString(),
        "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0",
        "VOLTGATE_HOST", "127.0.0.1",
        "VOLTGATE_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register",
        "VOLTGATE_FLEET_METRICS_INTERVAL_S", "1")), NODE);
    try (TestCharger cp = TestCharger.connect(voltgate.ocppPort(), CHARGER, "ocpp1.6",
        Map.of("Reset", new JsonObject().put("status", "Accepted")))) {
      assertEquals("ocpp1.6", cp.subprotocol());
      chargerSession(cp);
      CommandClient commands = new CommandClient(voltgate.vertx());
      assertEquals(CommandOutcome.Kind.ACCEPTED, await(commands.send(reset(CHARGER))).kind());
      assertEquals(CommandOutcome.Kind.OFFLINE, await(commands.send(reset(ABSENT_CHARGER))).kind());
      apiCalls();
      readEventsAsAConsumerGroup();
      connectedScrape = awaitScrape(s -> s.contains(sample("voltgate_chargers", "state=\"online\"") + " 1.0")
          && s.contains(sample("voltgate_connectors", "status=\"Finishing\"") + " 1.0")
          && s.contains("group=\"metrics-test\""));
    }
    // A handshake Voltgate refuses (no subprotocol it speaks).
    assertThrows(Exception.class, () -> TestCharger.connect(voltgate.ocppPort(), REFUSED_CHARGER, "ocpp9.9", Map.of()));
    System.gc(); // so that the JVM's GC pause timer has a series
    finalScrape = awaitScrape(s -> s.contains("voltgate_connections_disconnects_total{")
        && s.contains("voltgate_connections_refused_total{") && s.contains("jvm_gc_pause_seconds_count{")
        && s.contains(sample("voltgate_connections_open", "version=\"1.6\"") + " 0.0")
        && s.contains(sample("voltgate_chargers", "state=\"offline\"") + " 1.0"));
    Files.writeString(Path.of("target", "metrics-scrape.txt"), finalScrape); // for humans
    connected = PrometheusText.parse(connectedScrape);
    last = PrometheusText.parse(finalScrape);
  }

  private void chargerSession(TestCharger cp) throws Exception {
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
        .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", Instant.now().toString())
            .put("sampledValue", new JsonArray().add(new JsonObject().put("value", "5000")
                .put("measurand", "Energy.Active.Import.Register").put("unit", "Wh"))))));
    cp.call("StopTransaction", new JsonObject().put("transactionId", tx).put("meterStop", 8500)
        .put("timestamp", Instant.now().toString()).put("idTag", ID_TAG));
    cp.call("StatusNotification", status(1, "Finishing"));
    // An invalid CALL (status outside the enum) and a frame that is not JSON.
    assertEquals("PropertyConstraintViolation", cp.callError("StatusNotification", status(1, "Exploded")));
    cp.send("[2, \"broken");
    cp.call("Heartbeat", new JsonObject());
  }

  private void apiCalls() throws Exception {
    assertEquals(200, http("GET", "/cpms/v1/me", BOOTSTRAP_KEY).statusCode());
    assertEquals(401, http("GET", "/cpms/v1/me", null).statusCode());
    assertEquals(404, http("DELETE", "/cpms/v1/api-keys/" + UUID.randomUUID(), BOOTSTRAP_KEY).statusCode());
    assertEquals(404, http("GET", "/no/such/" + CHARGER, null).statusCode());
    assertEquals(200, http("GET", "/health/ready", null).statusCode());
  }

  /** A consumer group that read two events and acknowledged none: its backlog is 2. */
  private void readEventsAsAConsumerGroup() throws Exception {
    Redis redis = RedisClients.client(voltgate.vertx(), voltgate.backends().redisUrl(), 1);
    try {
      await(redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RedisKeys.EVENTS).arg("metrics-test").arg("0")));
      await(redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg("metrics-test").arg("c1")
          .arg("COUNT").arg(2).arg("STREAMS").arg(RedisKeys.EVENTS).arg(">")));
    } finally {
      await(redis.close());
    }
  }

  @AfterAll
  void stop() {
    if (voltgate != null) {
      voltgate.stop();
    }
  }

  @Test
  void everyPanelQueriesMetricsTheProcessExports() throws Exception {
    Set<String> exported = sampleNames(last);
    Map<String, String> missing = new TreeMap<>();
    Set<String> queried = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(DASHBOARDS)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(4, files.size(), "fleet, gateway, api, runtime dashboards");
    for (Path file : files) {
      JsonObject dash = new JsonObject(Files.readString(file));
      List<String> exprs = new ArrayList<>();
      collectExpressions(dash.getJsonArray("panels"), exprs, file.getFileName().toString());
      assertFalse(exprs.isEmpty(), file + " has no queries");
      for (String expr : exprs) {
        for (String name : PromQl.metricNames(expr)) {
          queried.add(name);
          if (!exported.contains(name)) {
            missing.put(name, file.getFileName() + ": " + expr);
          }
        }
      }
      for (Object v : dash.getJsonObject("templating").getJsonArray("list")) {
        JsonObject variable = (JsonObject) v;
        Object q = variable.getValue("query");
        String query = q instanceof JsonObject o ? o.getString("query") : String.valueOf(q);
        for (String name : PromQl.templateMetricNames(query)) {
          queried.add(name);
          if (!exported.contains(name)) {
            missing.put(name, file.getFileName() + " variable " + variable.getString("name"));
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), "dashboards query metrics /metrics does not export: " + missing);
    assertTrue(queried.size() > 40, "tokenizer found too few metrics: " + queried);
    assertTrue(queried.containsAll(Set.of("voltgate_ocpp_handler_latency_seconds_bucket",
        "voltgate_api_requests_seconds_bucket", "voltgate_eventloop_lag_seconds_bucket",
        "vertx_sql_processing_time_seconds_bucket", "vertx_redis_processing_time_seconds_bucket")), "quantile panels");
  }

  /** Every panel's target expressions, rows' nested panels included; panels use the provisioned datasource. */
  private static void collectExpressions(JsonArray panels, List<String> out, String file) {
    for (Object p : panels) {
      JsonObject panel = (JsonObject) p;
      if (panel.containsKey("panels")) {
        collectExpressions(panel.getJsonArray("panels"), out, file);
      }
      JsonArray targets = panel.getJsonArray("targets");
      if (targets == null) {
        continue;
      }
      assertEquals("voltgate-prometheus", panel.getJsonObject("datasource").getString("uid"), file + " " + panel.getString("title"));
      for (Object t : targets) {
        out.add(((JsonObject) t).getString("expr"));
      }
    }
  }

  @Test
  void expositionIsValidPrometheusText() {
    // parse() already threw if not; check it covered everything and the Content-Type.
    assertTrue(last.size() > 50, "families: " + last.keySet());
    for (PrometheusText.Family f : last.values()) {
      for (PrometheusText.Sample s : f.samples()) {
        assertEquals(NODE, s.labels().get("node"), "node tag on " + s);
      }
    }
  }

  @Test
  void metricsAnswerWithTheTextFormatContentType() throws Exception {
    HttpResponse<String> r = http("GET", "/metrics", null);
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
  }

  @Test
  void noLabelCarriesAChargerUserOrRawPath() {
    for (Map<String, PrometheusText.Family> scrape : List.of(connected, last)) {
      for (PrometheusText.Family f : scrape.values()) {
        for (PrometheusText.Sample s : f.samples()) {
          for (Map.Entry<String, String> label : s.labels().entrySet()) {
            for (String forbidden : List.of(CHARGER, ABSENT_CHARGER, REFUSED_CHARGER, ID_TAG, "/no/such")) {
              assertFalse(label.getValue().contains(forbidden), s.name() + " label " + label);
            }
          }
        }
      }
    }
    for (PrometheusText.Sample s : last.get("voltgate_api_requests_seconds").samples()) {
      String route = s.labels().get("route");
      assertTrue(route.equals("unmatched") || Set.of("/cpms/v1/me", "/cpms/v1/api-keys/:id", "/health/ready", "/metrics")
          .contains(route), "route label " + route);
    }
  }

  @Test
  void gatewayCountersFollowTheScenario() {
    assertEquals(5, value(last, "voltgate_ocpp_messages_total", "action", "StatusNotification", "outcome", "ok", "version", "1.6"));
    assertEquals(1, value(last, "voltgate_ocpp_messages_total", "action", "StartTransaction", "outcome", "ok"));
    assertEquals(1, value(last, "voltgate_ocpp_validation_failures_total", "action", "StatusNotification", "kind", "request"));
    assertTrue(value(last, "voltgate_ocpp_malformed_frames_total") >= 1);
    assertEquals(1, value(last, "voltgate_ocpp_handler_latency_seconds_count", "action", "StopTransaction"));
    assertEquals(1, value(connected, "voltgate_connections_open", "version", "1.6"));
    assertEquals(0, value(last, "voltgate_connections_open", "version", "1.6"));
    assertEquals(1, value(last, "voltgate_connections_connects_total", "version", "1.6"));
    assertEquals(1, value(last, "voltgate_connections_disconnects_total", "version", "1.6"));
    assertEquals(1, value(last, "voltgate_connections_refused_total"));
    assertEquals(7500, value(last, "voltgate_energy_delivered_wh_total", "version", "1.6"));
    assertEquals(1, value(last, "voltgate_sessions_completed_total", "version", "1.6"));
  }

  @Test
  void commandOutcomesAreCountedWhereSent() {
    assertEquals(1, value(last, "voltgate_commands_outcomes_total", "op", "reset", "outcome", "accepted"));
    assertEquals(1, value(last, "voltgate_commands_outcomes_total", "op", "reset", "outcome", "offline"));
    assertEquals(2, value(last, "voltgate_commands_outcomes_total"));
    assertEquals(1, value(last, "voltgate_commands_seconds_count", "action", "Reset", "outcome", "accepted"));
  }

  @Test
  void fleetGaugesDescribeTheLiveState() {
    assertEquals(1, value(connected, "voltgate_chargers", "state", "online"));
    assertEquals(0, value(connected, "voltgate_chargers", "state", "offline"));
    assertEquals(1, value(connected, "voltgate_connectors", "status", "Finishing"));
    assertEquals(1, value(connected, "voltgate_connectors"), "connector 0 is the charger, not a connector");
    assertEquals(0, value(connected, "voltgate_chargers_faulted"));
    assertEquals(0, value(connected, "voltgate_sessions_active"));
    assertTrue(value(connected, "voltgate_events_stream_length") >= 5);
    assertTrue(value(connected, "voltgate_events_stream_last_entry_age_seconds") >= 0);
    assertEquals(2, value(connected, "voltgate_events_stream_group_pending", "group", "metrics-test"));
    assertEquals(1, value(last, "voltgate_chargers", "state", "offline"));
  }

  @Test
  void apiRequestsAreRecordedByRouteTemplate() {
    String name = "voltgate_api_requests_seconds_count";
    assertEquals(1, value(last, name, "route", "/cpms/v1/me", "method", "GET", "status", "200"));
    assertEquals(1, value(last, name, "route", "/cpms/v1/me", "method", "GET", "status", "401"));
    assertEquals(1, value(last, name, "route", "/cpms/v1/api-keys/:id", "method", "DELETE", "status", "404"));
    assertEquals(1, value(last, name, "route", "unmatched", "status", "404"));
    assertTrue(last.get("voltgate_api_requests_seconds").samples().stream()
        .noneMatch(s -> "aborted".equals(s.labels().get("status"))), "no request was aborted");
    assertEquals(0, value(last, "voltgate_sse_clients"));
    assertEquals(0, value(last, "voltgate_webhooks_deliveries_total"));
    assertEquals(3, last.get("voltgate_webhooks_deliveries_total").samples().size(), "delivered, retry, failed");
  }

  @Test
  void runtimeMetricsArePresent() {
    assertTrue(value(last, "voltgate_eventloop_lag_seconds_count") > 0);
    assertTrue(last.get("voltgate_eventloop_lag_seconds").samples().stream().map(s -> s.labels().get("loop"))
        .distinct().count() >= 1);
    assertTrue(value(last, "vertx_sql_processing_time_seconds_count") > 0, "Postgres client latency");
    assertTrue(value(last, "vertx_redis_processing_time_seconds_count") > 0, "Redis client latency");
    assertEquals(0, value(last, "vertx_sql_resets_total"));
    assertTrue(last.containsKey("netty_eventexecutor_tasks_pending"));
    assertTrue(value(last, "voltgate_fleet_refresh_seconds_count") > 0);
  }

  // ---- helpers ----

  private static Set<String> sampleNames(Map<String, PrometheusText.Family> families) {
    Set<String> names = new TreeSet<>();
    families.values().forEach(f -> f.samples().forEach(s -> names.add(s.name())));
    return names;
  }

  /** Sum of the samples named {@code name} whose labels include the given pairs. */
  private static double value(Map<String, PrometheusText.Family> families, String name, String... labels) {
    double sum = 0;
    boolean found = false;
    for (PrometheusText.Family f : families.values()) {
      for (PrometheusText.Sample s : f.samples()) {
        if (!s.name().equals(name)) {
          continue;
        }
        boolean match = true;
        for (int i = 0; i < labels.length; i += 2) {
          match &= labels[i + 1].equals(s.labels().get(labels[i]));
        }
        if (match) {
          found = true;
          sum += s.value();
        }
      }
    }
    assertTrue(found, "no sample " + name + " " + List.of(labels));
    return sum;
  }

  private static String sample(String name, String labels) {
    return name + "{" + "node=\"" + NODE + "\"," + labels + "}";
  }

  private static io.voltgate.store.commands.Command reset(String chargePointId) {
    return new io.voltgate.store.commands.Command(chargePointId, io.voltgate.store.commands.Command.Op.RESET, null,
        new JsonObject().put("type", "Soft"), 5000);
  }

  private static JsonObject status(int connector, String status) {
    return new JsonObject().put("connectorId", connector).put("errorCode", "NoError").put("status", status)
        .put("timestamp", Instant.now().toString());
  }

  private String awaitScrape(Predicate<String> ready) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String body = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http("GET", "/metrics", null);
      assertEquals(200, r.statusCode());
      body = r.body();
      if (ready.test(body)) {
        return body;
      }
      Thread.sleep(250);
    }
    Files.writeString(Path.of("target", "metrics-scrape.txt"), body);
    throw new AssertionError("scrape never showed the scenario; last one in target/metrics-scrape.txt");
  }

  private HttpResponse<String> http(String method, String path, String apiKey) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + voltgate.httpPort() + path))
        .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
    if (apiKey != null) {
      b.header("X-API-Key", apiKey);
    }
    return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
  }

  // HTTP/1.1 (no h2c upgrade attempt) and a bound on the whole exchange, body included.
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
