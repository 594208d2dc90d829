package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.ChargerTransactions.Transaction;
import io.voltgate.app.support.ChargerTransactions.Tx16;
import io.voltgate.app.support.ChargerTransactions.Tx201;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.IdleTariffSession;
import static io.voltgate.app.support.ChargerCalls.awaitCall;
import static io.voltgate.app.support.ChargerCalls.lastCall;
import static io.voltgate.app.support.ChargerCalls.poll;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.services.billing.PriceBreakdown;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.query.ChargingScheduleQueries;
import io.voltgate.store.query.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver charges through {@code /emsp/v1/charging} against a real charger socket, on OCPP 1.6 and
 * 2.0.1: the driver registers in the app, starts charging (the charger receives the remote start,
 * accepts and confirms the transaction), watches live power, state of charge and idle time, stops
 * (the charger receives the remote stop and reports it), and the stop's answer carries the costs the
 * pricing engine computes for exactly those readings — the CDR's. Refusals, an offline charger, a
 * silent one, someone else's token or session, and a stop the charger never reports are answered
 * in the seed's shapes, never as a 5xx.
 *
 * <p>Tariff (network-wide): 0.30/kWh, 1.20/h charging time, 0.50 session fee, idle 6/h after 5
 * minutes, 10 % tax. Session: 40 minutes, 12 kWh over the first 30, then the power drops to 0 W:
 * energy 3.60, time 0.60, session 0.50, idle 5 billable minutes 0.50 → subtotal 5.20, tax 0.52,
 * total 5.72.
 */
@Timeout(240)
class DriverChargingEndToEndTest {

  private static final String KEY = "pk_cpms_live_d41e0000000000000000000000000000";
  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static Http operator;
  private static Http backEnd;
  private static Http app;
  private static String location;
  private static String currency;

  @BeforeAll
  static void start() {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register", "VOLTGATE_COMMAND_TIMEOUT_S", "3")), "node-driver-charging");
    clients = Vertx.vertx();
    operator = new Http(voltgate.httpPort(), KEY);
    String network = operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
    backEnd = new Http(voltgate.httpPort(), key(network, "ServerSide"));
    app = new Http(voltgate.httpPort(), key(network, "Publishable"));
    String tariff = IdleTariffSession.createTariff(operator, "Driver AC");
    location = created(operator.post("/cpms/v1/locations", new JsonObject().put("name", "Isla Verde Mall")));
    currency = operator.get("/cpms/v1/tariffs/" + tariff).data().getString("currency");
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    voltgate.stop();
  }

  private static String key(String network, String keyClass) {
    Http.Result minted = operator.post("/cpms/v1/api-keys", new JsonObject().put("name", keyClass + " key")
        .put("apiFamily", "emsp").put("keyClass", keyClass).put("networkIds", new JsonArray().add(network)));
    assertEquals(201, minted.status(), minted.body().encode());
    return minted.data().getString("key");
  }

  private static String created(Http.Result r) {
    assertEquals(201, r.status(), r.body().encode());
    return r.data().getString("id");
  }

  /** A driver registered in the app: their access token (as an {@link Http}) and their app token's uid. */
  private record Driver(Http api, String tokenUid) {
  }

  private static Driver register(String name) {
    Http.Result r = app.post("/emsp/v1/auth/driver/register", new JsonObject()
        .put("email", name + "-" + UUID.randomUUID() + "@example.com").put("password", "correct horse 1")
        .put("firstName", name).put("lastName", "Test"));
    assertEquals(201, r.status(), r.body().encode());
    return new Driver(app.asDriver(r.data().getString("accessToken")),
        r.data().getJsonObject("driver").getString("tokenUid"));
  }

  /** Connects and boots a charger, places it at the published location; its UUID. */
  private static String placed(WsCharger cp, String id, boolean v201) {
    JsonObject boot = v201
        ? new JsonObject().put("reason", "PowerUp").put("chargingStation", new JsonObject().put("model", "M")
            .put("vendorName", "V"))
        : new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M");
    assertEquals("Accepted", cp.call("BootNotification", boot).getJsonObject(2).getString("status"));
    String uuid = chargerUuid(id);
    Http.Result moved = operator.call("PATCH", "/cpms/v1/chargers/" + uuid, new JsonObject().put("locationUuid", location));
    assertEquals(200, moved.status(), moved.body().encode());
    return uuid;
  }

  /** The charger's UUID, as the network's back end finds it by its uid. */
  private static String chargerUuid(String cp) {
    return backEnd.get("/emsp/v1/chargers?pageSize=100").body().getJsonArray("data").stream()
        .map(JsonObject.class::cast).filter(c -> cp.equals(c.getString("uid"))).findFirst()
        .orElseThrow(() -> new AssertionError("charger " + cp + " registered at boot")).getString("id");
  }

  private static JsonObject startBody(String chargerId) {
    return new JsonObject().put("chargerId", chargerId).put("connectorNumber", 1);
  }

  @Test
  void aDriverChargesOnOcpp16AndTheStopAnswersTheEnginesCosts() throws Exception {
    chargeAndStop("DRV-16-" + UUID.randomUUID().toString().substring(0, 6), false);
  }

  @Test
  void aDriverChargesOnOcpp201AndTheStopAnswersTheEnginesCosts() throws Exception {
    chargeAndStop("DRV-201-" + UUID.randomUUID().toString().substring(0, 6), true);
  }

  private void chargeAndStop(String id, boolean v201) throws Exception {
    Driver maya = register("Maya");
    Driver leo = register("Leo");
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, v201 ? "ocpp2.0.1" : "ocpp1.6")) {
      String chargerId = placed(cp, id, v201);
      String startAction = v201 ? "RequestStartTransaction" : "RemoteStartTransaction";
      String stopAction = v201 ? "RequestStopTransaction" : "RemoteStopTransaction";
      cp.answer(startAction, new JsonObject().put("status", "Accepted"))
          .answer(stopAction, new JsonObject().put("status", "Accepted"));

      // GIVEN the app starts charging with the driver's own token (none named: the app token).
      Http.Result started = maya.api().post("/emsp/v1/charging/start", startBody(chargerId));
      assertEquals(200, started.status(), started.body().encode());
      JsonObject seed = started.data();
      assertEquals("Accepted", seed.getString("status"), seed.encode());
      assertEquals(seed.getString("id"), seed.getString("correlationId"));
      assertNull(seed.getString("sessionId"), "the session exists once the charger confirms");
      assertEquals(chargerId, seed.getString("chargerId"));
      assertEquals(1, seed.getInteger("connectorNumber"));
      JsonObject remoteStart = lastCall(cp, startAction);
      String sentTag = v201 ? remoteStart.getJsonObject("idToken").getString("idToken") : remoteStart.getString("idTag");
      assertEquals(maya.tokenUid(), sentTag);
      assertEquals(1, v201 ? remoteStart.getInteger("evseId") : remoteStart.getInteger("connectorId"));

      // WHEN the charger confirms and meters: 12 kWh in 30 minutes, then 0 W for 10 minutes.
      Instant t0 = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
      Transaction tx = v201 ? new Tx201(cp, maya.tokenUid()) : new Tx16(cp, maya.tokenUid());
      tx.start(t0, 1000);
      tx.meter(t0.plus(15, ChronoUnit.MINUTES), 7000, 11000, 40);
      String sessionId = awaitOne(maya.api(), "/emsp/v1/charging/sessions?status=ACTIVE&chargerId=" + chargerId)
          .getString("id");
      JsonObject charging = poll(() -> maya.api().get("/emsp/v1/charging/sessions/" + sessionId).data(),
          d -> Double.valueOf(11.0).equals(d.getDouble("currentPowerKw")));
      assertEquals(40.0, charging.getDouble("currentSocPercent"));
      assertFalse(charging.getBoolean("isInIdleState"), charging.encode());
      assertEquals("ACTIVE", charging.getString("status"));
      assertEquals(maya.tokenUid(), charging.getString("idTag"));
      assertEquals(7000.0, charging.getDouble("currentMeterValue"), charging.encode());
      assertTrue(charging.getJsonObject("costs").getBoolean("isEstimate"));
      tx.meter(t0.plus(30, ChronoUnit.MINUTES), 13000, 0, 80);
      JsonObject idle = poll(() -> maya.api().get("/emsp/v1/charging/sessions/" + sessionId).data(),
          d -> d.getBoolean("isInIdleState"));
      assertEquals(80.0, idle.getDouble("currentSocPercent"));
      assertTrue(idle.getLong("idleTimeSeconds") >= 590, idle.encode());
      assertEquals("Isla Verde Mall", idle.getString("locationName"));
      assertEquals(id, idle.getString("chargerUid"));
      // The running estimate: 12 kWh (3.60), 30 charging minutes (0.60), the session fee, and idle time
      // so far (10 minutes since the power dropped: 5 billable, 0.50, growing until the stop).
      JsonObject running = idle.getJsonObject("costs");
      assertTrue(running.getBoolean("isEstimate"));
      assertEquals(0.5, running.getDouble("sessionFees"));
      assertEquals(0.6, running.getDouble("timeFees"), running.encode());
      assertTrue(running.getDouble("idleFees") >= 0.5, running.encode());
      assertEquals(12.0, idle.getDouble("energyDeliveredKwh"));

      // Another driver neither sees nor stops Maya's session.
      assertEquals(404, leo.api().get("/emsp/v1/charging/sessions/" + sessionId).status());
      assertEquals(0, leo.api().get("/emsp/v1/charging/sessions").body().getJsonArray("data").size());
      assertEquals(404, leo.api().post("/emsp/v1/charging/stop", new JsonObject().put("sessionId", sessionId)).status());
      // Nor starts with her token.
      Http.Result foreign = leo.api().post("/emsp/v1/charging/start", startBody(chargerId).put("idTag", maya.tokenUid()));
      assertEquals(403, foreign.status(), foreign.body().encode());
      assertEquals("token_not_owned", foreign.body().getString("error"));

      // THEN the stop waits for the charger's report and answers the final session with its costs.
      CompletableFuture<Http.Result> stopping = CompletableFuture.supplyAsync(
          () -> maya.api().post("/emsp/v1/charging/stop", new JsonObject().put("sessionId", sessionId)));
      JsonObject remoteStop = awaitCall(cp, stopAction);
      Instant end = t0.plus(40, ChronoUnit.MINUTES);
      tx.stop(remoteStop, end, 13000);
      Http.Result stopped = stopping.get();
      assertEquals(200, stopped.status(), stopped.body().encode());
      JsonObject fin = stopped.data();
      assertEquals("Completed", fin.getString("stopStatus"), fin.encode());
      assertEquals("COMPLETED", fin.getString("status"));
      assertEquals(12.0, fin.getDouble("energyDeliveredKwh"));
      assertEquals(2400, fin.getLong("durationSeconds"));
      assertEquals(1000.0, fin.getDouble("startMeterValue"));
      assertEquals(13000.0, fin.getDouble("endMeterValue"));
      assertFalse(fin.getBoolean("isInIdleState"));
      assertEquals(600, fin.getLong("idleTimeSeconds"));

      PriceBreakdown engine = IdleTariffSession.enginePrice(currency, t0);
      JsonObject costs = fin.getJsonObject("costs");
      assertFalse(costs.getBoolean("isEstimate"));
      assertEquals(engine.subtotal().doubleValue(), costs.getDouble("subtotal"), costs.encode());
      assertEquals(engine.tax().doubleValue(), costs.getDouble("taxes"));
      assertEquals(engine.sessionFee().doubleValue(), costs.getDouble("sessionFees"));
      assertEquals(engine.idleFee().doubleValue(), costs.getDouble("idleFees"));
      assertEquals(engine.timeCost().doubleValue(), costs.getDouble("timeFees"));
      assertEquals(engine.total().doubleValue(), costs.getDouble("total"));
      assertEquals(engine.total().doubleValue(), fin.getDouble("total"));
      assertEquals(currency, costs.getString("currency"));
      // The hand-computed price of the class comment, and the CDR's.
      assertEquals(5.20, costs.getDouble("subtotal"));
      assertEquals(5.72, costs.getDouble("total"));
      JsonObject cdr = operator.get("/cpms/v1/transactions?chargerId=" + chargerId).body().getJsonArray("data")
          .getJsonObject(0);
      assertEquals(5.72, cdr.getDouble("amount"), cdr.encode());
      JsonObject listed = maya.api().get("/emsp/v1/charging/sessions").body().getJsonArray("data").getJsonObject(0);
      assertEquals(sessionId, listed.getString("id"));
      assertEquals(5.72, listed.getDouble("total"));
      assertEquals("COMPLETED", listed.getString("status"));
      // A back end of the network sees it too; stopping again answers the same final session.
      assertEquals(5.72, backEnd.get("/emsp/v1/charging/sessions/" + sessionId).data().getJsonObject("costs")
          .getDouble("total"));
      Http.Result again = maya.api().post("/emsp/v1/charging/stop", new JsonObject().put("sessionId", sessionId));
      assertEquals(200, again.status());
      assertEquals(5.72, again.data().getJsonObject("costs").getDouble("total"));
    }
  }

  @Test
  void refusalsOfflineAndSilentChargersAreStatusesNotErrors() throws Exception {
    Driver ana = register("Ana");
    String id = "DRV-REF-" + UUID.randomUUID().toString().substring(0, 6);
    String chargerId;
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, "ocpp1.6")) {
      chargerId = placed(cp, id, false);
      cp.answer("RemoteStartTransaction", new JsonObject().put("status", "Rejected"));
      Http.Result rejected = ana.api().post("/emsp/v1/charging/start", startBody(chargerId));
      assertEquals(200, rejected.status(), rejected.body().encode());
      assertEquals("Rejected", rejected.data().getString("status"));
      assertNotNull(rejected.data().getString("message"));

      // No answer at all: Timeout after the command timeout (3 s here).
      cp.answer("RemoteStartTransaction", null);
      Http.Result silent = ana.api().post("/emsp/v1/charging/start", startBody(chargerId));
      assertEquals(200, silent.status(), silent.body().encode());
      assertEquals("Timeout", silent.data().getString("status"));
    }
    Http.Result offline = poll(() -> ana.api().post("/emsp/v1/charging/start", startBody(chargerId)),
        r -> "Offline".equals(r.data().getString("status")));
    assertEquals(200, offline.status());

    assertEquals(404, ana.api().post("/emsp/v1/charging/start", startBody(UUID.randomUUID().toString())).status());
    assertEquals(400, ana.api().post("/emsp/v1/charging/start", new JsonObject().put("chargerId", chargerId)).status());
    assertEquals(400, ana.api().post("/emsp/v1/charging/start", startBody("not-a-uuid")).status());
    assertEquals(404, ana.api().post("/emsp/v1/charging/stop", new JsonObject()
        .put("sessionId", UUID.randomUUID().toString())).status());
    assertEquals(400, ana.api().get("/emsp/v1/charging/sessions?status=RUNNING").status());
    assertEquals(404, ana.api().get("/emsp/v1/charging/sessions/" + UUID.randomUUID()).status());
    // A back end must name the token, and it must be one of its network's.
    Http.Result noTag = backEnd.post("/emsp/v1/charging/start", startBody(chargerId));
    assertEquals(400, noTag.status(), noTag.body().encode());
    assertEquals("idTag", noTag.body().getString("field"), noTag.body().encode());
    assertEquals(400, backEnd.post("/emsp/v1/charging/start", startBody(chargerId).put("idTag", "NOBODY")).status());
    assertEquals("Offline", backEnd.post("/emsp/v1/charging/start", startBody(chargerId).put("idTag", ana.tokenUid()))
        .data().getString("status"));
    assertEquals(401, app.post("/emsp/v1/charging/start", startBody(chargerId)).status(), "an app key needs the driver");
  }

  @Test
  void aStopTheChargerNeverReportsAnswersPendingWithWhereToPoll() throws Exception {
    Driver eva = register("Eva");
    String id = "DRV-PND-" + UUID.randomUUID().toString().substring(0, 6);
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, "ocpp1.6")) {
      String chargerId = placed(cp, id, false);
      cp.answer("RemoteStartTransaction", new JsonObject().put("status", "Accepted"))
          .answer("RemoteStopTransaction", new JsonObject().put("status", "Accepted"));
      assertEquals("Accepted", eva.api().post("/emsp/v1/charging/start", startBody(chargerId)).data().getString("status"));
      new Tx16(cp, eva.tokenUid()).start(Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS), 0);
      String sessionId = awaitOne(eva.api(), "/emsp/v1/charging/sessions?status=ACTIVE").getString("id");

      Http.Result pending = eva.api().post("/emsp/v1/charging/stop", new JsonObject().put("sessionId", sessionId));
      assertEquals(202, pending.status(), pending.body().encode());
      assertEquals("Pending", pending.data().getString("stopStatus"));
      assertEquals("ACTIVE", pending.data().getString("status"));
      assertEquals("/emsp/v1/charging/sessions/" + sessionId, pending.data().getString("pollUrl"));

      cp.answer("RemoteStopTransaction", new JsonObject().put("status", "Rejected"));
      Http.Result refused = eva.api().post("/emsp/v1/charging/stop", new JsonObject().put("sessionId", sessionId));
      assertEquals(200, refused.status(), refused.body().encode());
      assertEquals("Rejected", refused.data().getString("stopStatus"));
    }
  }

  @Test
  void aScheduledChargeFiresOnceAtItsTimeAndACancelledOneNever() throws Exception {
    Driver zoe = register("Zoe");
    Driver leo = register("Leo");
    String id = "DRV-SCH-" + UUID.randomUUID().toString().substring(0, 6);
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, "ocpp1.6")) {
      String chargerId = placed(cp, id, false);
      cp.answer("RemoteStartTransaction", new JsonObject().put("status", "Accepted"));
      Http.Result past = zoe.api().post("/emsp/v1/charging/schedule", startBody(chargerId)
          .put("scheduledTime", Instant.now().minusSeconds(60).toString()));
      assertEquals(400, past.status(), past.body().encode());
      assertEquals("scheduledTime", past.body().getString("field"));
      assertEquals(404, zoe.api().post("/emsp/v1/charging/schedule", startBody(UUID.randomUUID().toString())
          .put("scheduledTime", Instant.now().plusSeconds(60).toString())).status());

      Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
      Http.Result made = zoe.api().post("/emsp/v1/charging/schedule", startBody(chargerId)
          .put("scheduledTime", at.toString()));
      assertEquals(201, made.status(), made.body().encode());
      JsonObject schedule = made.data();
      assertEquals("Pending", schedule.getString("status"));
      assertEquals(at.toString(), schedule.getString("scheduledTime"));
      assertNull(schedule.getString("firedAt"));
      String cancelledId = created(zoe.api().post("/emsp/v1/charging/schedule", startBody(chargerId)
          .put("scheduledTime", at.toString())));
      assertEquals(404, leo.api().call("DELETE", "/emsp/v1/charging/schedule/" + cancelledId, null).status());
      assertEquals(0, leo.api().get("/emsp/v1/charging/schedules").body().getJsonArray("data").size());
      Http.Result cancelled = zoe.api().call("DELETE", "/emsp/v1/charging/schedule/" + cancelledId, null);
      assertEquals(200, cancelled.status(), cancelled.body().encode());
      assertEquals("Cancelled", cancelled.data().getString("status"));
      assertEquals(409, zoe.api().call("DELETE", "/emsp/v1/charging/schedule/" + cancelledId, null).status());

      JsonObject fired = poll(() -> scheduleOf(zoe, schedule.getString("id")),
          s -> "Started".equals(s.getString("status")));
      assertNotNull(fired.getString("firedAt"));
      assertFalse(Instant.parse(fired.getString("firedAt")).isBefore(at), fired.encode());
      assertNull(fired.getString("statusReason"));
      Thread.sleep(1500);
      List<JsonArray> starts = cp.received().stream().filter(f -> "RemoteStartTransaction".equals(f.getString(2)))
          .toList();
      assertEquals(1, starts.size(), "fired once; the cancelled schedule never: " + starts);
      assertEquals(zoe.tokenUid(), starts.get(0).getJsonObject(3).getString("idTag"));
      assertEquals("Cancelled", scheduleOf(zoe, cancelledId).getString("status"));
      assertEquals(2, zoe.api().get("/emsp/v1/charging/schedules").body().getJsonArray("data").size());
    }
    // A charger gone offline: the schedule fails with the reason.
    String chargerId = chargerUuid(id);
    String offline = created(zoe.api().post("/emsp/v1/charging/schedule", startBody(chargerId)
        .put("scheduledTime", Instant.now().plusSeconds(1).toString())));
    JsonObject failed = poll(() -> scheduleOf(zoe, offline), s -> "Failed".equals(s.getString("status")));
    assertEquals("Charger offline", failed.getString("statusReason"));
  }

  @Test
  void concurrentSchedulersClaimEachDueScheduleExactlyOnce() throws Exception {
    Driver kai = register("Kai");
    String id = "DRV-ONCE-" + UUID.randomUUID().toString().substring(0, 6);
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), id, "ocpp1.6")) {
      UUID chargerId = UUID.fromString(placed(cp, id, false));
      cp.answer("RemoteStartTransaction", new JsonObject().put("status", "Accepted"));
      Pool pg = PgClients.pool(clients, voltgate.backends().pgUrl(), 4);
      try {
        ChargingScheduleQueries queries = new ChargingScheduleQueries(pg);
        UUID network = UUID.fromString(operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0)
            .getString("id"));
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1);
        Set<UUID> all = new HashSet<>();
        for (int i = 0; i < 60; i++) {
          all.add(WsCharger.await(queries.create(network, null, chargerId, 1, kai.tokenUid(), due)).id());
        }
        // Two more "nodes" race the server's own scheduler for the same rows.
        CompletableFuture<Set<UUID>> a = CompletableFuture.supplyAsync(() -> claimAll(queries, "test-node-a", due));
        CompletableFuture<Set<UUID>> b = CompletableFuture.supplyAsync(() -> claimAll(queries, "test-node-b", due));
        Set<UUID> byA = a.get();
        Set<UUID> byB = b.get();
        Set<UUID> both = new HashSet<>(byA);
        both.retainAll(byB);
        assertTrue(both.isEmpty(), "claimed by two nodes: " + both);
        int byServer = all.size() - byA.size() - byB.size();
        assertTrue(byServer > 0 && !byA.isEmpty() && !byB.isEmpty(),
            "each claimer took a share: a " + byA.size() + ", b " + byB.size() + ", server " + byServer);
        // The server records an outcome for each of its share, once; the claims of the test nodes stay theirs.
        Scope everything = Scope.unrestricted();
        Map<String, Long> outcomes = poll(() -> all.stream().filter(s -> !byA.contains(s) && !byB.contains(s))
            .map(s -> WsCharger.await(queries.find(everything, s)).orElseThrow())
            .collect(Collectors.groupingBy(ChargingScheduleQueries.Schedule::status, Collectors.counting())),
            m -> m.getOrDefault("Started", 0L) + m.getOrDefault("Failed", 0L) == byServer);
        Set<UUID> byTestNodes = new HashSet<>(byA);
        byTestNodes.addAll(byB);
        for (UUID s : byTestNodes) {
          assertEquals("Firing", WsCharger.await(queries.find(everything, s)).orElseThrow().status());
        }
        // Sent all at once, some of 50 starts for one charger find its command queue full (Busy: not
        // sent, Failed); every start the charger received is a Started schedule, none twice.
        Thread.sleep(1500);
        assertEquals(outcomes.getOrDefault("Started", 0L), cp.received().stream()
            .filter(f -> "RemoteStartTransaction".equals(f.getString(2))).count(), outcomes.toString());
      } finally {
        WsCharger.await(pg.close());
      }
    }
  }

  /** Claims due schedules for {@code node}, one at a time, until none is left two seconds after {@code due}. */
  private static Set<UUID> claimAll(ChargingScheduleQueries queries, String node, OffsetDateTime due) {
    Set<UUID> mine = new HashSet<>();
    while (true) {
      List<ChargingScheduleQueries.Due> got = WsCharger.await(queries.claimDue(node, Duration.ofMinutes(5), 1));
      got.forEach(d -> assertTrue(mine.add(d.schedule().id()), "claimed twice by one node"));
      if (got.isEmpty() && OffsetDateTime.now(ZoneOffset.UTC).isAfter(due.plusSeconds(2))) {
        return mine;
      }
      try {
        // Slower than the server's scheduler (50 a round each second), so all three take a share.
        Thread.sleep(got.isEmpty() ? 10 : 100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return mine;
      }
    }
  }

  private static JsonObject scheduleOf(Driver d, String id) {
    return d.api().get("/emsp/v1/charging/schedules?pageSize=100").body().getJsonArray("data").stream()
        .map(JsonObject.class::cast).filter(s -> id.equals(s.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("schedule " + id + " listed"));
  }

  // --- waiting

  /** The only item of a list, once there is exactly one. */
  private static JsonObject awaitOne(Http api, String path) {
    return poll(() -> api.get(path).body().getJsonArray("data"), list -> list != null && list.size() == 1)
        .getJsonObject(0);
  }
}
