package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import java.io.BufferedReader;
import java.io.InputStream;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drivers reserve a connector through {@code /emsp/v1/reservations} on a real charger socket, OCPP
 * 1.6 and 2.0.1: the charger receives ReserveNow and its answer is the reservation's status (a
 * refusal is a clear status, not an error); a reservation expires (1.6 by time, 2.0.1 by the
 * charger's ReservationStatusUpdate), is cancelled (CancelReservation) or used by a start; another
 * driver neither sees nor cancels it, and on 1.6 cannot start on the reserved connector. Every
 * change reaches the event stream.
 */
@Timeout(180)
class DriverReservationEndToEndTest {

  private static final String KEY = "pk_cpms_live_5e5e0000000000000000000000000000";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static String network;
  private static Http backEnd;
  private static String appKey;

  @BeforeAll
  static void start() {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register")), "node-reservations");
    clients = Vertx.vertx();
    Http operator = new Http(voltgate.httpPort(), KEY);
    network = operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
    backEnd = new Http(voltgate.httpPort(), mint(operator, new JsonObject()));
    appKey = mint(operator, new JsonObject().put("keyClass", "Publishable"));
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    voltgate.stop();
  }

  @Test
  void reservationsOnOcpp16() throws Exception {
    Driver ana = driver("Ana");
    Driver leo = driver("Leo");
    try (WsCharger cp = booted16("RES-16")) {
      String charger = reservable(cp, "RES-16");

      // Accepted: the charger got ReserveNow for Ana's token.
      JsonObject held = ana.accepted(charger);
      assertEquals("RES-16", held.getString("chargerName"));
      assertEquals(1, held.getInteger("connectorNumber"));
      JsonObject reserveNow = lastCall(cp, "ReserveNow");
      assertEquals(ana.tokenUid, reserveNow.getString("idTag"));
      assertEquals(1, reserveNow.getInteger("connectorId"));
      assertNotNull(reserveNow.getInteger("reservationId"));
      String id = held.getString("id");
      awaitEvent(id, "created");

      // One active reservation per driver; bad input is 4xx.
      ana.reserve(charger, 1, Instant.now().plusSeconds(600), 409);
      ana.reserve(charger, 1, Instant.now().minusSeconds(5), 400);
      ana.reserve(charger, 1, Instant.now().plus(Duration.ofHours(3)), 400);
      ana.reserve(UUID.randomUUID().toString(), 1, Instant.now().plusSeconds(600), 404);
      ana.reserve(charger, 9, Instant.now().plusSeconds(600), 404);

      // Isolation: Leo neither sees nor cancels it; the back end of the network sees it.
      assertEquals(404, leo.call("GET", "/emsp/v1/reservations/" + id, null).status());
      assertEquals(404, leo.call("DELETE", "/emsp/v1/reservations/" + id, null).status());
      assertEquals(0, leo.call("GET", "/emsp/v1/reservations", null).body().getJsonArray("data").size());
      assertEquals(200, backEnd.get("/emsp/v1/reservations/" + id).status());
      assertTrue(backEnd.get("/emsp/v1/reservations?pageSize=100").body().getJsonArray("data").stream()
          .anyMatch(r -> id.equals(((JsonObject) r).getString("id"))), "the back end lists its network's reservations");
      assertEquals(1, ana.call("GET", "/emsp/v1/reservations", null).body().getJsonArray("data").size());

      // Leo's start on Ana's reserved connector is refused (1.6 StartTransaction).
      JsonObject leoStart = cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
          .put("idTag", leo.tokenUid).put("meterStart", 0).put("timestamp", Instant.now().toString())).getJsonObject(2);
      assertEquals("Invalid", leoStart.getJsonObject("idTagInfo").getString("status"), leoStart.encode());

      // Cancelled: CancelReservation reaches the charger.
      Http.Result cancelled = ana.call("DELETE", "/emsp/v1/reservations/" + id, null);
      assertEquals(200, cancelled.status(), cancelled.body().encode());
      assertEquals("Cancelled", cancelled.data().getString("status"));
      assertNotNull(cancelled.data().getString("cancelledAt"));
      assertEquals(reserveNow.getInteger("reservationId"), lastCall(cp, "CancelReservation").getInteger("reservationId"));
      assertEquals(409, ana.call("DELETE", "/emsp/v1/reservations/" + id, null).status());
      awaitEvent(id, "cancelled");

      // Expired by time: a 1.6 charger says nothing, the expiry decides.
      String shortOne = ana.reserve(charger, 1, Instant.now().plusSeconds(2), 201).getString("id");
      Thread.sleep(2_500);
      assertEquals("Expired", ana.call("GET", "/emsp/v1/reservations/" + shortOne, null).data().getString("status"));
      awaitEvent(shortOne, "expired");

      // Used: Ana's StartTransaction naming the reservation.
      JsonObject used = ana.accepted(charger);
      JsonObject anaStart = cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
          .put("idTag", ana.tokenUid).put("meterStart", 0).put("timestamp", Instant.now().toString())
          .put("reservationId", lastCall(cp, "ReserveNow").getInteger("reservationId"))).getJsonObject(2);
      assertEquals("Accepted", anaStart.getJsonObject("idTagInfo").getString("status"), anaStart.encode());
      assertEquals("Used", ana.call("GET", "/emsp/v1/reservations/" + used.getString("id"), null).data()
          .getString("status"));
      awaitEvent(used.getString("id"), "used");

      // Refused by the charger: a clear status and reason, not an error.
      cp.answer("ReserveNow", new JsonObject().put("status", "Occupied"));
      JsonObject refused = ana.reserve(charger, 1, Instant.now().plusSeconds(600), 201);
      assertEquals("Occupied", refused.getString("status"));
      assertTrue(refused.getString("statusReason").contains("Occupied"), refused.encode());
      // A refused reservation does not count as active.
      cp.answer("ReserveNow", new JsonObject().put("status", "Accepted"));
      ana.accepted(charger);
    }
  }

  @Test
  void reservationsOnOcpp201() throws Exception {
    Driver eva = driver("Eva");
    Driver max = driver("Max");
    try (WsCharger cp = booted201("RES-201")) {
      String charger = reservable(cp, "RES-201");

      // Accepted, then expired by the charger's ReservationStatusUpdate.
      JsonObject held = eva.accepted(charger);
      JsonObject reserveNow = lastCall(cp, "ReserveNow");
      assertEquals(eva.tokenUid, reserveNow.getJsonObject("idToken").getString("idToken"));
      assertEquals("Central", reserveNow.getJsonObject("idToken").getString("type"), "an app token");
      assertEquals(1, reserveNow.getInteger("evseId"));
      assertEquals(404, max.call("GET", "/emsp/v1/reservations/" + held.getString("id"), null).status());
      assertEquals(404, max.call("DELETE", "/emsp/v1/reservations/" + held.getString("id"), null).status());
      JsonArray update = cp.call("ReservationStatusUpdate", new JsonObject().put("reservationId", reserveNow.getInteger("id"))
          .put("reservationUpdateStatus", "Expired"));
      assertEquals(3, update.getInteger(0), update.encode());
      assertEquals("Expired", eva.call("GET", "/emsp/v1/reservations/" + held.getString("id"), null).data()
          .getString("status"));
      awaitEvent(held.getString("id"), "expired");

      // Cancelled.
      String second = eva.accepted(charger).getString("id");
      Http.Result cancelled = eva.call("DELETE", "/emsp/v1/reservations/" + second, null);
      assertEquals(200, cancelled.status(), cancelled.body().encode());
      assertEquals("Cancelled", cancelled.data().getString("status"));
      assertEquals(lastCall(cp, "ReserveNow").getInteger("id"), lastCall(cp, "CancelReservation").getInteger("reservationId"));

      // Refused by the charger.
      cp.answer("ReserveNow", new JsonObject().put("status", "Rejected"));
      JsonObject refused = eva.reserve(charger, 1, Instant.now().plusSeconds(600), 201);
      assertEquals("Rejected", refused.getString("status"));
      assertEquals("Rejected by charger (Rejected)", refused.getString("statusReason"));
      awaitEvent(refused.getString("id"), "created");
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** A registered driver with the access token and app token (idTag) the registration gave. */
  private record Driver(String accessToken, String tokenUid) {

    Http.Result call(String method, String path, JsonObject body) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + voltgate.httpPort() + path))
          .timeout(Duration.ofSeconds(60)).header("X-API-Key", appKey).header("Authorization", "Bearer " + accessToken)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body.encode()));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      try {
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Result(r.statusCode(), r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** Reserves connector 1 for ten minutes, which the charger accepts; the reservation. */
    JsonObject accepted(String chargerId) {
      JsonObject held = reserve(chargerId, 1, Instant.now().plusSeconds(600), 201);
      assertEquals("Accepted", held.getString("status"), held.encode());
      return held;
    }

    /** Reserves and checks the status code; the reservation (or the error body). */
    JsonObject reserve(String chargerId, int connector, Instant expiry, int expected) {
      Http.Result r = call("POST", "/emsp/v1/reservations", new JsonObject().put("chargerId", chargerId)
          .put("connectorNumber", connector).put("expiryDate", expiry.toString()));
      assertEquals(expected, r.status(), r.body().encode());
      if (expected >= 400) {
        assertEquals(expected, r.body().getInteger("status"), r.body().encode());
        assertNotNull(r.body().getString("code"), r.body().encode());
        return r.body();
      }
      return r.data();
    }
  }

  private static Driver driver(String firstName) {
    Http.Result r = new Http(voltgate.httpPort(), appKey).post("/emsp/v1/auth/driver/register", new JsonObject()
        .put("email", firstName.toLowerCase() + "-" + UUID.randomUUID() + "@example.com")
        .put("password", "correct horse 1").put("firstName", firstName).put("lastName", "Rivera"));
    assertEquals(201, r.status(), r.body().encode());
    return new Driver(r.data().getString("accessToken"), r.data().getJsonObject("driver").getString("tokenUid"));
  }

  private static String mint(Http operator, JsonObject extra) {
    Http.Result minted = operator.post("/cpms/v1/api-keys", extra.put("name", "reservations " + UUID.randomUUID())
        .put("apiFamily", "emsp").put("networkIds", new JsonArray().add(network)));
    assertEquals(201, minted.status(), minted.body().encode());
    return minted.data().getString("key");
  }

  private static WsCharger booted16(String cp) {
    WsCharger c = WsCharger.connect(clients, voltgate.ocppPort(), cp, "ocpp1.6");
    assertEquals("Accepted", c.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme")
        .put("chargePointModel", "AC")).getJsonObject(2).getString("status"));
    c.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError")
        .put("status", "Available"));
    return c;
  }

  private static WsCharger booted201(String cp) {
    WsCharger c = WsCharger.connect(clients, voltgate.ocppPort(), cp, "ocpp2.0.1");
    assertEquals("Accepted", c.call("BootNotification", new JsonObject().put("reason", "PowerUp")
        .put("chargingStation", new JsonObject().put("vendorName", "Acme").put("model", "AC")))
        .getJsonObject(2).getString("status"));
    c.call("StatusNotification", new JsonObject().put("timestamp", Instant.now().toString())
        .put("connectorStatus", "Available").put("evseId", 1).put("connectorId", 1));
    return c;
  }

  /** The charger, published, accepting ReserveNow and CancelReservation; its id. */
  private static String reservable(WsCharger cp, String chargePointId) throws Exception {
    cp.answer("ReserveNow", new JsonObject().put("status", "Accepted"));
    cp.answer("CancelReservation", new JsonObject().put("status", "Accepted"));
    return publish(chargePointId);
  }

  /**
   * Puts the (auto-registered) charger at a published location, so drivers may reserve it, once its
   * connector row exists (statuses reach Postgres in batches); its id.
   */
  private static String publish(String cp) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    try (Connection c = VoltgateLifecycleTest.jdbc(voltgate.backends().pgUrl()); Statement st = c.createStatement()) {
      while (true) {
        try (ResultSet rs = st.executeQuery("SELECT ch.id FROM connectors k JOIN chargers ch ON ch.id = k.charger_id"
            + " WHERE ch.charge_point_id = '" + cp + "'")) {
          if (rs.next()) {
            String charger = rs.getString(1);
            String location = UUID.randomUUID().toString();
            st.executeUpdate("INSERT INTO locations (id, network_id, name) SELECT '" + location + "', network_id, '"
                + cp + " site' FROM chargers WHERE id = '" + charger + "'");
            st.executeUpdate("UPDATE chargers SET location_id = '" + location + "' WHERE id = '" + charger + "'");
            return charger;
          }
        }
        assertTrue(System.currentTimeMillis() < deadline, "connector row of " + cp);
        Thread.sleep(50);
      }
    }
  }

  /** The payload of the last CSMS call of this action the charger received. */
  private static JsonObject lastCall(WsCharger cp, String action) {
    JsonObject last = null;
    for (JsonArray f : cp.received()) {
      if (action.equals(f.getString(2))) {
        last = f.getJsonObject(3);
      }
    }
    assertNotNull(last, action + " received");
    return last;
  }

  /** Waits (20 s: expiries are swept every 5 s) for the reservation's change on the back end's event stream (SSE, from the start). */
  private static void awaitEvent(String reservationId, String change) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + voltgate.httpPort()
            + "/cpms/v1/events/stream?eventTypes=reservation.status"))
        .header("X-API-Key", KEY).header("Last-Event-ID", "0").GET().build();
    CompletableFuture<JsonObject> found = CompletableFuture.supplyAsync(() -> {
      try {
        HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("data:") && line.contains(reservationId)) {
              JsonObject event = new JsonObject(line.substring("data:".length()).trim());
              if (change.equals(event.getJsonObject("data").getString("change"))) {
                return event;
              }
            }
          }
        }
        return null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    JsonObject event = found.get(20, TimeUnit.SECONDS);
    assertNotNull(event, change + " of " + reservationId);
    assertEquals("reservation.status", event.getString("type"));
    assertEquals(network, event.getString("networkId"));
  }
}
