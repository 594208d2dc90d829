package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.voltgate.app.support.ChargerTransactions.Transaction;
import io.voltgate.app.support.ChargerTransactions.Tx16;
import io.voltgate.app.support.ChargerTransactions.Tx201;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.store.pg.OcppLogPartitions;
import io.voltgate.store.pg.PgClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OCPP message log end to end: real charger sockets on both versions, the frames read back over
 * the API (order, pairing, latency), redaction, isolation, replay, the live tail and retention.
 */
@Timeout(120)
class OcppMessageLogEndToEndTest {

  private static final String KEY = "pk_cpms_live_0cc9109a0cc9109a0cc9109a0cc9109a";
  private static final String SECRET = "s3cr3t-Authorization-Key-0042";
  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static Http api;
  /** The bootstrap key's network, where the test registers its chargers. */
  private static String network;

  @BeforeAll
  static void start() throws Exception {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_COMMAND_TIMEOUT_S", "5", "VOLTGATE_OCPP_LOG_FLUSH_MS", "20")), "node-msglog");
    clients = Vertx.vertx();
    api = new Http(voltgate.httpPort(), KEY);
    try (Connection c = VoltgateLifecycleTest.jdbc(voltgate.backends().pgUrl()); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id FROM networks ORDER BY created_at LIMIT 1")) {
      rs.next();
      network = rs.getString(1);
    }
    sql("INSERT INTO id_tokens (id, token) VALUES (gen_random_uuid(), 'LOGTAG-1'), (gen_random_uuid(), 'LOGTAG-2')");
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    voltgate.stop();
  }

  /** One frame as the test expects it: direction, type, action, message id. */
  private record Expected(String direction, String type, String action, String messageId) {
  }

  @ParameterizedTest
  @ValueSource(strings = {"ocpp1.6", "ocpp2.0.1"})
  void aFullSessionsFramesComeBackInOrderWithTheirPairingAndLatency(String protocol) throws Exception {
    boolean v201 = protocol.equals("ocpp2.0.1");
    String cp = "LOG-" + (v201 ? "201-" : "16-") + UUID.randomUUID().toString().substring(0, 8);
    String id = register(cp);
    List<Expected> expected = new ArrayList<>();
    try (WsCharger charger = WsCharger.connect(clients, voltgate.ocppPort(), cp, protocol)) {
      charger.answer(v201 ? "RequestStopTransaction" : "RemoteStopTransaction", new JsonObject().put("status", "Accepted"));
      boot(charger, v201);
      exchanged(expected, "BootNotification", "c1");
      charger.call("Heartbeat", new JsonObject());
      exchanged(expected, "Heartbeat", "c2");
      Transaction tx = v201 ? new Tx201(charger, "LOGTAG-1") : new Tx16(charger, "LOGTAG-1");
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      tx.start(t0, 1000);
      exchanged(expected, v201 ? "TransactionEvent" : "StartTransaction", "c3");
      tx.meter(t0.plusSeconds(60), 1500, 7000, 40);
      exchanged(expected, v201 ? "TransactionEvent" : "MeterValues", "c4");
      Http.Result stop = api.post("/cpms/v1/chargers/" + id + "/remote-stop", new JsonObject());
      assertEquals(200, stop.status(), stop.body().encode());
      JsonArray remoteStop = charger.received().get(charger.received().size() - 1);
      String stopAction = v201 ? "RequestStopTransaction" : "RemoteStopTransaction";
      assertEquals(stopAction, remoteStop.getString(2));
      expected.add(new Expected("outgoing", "Call", stopAction, remoteStop.getString(1)));
      expected.add(new Expected("incoming", "CallResult", stopAction, remoteStop.getString(1)));
      tx.stop(remoteStop.getJsonObject(3), t0.plusSeconds(120), 2000);
      exchanged(expected, v201 ? "TransactionEvent" : "StopTransaction", "c5");
    }
    JsonArray frames = framesOf(id, expected.size());
    assertEquals(expected.size(), frames.size(), frames.encodePrettily());
    Instant previous = Instant.EPOCH;
    for (int i = 0; i < expected.size(); i++) {
      JsonObject f = frames.getJsonObject(i);
      Expected e = expected.get(i);
      assertEquals(e, new Expected(f.getString("direction"), f.getString("messageType"), f.getString("action"),
          f.getString("messageId")), "frame " + i + ": " + f.encode());
      assertEquals(v201 ? "2.0.1" : "1.6", f.getString("ocppVersion"));
      assertEquals("node-msglog", f.getString("node"));
      assertNotNull(f.getString("connectionId"));
      assertEquals(f.getString("frame").getBytes(StandardCharsets.UTF_8).length, f.getInteger("payloadBytes"));
      Instant at = Instant.parse(f.getString("timestamp"));
      assertFalse(at.isBefore(previous), "frames in capture order");
      previous = at;
      if (e.type().equals("Call")) {
        assertNull(f.getLong("latencyUs"), "a CALL carries no latency");
        assertNotNull(f.getJsonObject("payload"));
      } else {
        JsonObject call = frames.getJsonObject(i - 1);
        long latency = f.getLong("latencyUs");
        long between = ChronoUnit.MICROS.between(Instant.parse(call.getString("timestamp")), at);
        assertTrue(latency >= 0 && latency <= between + 1_000,
            f.getString("action") + " answer latency " + latency + " µs within the " + between + " µs between the CALL and its answer");
      }
    }
    // The meter reading the charger sent is what the log holds.
    JsonObject startCall = frames.getJsonObject(4).getJsonObject("payload");
    assertEquals(1000, v201 ? startCall.getJsonArray("meterValue").getJsonObject(0).getJsonArray("sampledValue")
        .getJsonObject(0).getInteger("value") : startCall.getInteger("meterStart"));
    // One exchange: the CSMS's remote stop with the charger's answer.
    String stopId = expected.get(8).messageId();
    Http.Result exchange = api.get("/cpms/v1/chargers/" + id + "/ocpp-messages/exchanges/" + stopId);
    assertEquals(200, exchange.status(), exchange.body().encode());
    assertEquals("success", exchange.data().getString("status"));
    assertEquals("outgoing", exchange.data().getJsonObject("call").getString("direction"));
    assertEquals("incoming", exchange.data().getJsonObject("answer").getString("direction"));
    assertEquals("Accepted", exchange.data().getJsonObject("answer").getJsonObject("payload").getString("status"));
    // Filters and the cursor: the charger's CALLs only, two per page.
    List<String> calls = new ArrayList<>();
    String cursor = null;
    do {
      Http.Result page = api.get("/cpms/v1/chargers/" + id + "/ocpp-messages?order=asc&limit=2&direction=incoming"
          + "&messageType=Call" + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, page.status(), page.body().encode());
      page.data().getJsonArray("messages").forEach(m -> calls.add(((JsonObject) m).getString("messageId")));
      cursor = page.data().getString("nextCursor");
    } while (cursor != null);
    assertEquals(List.of("c1", "c2", "c3", "c4", "c5"), calls);
    // The diagnostics snapshot: newest exchange first, the total on record.
    Http.Result diagnostics = api.get("/cpms/v1/chargers/" + id + "/diagnostics");
    assertEquals(200, diagnostics.status(), diagnostics.body().encode());
    JsonArray recent = diagnostics.data().getJsonArray("recentOcppMessages");
    assertEquals(6, recent.size(), recent.encodePrettily());
    JsonObject newest = recent.getJsonObject(0);
    assertEquals("c5", newest.getString("correlationId"));
    assertEquals("incoming", newest.getString("direction"));
    assertEquals("Call", newest.getString("messageType"));
    assertEquals("success", newest.getString("status"));
    assertNotNull(newest.getLong("responseTimeMs"));
    assertEquals(stopId, recent.getJsonObject(1).getString("correlationId"));
    assertEquals("outgoing", recent.getJsonObject(1).getString("direction"));
    assertEquals(expected.size(), diagnostics.data().getLong("ocppMessageCount"));
    // NDJSON export: the same frames, one per line.
    HttpResponse<String> export = raw("/cpms/v1/chargers/" + id + "/ocpp-messages/export");
    assertEquals(200, export.statusCode());
    assertTrue(export.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
    String[] lines = export.body().split("\n");
    assertEquals(expected.size(), lines.length);
    assertEquals("c1", new JsonObject(lines[0]).getString("messageId"));
  }

  @Test
  void secretsInConfigurationAndVariablesAreRedacted() throws Exception {
    String cp16 = "LOGRED16-" + UUID.randomUUID().toString().substring(0, 8);
    String id16 = register(cp16);
    String cp201 = "LOGRED201-" + UUID.randomUUID().toString().substring(0, 8);
    String id201 = register(cp201);
    try (WsCharger c16 = WsCharger.connect(clients, voltgate.ocppPort(), cp16, "ocpp1.6");
         WsCharger c201 = WsCharger.connect(clients, voltgate.ocppPort(), cp201, "ocpp2.0.1")) {
      c16.answer("ChangeConfiguration", new JsonObject().put("status", "Accepted"))
          .answer("GetConfiguration", new JsonObject().put("configurationKey", new JsonArray()
              .add(new JsonObject().put("key", "AuthorizationKey").put("readonly", false).put("value", SECRET))
              .add(new JsonObject().put("key", "HeartbeatInterval").put("readonly", false).put("value", "300"))));
      c201.answer("SetVariables", new JsonObject().put("setVariableResult", new JsonArray().add(new JsonObject()
          .put("attributeStatus", "Accepted").put("component", new JsonObject().put("name", "SecurityCtrlr"))
          .put("variable", new JsonObject().put("name", "BasicAuthPassword")))));
      boot(c16, false);
      boot(c201, true);
      Http.Result change = api.post("/cpms/v1/chargers/" + id16 + "/configuration",
          new JsonObject().put("key", "AuthorizationKey").put("value", SECRET));
      assertEquals(200, change.status(), change.body().encode());
      assertEquals(SECRET, c16.received().get(0).getJsonObject(3).getString("value"), "the charger got the secret");
      Http.Result read = api.get("/cpms/v1/chargers/" + id16 + "/configuration?keys=AuthorizationKey,HeartbeatInterval");
      assertEquals(200, read.status(), read.body().encode());
      Http.Result set = api.post("/cpms/v1/chargers/" + id201 + "/configuration",
          new JsonObject().put("key", "SecurityCtrlr.BasicAuthPassword").put("value", SECRET));
      assertEquals(200, set.status(), set.body().encode());
      c16.call("DataTransfer", new JsonObject().put("vendorId", "Acme").put("data",
          "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----"));
    }
    JsonArray frames16 = framesOf(id16, 8);
    JsonArray frames201 = framesOf(id201, 4);
    for (JsonArray frames : List.of(frames16, frames201)) {
      for (Object o : frames) {
        JsonObject f = (JsonObject) o;
        assertFalse(f.encode().contains(SECRET), "secret in " + f.encode());
        assertFalse(f.encode().contains("MIIEvQIBADANBgkq"), "private key in " + f.encode());
      }
    }
    JsonObject changeCall = find(frames16, "outgoing", "Call", "ChangeConfiguration");
    assertTrue(changeCall.getBoolean("redacted"));
    assertEquals("AuthorizationKey", changeCall.getJsonObject("payload").getString("key"));
    assertEquals("***", changeCall.getJsonObject("payload").getString("value"));
    JsonObject readAnswer = find(frames16, "incoming", "CallResult", "GetConfiguration");
    JsonArray keys = readAnswer.getJsonObject("payload").getJsonArray("configurationKey");
    assertEquals("***", keys.getJsonObject(0).getString("value"));
    assertEquals("300", keys.getJsonObject(1).getString("value"), "other keys are kept");
    JsonObject dataTransfer = find(frames16, "incoming", "Call", "DataTransfer");
    assertEquals("***", dataTransfer.getJsonObject("payload").getString("data"));
    assertEquals("Acme", dataTransfer.getJsonObject("payload").getString("vendorId"));
    JsonObject setCall = find(frames201, "outgoing", "Call", "SetVariables");
    JsonObject data = setCall.getJsonObject("payload").getJsonArray("setVariableData").getJsonObject(0);
    assertEquals("BasicAuthPassword", data.getJsonObject("variable").getString("name"));
    assertEquals("***", data.getString("attributeValue"));
    // A redacted CALL is not what was sent: it cannot be replayed.
    Http.Result replay = api.post("/cpms/v1/chargers/" + id16 + "/ocpp-messages/" + changeCall.getString("id")
        + "/replay", null);
    assertEquals(409, replay.status(), replay.body().encode());
    assertEquals("not_replayable", replay.body().getString("error"), replay.body().encode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ocpp1.6", "ocpp2.0.1"})
  void replayResendsALoggedCommandWithANewMessageId(String protocol) throws Exception {
    boolean v201 = protocol.equals("ocpp2.0.1");
    String cp = "LOGREP-" + (v201 ? "201-" : "16-") + UUID.randomUUID().toString().substring(0, 8);
    String id = register(cp);
    try (WsCharger charger = WsCharger.connect(clients, voltgate.ocppPort(), cp, protocol)) {
      charger.answer("Reset", new JsonObject().put("status", "Accepted"));
      boot(charger, v201);
      assertTrue(api.post("/cpms/v1/chargers/" + id + "/reboot", new JsonObject().put("type", "Hard")).data()
          .getBoolean("accepted"));
      JsonObject resetCall = find(framesOf(id, 4), "outgoing", "Call", "Reset");
      Http.Result replay = api.post("/cpms/v1/chargers/" + id + "/ocpp-messages/" + resetCall.getString("id")
          + "/replay", null);
      assertEquals(200, replay.status(), replay.body().encode());
      assertTrue(replay.data().getBoolean("accepted"));
      assertEquals("accepted", replay.data().getString("outcome"));
      assertEquals("Reset", replay.data().getString("action"));
      assertEquals(resetCall.getString("messageId"), replay.data().getString("originalMessageId"));
      assertEquals(2, charger.received().size());
      JsonArray first = charger.received().get(0);
      JsonArray again = charger.received().get(1);
      assertEquals(first.getJsonObject(3), again.getJsonObject(3), "the same payload");
      assertNotEquals(first.getString(1), again.getString(1), "under a new message id");
      // A charger's own CALL is not a command: it cannot be replayed.
      JsonObject boot = find(framesOf(id, 6), "incoming", "Call", "BootNotification");
      assertEquals(409, api.post("/cpms/v1/chargers/" + id + "/ocpp-messages/" + boot.getString("id") + "/replay", null)
          .status());
    }
  }

  @Test
  void anotherNetworksChargerIsNotFound() throws Exception {
    String cp = "LOGISO-" + UUID.randomUUID().toString().substring(0, 8);
    String id = register(cp);
    try (WsCharger charger = WsCharger.connect(clients, voltgate.ocppPort(), cp, "ocpp1.6")) {
      boot(charger, false);
    }
    JsonObject frame = framesOf(id, 2).getJsonObject(0);
    String other = UUID.randomUUID().toString();
    sql("INSERT INTO networks (id, name) VALUES ('" + other + "', 'Other operator')");
    Http.Result minted = api.post("/cpms/v1/api-keys", new JsonObject().put("name", "other " + other)
        .put("scopes", new JsonArray().add("cpms:ocpp-log:read").add("cpms:chargers:read").add("cpms:control"))
        .put("networkIds", new JsonArray().add(other)));
    assertEquals(201, minted.status(), minted.body().encode());
    Http stranger = new Http(voltgate.httpPort(), minted.data().getString("key"));
    String base = "/cpms/v1/chargers/" + id;
    assertEquals(200, api.get(base + "/ocpp-messages").status(), "the charger's own operator reads it");
    assertEquals(404, stranger.get(base + "/ocpp-messages").status());
    assertEquals(404, stranger.get(base + "/ocpp-messages/exchanges/c1").status());
    assertEquals(404, stranger.get(base + "/ocpp-messages/export").status());
    assertEquals(404, stranger.get(base + "/ocpp-messages/stream").status());
    assertEquals(404, stranger.get(base + "/diagnostics").status());
    assertEquals(404, stranger.post(base + "/ocpp-messages/" + frame.getString("id") + "/replay", null).status());
    assertEquals(404, stranger.get("/cpms/v1/ocpp-log/retention?networkUuid=" + defaultNetwork()).status());
  }

  @Test
  void refusedFramesAreLoggedWithTheirReasonAndFoundByErrorsOnly() throws Exception {
    String cp = "LOGBAD-" + UUID.randomUUID().toString().substring(0, 8);
    String id = register(cp);
    try (WsCharger charger = WsCharger.connect(clients, voltgate.ocppPort(), cp, "ocpp1.6")) {
      boot(charger, false);
      charger.sendRaw("this is not json");
      charger.sendRaw("[2,\"bad-1\",\"Heartbeat\",\"not an object\"]");
      charger.sendRaw("[3,\"nobody-asked\",{}]");
      charger.call("Heartbeat", new JsonObject());
    }
    JsonArray frames = framesOf(id, 8);
    Http.Result errors = api.get("/cpms/v1/chargers/" + id + "/ocpp-messages?order=asc&errorsOnly=true");
    assertEquals(200, errors.status(), errors.body().encode());
    JsonArray list = errors.data().getJsonArray("messages");
    List<String> seen = new ArrayList<>();
    list.forEach(o -> {
      JsonObject f = (JsonObject) o;
      seen.add(f.getString("direction") + " " + f.getString("messageType") + " " + f.getString("refusal") + " "
          + f.getString("errorCode") + " " + f.getString("messageId"));
    });
    assertEquals(List.of("incoming Refused not_json null null", "incoming Refused bad_payload null bad-1",
        "outgoing CallError null FormationViolation bad-1", "incoming Refused unmatched_response null nobody-asked"),
        seen, frames.encodePrettily());
    assertEquals("this is not json", list.getJsonObject(0).getString("frame"));
    assertNull(list.getJsonObject(0).getValue("payload"));
  }

  @Test
  void aTailedChargersFramesArriveLive() throws Exception {
    String cp = "LOGTAIL-" + UUID.randomUUID().toString().substring(0, 8);
    String id = register(cp);
    try (WsCharger charger = WsCharger.connect(clients, voltgate.ocppPort(), cp, "ocpp1.6")) {
      boot(charger, false);
      BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
      HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + voltgate.httpPort() + "/cpms/v1/chargers/" + id + "/ocpp-messages/stream"))
          .header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, stream.statusCode());
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("data: ")) {
              events.add(new JsonObject(line.substring(6)));
            }
          }
        } catch (Exception e) {
          // closed
        }
      });
      reader.setDaemon(true);
      reader.start();
      // The ask reaches the gateway a moment after the stream opened: beat until frames flow.
      JsonObject first = null;
      for (int i = 0; i < 50 && first == null; i++) {
        charger.call("Heartbeat", new JsonObject());
        first = events.poll(200, TimeUnit.MILLISECONDS);
      }
      assertNotNull(first, "no tailed frame arrived");
      assertEquals(cp, first.getString("chargePointId"));
      assertEquals("Heartbeat", first.getString("action"));
      JsonObject answer = events.poll(5, TimeUnit.SECONDS);
      assertNotNull(answer);
      assertEquals("CallResult", answer.getString("messageType"));
      assertEquals(first.getString("messageId"), answer.getString("messageId"));
      stream.body().close();
    }
  }

  @Test
  void aLiveTailEndsWhenItsKeyIsRevoked() throws Exception {
    String id = register("LOGREVOKE-" + UUID.randomUUID().toString().substring(0, 8));
    Http.Result minted = api.post("/cpms/v1/api-keys", new JsonObject().put("name", "tail-reader")
        .put("scopes", new JsonArray().add("cpms:ocpp-log:read")));
    assertEquals(201, minted.status(), minted.body().encode());
    String key = minted.data().getString("key");
    HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + voltgate.httpPort() + "/cpms/v1/chargers/" + id + "/ocpp-messages/stream"))
        .header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
      try (java.io.InputStream in = stream.body()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        return "closed: " + e;
      }
    });
    Http.Result revoked = api.call("DELETE", "/cpms/v1/api-keys/" + minted.data().getString("id"), null);
    assertEquals(200, revoked.status(), revoked.body().encode());
    // The tail's keep-alive comes every 15 s and never ends it: an end within 5 s is the revocation's.
    assertTrue(rest.get(5, TimeUnit.SECONDS).contains("API key revoked"));
  }

  @Test
  void retentionDropsWholePartitionsAndReadsHideExpiredRows() throws Exception {
    String cp = "LOGRET-" + UUID.randomUUID().toString().substring(0, 8);
    String id = register(cp);
    try (WsCharger charger = WsCharger.connect(clients, voltgate.ocppPort(), cp, "ocpp1.6")) {
      boot(charger, false);
    }
    framesOf(id, 2);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate old = today.minusDays(30);
    LocalDate recent = today.minusDays(10);
    String oldPartition = "ocpp_messages_d" + DateTimeFormatter.BASIC_ISO_DATE.format(old);
    String recentPartition = "ocpp_messages_d" + DateTimeFormatter.BASIC_ISO_DATE.format(recent);
    sql("SELECT ocpp_messages_ensure_partition('" + old + "'), ocpp_messages_ensure_partition('" + recent + "')");
    for (LocalDate day : List.of(old, recent)) {
      sql("INSERT INTO ocpp_messages (logged_at, network_id, charger_id, charge_point_id, node, connection_id,"
          + " ocpp_version, direction, message_type, message_id, action, payload_bytes, frame) VALUES ('" + day
          + "T12:00:00Z', '" + network + "', '" + id + "', '" + cp + "', 'n', 'x', '1.6', 'in', 'CALL', 'old-" + day
          + "', 'Heartbeat', 27, '[2,\"old-" + day + "\",\"Heartbeat\",{}]')");
    }
    // The default retention (7 days) hides both rows from reads before any partition is dropped.
    assertEquals(2, framesOf(id, 2).size());
    // A network keeping 40 days sees both; the drop keeps both partitions for it.
    assertEquals(200, api.call("PUT", "/cpms/v1/ocpp-log/retention?networkUuid=" + network,
        new JsonObject().put("retentionDays", 40)).status());
    assertEquals(4, framesOf(id, 4).size());
    Pool pg = PgClients.pool(clients, voltgate.backends().pgUrl(), 2, 100);
    try {
      OcppLogPartitions.Round kept = WsCharger.await(new OcppLogPartitions(pg).maintain(Instant.now(), 7));
      assertTrue(kept.ran());
      assertEquals(40, kept.retentionDays());
      assertFalse(kept.dropped().contains(oldPartition));
      assertTrue(exists(oldPartition));
      // 20 days: the 30-day-old partition goes as a whole, the 10-day-old one stays.
      assertEquals(200, api.call("PUT", "/cpms/v1/ocpp-log/retention?networkUuid=" + network,
          new JsonObject().put("retentionDays", 20)).status());
      OcppLogPartitions.Round dropped = WsCharger.await(new OcppLogPartitions(pg).maintain(Instant.now(), 7));
      assertTrue(dropped.dropped().contains(oldPartition), dropped.toString());
      assertFalse(exists(oldPartition));
      assertTrue(exists(recentPartition));
      assertTrue(exists("ocpp_messages_d" + DateTimeFormatter.BASIC_ISO_DATE.format(today.plusDays(2))),
          "partitions are created ahead");
      assertEquals(3, framesOf(id, 3).size());
    } finally {
      assertEquals(200, api.call("PUT", "/cpms/v1/ocpp-log/retention?networkUuid=" + network,
          new JsonObject().putNull("retentionDays")).status());
      WsCharger.await(pg.close());
    }
    Http.Result retention = api.get("/cpms/v1/ocpp-log/retention?networkUuid=" + network);
    assertNull(retention.data().getInteger("retentionDays"));
    assertEquals(7, retention.data().getInteger("effectiveRetentionDays"));
  }

  // --- helpers -------------------------------------------------------------------------------------------

  private static void exchanged(List<Expected> expected, String action, String messageId) {
    expected.add(new Expected("incoming", "Call", action, messageId));
    expected.add(new Expected("outgoing", "CallResult", action, messageId));
  }

  private static String register(String cp) {
    Http.Result created = api.post("/cpms/v1/chargers", new JsonObject().put("serial", cp).put("securityProfile", 0)
        .put("networkUuid", network));
    assertEquals(201, created.status(), created.body().encode());
    return created.data().getString("id");
  }

  private static void boot(WsCharger c, boolean v201) {
    JsonArray boot = v201
        ? c.call("BootNotification", new JsonObject().put("reason", "PowerUp").put("chargingStation",
            new JsonObject().put("vendorName", "Acme").put("model", "AC")))
        : c.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme").put("chargePointModel", "AC"));
    assertEquals("Accepted", boot.getJsonObject(2).getString("status"), boot.encode());
  }

  /** The charger's frames oldest first, once at least {@code atLeast} are written (batches take a moment). */
  private static JsonArray framesOf(String chargerId, int atLeast) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      Http.Result r = api.get("/cpms/v1/chargers/" + chargerId + "/ocpp-messages?order=asc&limit=500");
      assertEquals(200, r.status(), r.body().encode());
      JsonArray messages = r.data().getJsonArray("messages");
      if (messages.size() >= atLeast || System.currentTimeMillis() > deadline) {
        return messages;
      }
      Thread.sleep(50);
    }
  }

  private static JsonObject find(JsonArray frames, String direction, String type, String action) {
    return frames.stream().map(JsonObject.class::cast)
        .filter(f -> direction.equals(f.getString("direction")) && type.equals(f.getString("messageType"))
            && action.equals(f.getString("action")))
        .findFirst().orElseThrow(() -> new AssertionError(direction + " " + type + " " + action + " in " + frames.encode()));
  }

  private static HttpResponse<String> raw(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + voltgate.httpPort()
        + path)).header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String defaultNetwork() {
    return network;
  }

  private static boolean exists(String table) throws Exception {
    try (Connection c = VoltgateLifecycleTest.jdbc(voltgate.backends().pgUrl()); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = VoltgateLifecycleTest.jdbc(voltgate.backends().pgUrl()); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }
}
