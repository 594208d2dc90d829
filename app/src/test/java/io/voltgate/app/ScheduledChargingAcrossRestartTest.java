package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver's scheduled charge survives a restart and fires exactly once when two API nodes come
 * back: the schedule is made on node A, A stops before it is due, then a gateway node (holding the
 * charger's socket) and two API nodes start on the same Postgres and Redis. Both API nodes run the
 * scheduler; the Postgres lease lets one of them fire it, and the command crosses to the gateway node.
 */
@Timeout(240)
class ScheduledChargingAcrossRestartTest {

  private static final String KEY = "pk_cpms_live_5c4e0000000000000000000000000000";

  @TempDir
  Path dir;

  @Test
  void aScheduleMadeBeforeARestartFiresOnceWithTwoApiNodes() throws Exception {
    Backends shared = Backends.start(BackendOptions.from(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString()))));
    Vertx clients = Vertx.vertx();
    Voltgate a = null;
    Voltgate gateway = null;
    Voltgate api1 = null;
    Voltgate api2 = null;
    try {
      a = Voltgate.start(settings(shared, "all"), "node-sched-a");
      Http operator = new Http(a.httpPort(), KEY);
      String network = operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
      String appKey = key(operator, network);
      String location = created(operator.post("/cpms/v1/locations", new JsonObject().put("name", "Harbour Depot")));
      Http.Result registered = new Http(a.httpPort(), appKey).post("/emsp/v1/auth/driver/register", new JsonObject()
          .put("email", "ines-" + UUID.randomUUID() + "@example.com").put("password", "correct horse 1")
          .put("firstName", "Ines").put("lastName", "Test"));
      assertEquals(201, registered.status(), registered.body().encode());
      String accessToken = registered.data().getString("accessToken");
      String tokenUid = registered.data().getJsonObject("driver").getString("tokenUid");

      String id = "SCH-RESTART-" + UUID.randomUUID().toString().substring(0, 6);
      String chargerId;
      try (WsCharger cp = WsCharger.connect(clients, a.ocppPort(), id, "ocpp1.6")) {
        boot(cp);
        chargerId = operator.get("/cpms/v1/chargers?pageSize=100").body().getJsonArray("data").stream()
            .map(JsonObject.class::cast).filter(c -> id.equals(c.getString("uid"))).findFirst()
            .orElseThrow(() -> new AssertionError("charger " + id + " registered at boot")).getString("id");
        Http.Result placed = operator.call("PATCH", "/cpms/v1/chargers/" + chargerId,
            new JsonObject().put("locationUuid", location));
        assertEquals(200, placed.status(), placed.body().encode());
      }
      Instant due = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
      Http.Result made = new Http(a.httpPort(), appKey).asDriver(accessToken).post("/emsp/v1/charging/schedule",
          new JsonObject().put("chargerId", chargerId).put("connectorNumber", 1).put("scheduledTime", due.toString()));
      assertEquals(201, made.status(), made.body().encode());
      String scheduleId = made.data().getString("id");
      a.stop();
      a = null;

      gateway = Voltgate.start(settings(shared, "gateway"), "node-sched-gw");
      try (WsCharger cp = WsCharger.connect(clients, gateway.ocppPort(), id, "ocpp1.6")) {
        cp.answer("RemoteStartTransaction", new JsonObject().put("status", "Accepted"));
        boot(cp);
        api1 = Voltgate.start(settings(shared, "api"), "node-sched-api-1");
        api2 = Voltgate.start(settings(shared, "api"), "node-sched-api-2");
        Http driverOnApi2 = new Http(api2.httpPort(), appKey).asDriver(accessToken);
        JsonObject fired = poll(() -> schedule(driverOnApi2, scheduleId), s -> !"Pending".equals(s.getString("status"))
            && !"Firing".equals(s.getString("status")));
        assertEquals("Started", fired.getString("status"), fired.encode());
        assertFalse(Instant.parse(fired.getString("firedAt")).isBefore(due), fired.encode());
        // Both API nodes keep polling for due schedules: give them time to fire it twice if they could.
        Thread.sleep(3_000);
        var starts = cp.received().stream().filter(f -> "RemoteStartTransaction".equals(f.getString(2))).toList();
        assertEquals(1, starts.size(), "fired once across two API nodes: " + starts);
        assertEquals(tokenUid, starts.get(0).getJsonObject(3).getString("idTag"));
        Http driverOnApi1 = new Http(api1.httpPort(), appKey).asDriver(accessToken);
        assertEquals(fired.getString("firedAt"), schedule(driverOnApi1, scheduleId).getString("firedAt"));
      }
    } finally {
      for (Voltgate v : new Voltgate[] {api2, api1, gateway, a}) {
        if (v != null) {
          v.stop();
        }
      }
      WsCharger.await(clients.close());
      shared.close();
    }
  }

  private Settings settings(Backends shared, String role) {
    Map<String, String> s = new HashMap<>(Map.of("VOLTGATE_DATA_DIR", dir.toString(),
        "VOLTGATE_PG_URL", shared.pgUrl(), "VOLTGATE_REDIS_URL", shared.redisUrl(),
        "VOLTGATE_OCPP_PORT", "0", "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1",
        "VOLTGATE_BOOTSTRAP_API_KEY", KEY, "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register",
        "VOLTGATE_COMMAND_TIMEOUT_S", "5"));
    s.put("VOLTGATE_ROLE", role);
    return Settings.of(s);
  }

  private static void boot(WsCharger cp) {
    JsonArray answer = cp.call("BootNotification", new JsonObject().put("chargePointVendor", "V")
        .put("chargePointModel", "M"));
    assertEquals("Accepted", answer.getJsonObject(2).getString("status"));
  }

  private static String key(Http operator, String network) {
    Http.Result minted = operator.post("/cpms/v1/api-keys", new JsonObject().put("name", "App key")
        .put("apiFamily", "emsp").put("keyClass", "Publishable").put("networkIds", new JsonArray().add(network)));
    assertEquals(201, minted.status(), minted.body().encode());
    return minted.data().getString("key");
  }

  private static String created(Http.Result r) {
    assertEquals(201, r.status(), r.body().encode());
    return r.data().getString("id");
  }

  private static JsonObject schedule(Http driver, String id) {
    return driver.get("/emsp/v1/charging/schedules?pageSize=100").body().getJsonArray("data").stream()
        .map(JsonObject.class::cast).filter(s -> id.equals(s.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("schedule " + id + " listed"));
  }

  private static JsonObject poll(java.util.function.Supplier<JsonObject> read,
      java.util.function.Predicate<JsonObject> done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonObject last;
    do {
      last = read.get();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(200);
    } while (System.currentTimeMillis() < deadline);
    throw new AssertionError("not fired within 30 s; last: " + last);
  }
}
