package io.voltgate.api.emsp;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /emsp/v1/events/stream} over real HTTP against the real Redis stream: a driver's
 * stream carries exactly that driver's events (sessions, reservation, favourites' availability) and
 * never another driver's or another network's; a back end's stream carries its network's; both
 * resume with {@code Last-Event-ID}.
 */
@Timeout(120)
class EmspEventStreamTest {

  private static ApiTestServer api;
  private static UUID networkA;
  private static UUID networkB;
  private static String serverA;
  private static String appA;
  private static UUID chargerMaya;
  private static UUID chargerLeo;
  private static UUID chargerNobody;
  private static UUID depot;
  private static String unique;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    unique = UUID.randomUUID().toString().substring(0, 8);
    networkA = api.network("Stream A " + unique);
    networkB = api.network("Stream B " + unique);
    String operatorA = api.key(List.of(networkA), Scopes.CPMS);
    serverA = api.emspKey(operatorA, networkA, new JsonObject());
    appA = api.emspKey(operatorA, networkA, new JsonObject().put("keyClass", "Publishable"));
    UUID mall = api.created(operatorA, "/cpms/v1/locations", new JsonObject().put("name", "Mall"));
    depot = api.created(operatorA, "/cpms/v1/locations", new JsonObject().put("name", "Depot"));
    UUID harbour = api.created(operatorA, "/cpms/v1/locations", new JsonObject().put("name", "Harbour"));
    chargerMaya = charger(operatorA, "ES-" + unique + "-1", mall);
    chargerLeo = charger(operatorA, "ES-" + unique + "-2", depot);
    chargerNobody = charger(operatorA, "ES-" + unique + "-3", harbour);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void eachDriversStreamCarriesOnlyThatDriversEvents() throws Exception {
    Driver maya = driver("Maya");
    Driver leo = driver("Leo");
    // Maya saved a charger, Leo a location (its chargers' availability is his).
    assertEquals(201, maya.call("POST", "/emsp/v1/favorites", new JsonObject().put("targetType", "charger")
        .put("targetId", chargerMaya.toString())).status());
    assertEquals(201, leo.call("POST", "/emsp/v1/favorites", new JsonObject().put("targetId", depot.toString())).status());
    // Sessions stored before the streams open (a gateway stores a session before it publishes it).
    UUID mayas = storedSession(chargerMaya, maya.uid);
    UUID leos = storedSession(chargerLeo, leo.uid);
    int reservation = reservation(maya);
    String before = api.lastStreamId();

    try (Sse mayaStream = Sse.open(appA, maya.token, before);
        Sse leoStream = Sse.open(appA, leo.token, before);
        Sse backEnd = Sse.open(serverA, null, before)) {
      String learned = UUID.randomUUID().toString();
      String mayaStarted = publish("session.started", networkA, sessionData(mayas, chargerMaya).put("idToken", maya.uid));
      String leoStarted = publish("session.started", networkA, sessionData(leos, chargerLeo).put("idToken", leo.uid));
      String mayaUpdated = publish("session.updated", networkA, sessionData(mayas, null).put("chargingState", "Charging"));
      String leoUpdated = publish("session.updated", networkA, sessionData(leos, null).put("chargingState", "Charging"));
      String mayaMeter = publish("meter.values", networkA, sessionData(mayas, chargerMaya));
      String mayaAvailability = publish("connector.status", networkA, status(chargerMaya));
      String leoAvailability = publish("connector.status", networkA, status(chargerLeo));
      String nobodys = publish("connector.status", networkA, status(chargerNobody));
      // Maya's token uid at another network, and an operator event about Maya's favourite.
      String otherNetwork = publish("session.started", networkB, sessionData(UUID.randomUUID(), UUID.randomUUID())
          .put("idToken", maya.uid));
      String offline = publish("charger.offline", networkA, new JsonObject().put("chargerId", chargerMaya.toString()));
      // A session started after Maya connected, learned from the stream itself.
      String learnedStarted = publish("session.started", networkA, new JsonObject().put("sessionId", learned)
          .put("idToken", maya.uid).put("chargerId", chargerMaya.toString()));
      String learnedUpdated = publish("session.updated", networkA, new JsonObject().put("sessionId", learned));
      String mayaReservation = publish("reservation.status", networkA, new JsonObject().put("reservationId", reservation)
          .put("reservationUpdateStatus", "Expired").put("chargerId", chargerMaya.toString()));
      String otherReservation = publish("reservation.status", networkA, new JsonObject()
          .put("reservationId", reservation + 1_000_000).put("chargerId", chargerMaya.toString()));
      // A reservation Voltgate holds names its driver (ReservationChange), Leo's here.
      String leoHold = publish("reservation.status", networkA, new JsonObject()
          .put("reservationId", UUID.randomUUID().toString()).put("driverId", leo.id().toString())
          .put("chargerId", chargerLeo.toString()).put("change", "created").put("status", "Accepted"));
      String leoCompleted = publish("session.completed", networkA, sessionData(leos, null));
      String mayaCompleted = publish("session.completed", networkA, sessionData(mayas, null));

      assertEquals(List.of(mayaStarted, mayaUpdated, mayaMeter, mayaAvailability, learnedStarted, learnedUpdated,
          mayaReservation, mayaCompleted), mayaStream.eventIdsUntil(mayaCompleted), "Maya's stream");
      assertEquals(List.of(leoStarted, leoUpdated, leoAvailability, leoHold, leoCompleted), leoStream.eventIdsUntil(leoCompleted),
          "Leo's stream");
      List<String> all = backEnd.eventIdsUntil(mayaCompleted);
      assertEquals(List.of(mayaStarted, leoStarted, mayaUpdated, leoUpdated, mayaMeter, mayaAvailability,
          leoAvailability, nobodys, offline, learnedStarted, learnedUpdated, mayaReservation, otherReservation,
          leoHold, leoCompleted, mayaCompleted), all, "the back end's stream: its network's events");
      assertFalse(all.contains(otherNetwork));
    }
  }

  @Test
  void aDriversStreamResumesAfterLastEventId() throws Exception {
    Driver maya = driver("Maya");
    UUID mayas = storedSession(chargerMaya, maya.uid);
    String before = api.lastStreamId();
    String first = publish("session.updated", networkA, sessionData(mayas, null).put("chargingState", "Charging"));
    publish("session.updated", networkA, sessionData(UUID.randomUUID(), null));
    String second = publish("session.updated", networkA, sessionData(mayas, null).put("chargingState", "SuspendedEV"));
    String third = publish("session.completed", networkA, sessionData(mayas, null));
    String resumeAfter;
    try (Sse stream = Sse.open(appA, maya.token, before)) {
      Frame frame = stream.next();
      assertEquals(first, frame.eventId());
      assertEquals("session.updated", frame.event());
      assertEquals("IN_PROGRESS", frame.data().getJsonObject("data").getString("chargingStatus"), "the operator's frames");
      resumeAfter = frame.id();
    }
    try (Sse resumed = Sse.open(appA, maya.token, resumeAfter)) {
      assertEquals(List.of(second, third), resumed.eventIdsUntil(third));
    }
  }

  @Test
  void theStreamNeedsADriverOrABackEnd() {
    Result app = api.call("GET", "/emsp/v1/events/stream", appA, null);
    assertEquals(401, app.status(), app.raw());
    assertEquals("driver_token_required", app.error());
    assertEquals(400, api.call("GET", "/emsp/v1/events/stream?lastEventId=yesterday", serverA, null).status());
    String withoutScope = api.emspKey(api.key(List.of(networkA), Scopes.CPMS), networkA, new JsonObject()
        .put("scopes", new JsonArray().add("emsp:chargers:read")));
    assertEquals(403, api.call("GET", "/emsp/v1/events/stream", withoutScope, null).status());
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** A registered driver of network A with a token the driver charges with. */
  private record Driver(UUID id, String token, String uid) {
    Result call(String method, String path, Object body) {
      return api.call(method, path, appA, token, body);
    }
  }

  private static Driver driver(String firstName) {
    Result r = api.post("/emsp/v1/auth/driver/register", appA, new JsonObject()
        .put("email", firstName.toLowerCase() + "-" + UUID.randomUUID() + "@example.com")
        .put("password", "correct horse 1").put("firstName", firstName).put("lastName", "Rivera"));
    assertEquals(201, r.status(), r.raw());
    UUID id = UUID.fromString(r.data().getJsonObject("driver").getString("id"));
    String uid = "ES" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    Result token = api.post("/emsp/v1/auth/tokens", serverA, new JsonObject().put("userId", id.toString())
        .put("tokenType", "RFID").put("uid", uid));
    assertEquals(201, token.status(), token.raw());
    return new Driver(id, r.data().getString("accessToken"), uid);
  }

  /** An open session of the charger charged with the token, as the gateway stores it. */
  private static UUID storedSession(UUID charger, String uid) {
    UUID id = UUID.randomUUID();
    await(api.pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, evse_id, connector_id,"
            + " ocpp_version, transaction_ref, id_token, started_at) VALUES ($1, $2, $3, 1, 1, '1.6', $4, $5, now())")
        .execute(Tuple.of(id, networkA, charger, id.toString(), uid)));
    return id;
  }

  /** A reservation of the driver; returns its OCPP id. */
  private static int reservation(Driver d) {
    return await(api.pg.preparedQuery("INSERT INTO reservations (id, network_id, charger_id, evse_id, connector_id,"
            + " id_token, driver_id, expires_at) VALUES ($1, $2, $3, 1, 1, $4, $5, now() + interval '1 hour')"
            + " RETURNING ocpp_reservation_id")
        .execute(Tuple.of(UUID.randomUUID(), networkA, chargerMaya, d.uid(), d.id()))).iterator().next().getInteger(0);
  }

  private static JsonObject sessionData(UUID session, UUID charger) {
    JsonObject data = new JsonObject().put("sessionId", session.toString());
    return charger == null ? data : data.put("chargerId", charger.toString());
  }

  private static JsonObject status(UUID charger) {
    return new JsonObject().put("chargerId", charger.toString()).put("evseId", 1).put("connectorId", 1)
        .put("status", "Available").put("errorCode", "NoError");
  }

  private static String publish(String type, UUID network, JsonObject data) {
    return api.publish(type, network, "ES-CP", data);
  }


  /** One SSE frame: the stream id, the event type and the event. */
  private record Frame(String id, String event, JsonObject data) {
    String eventId() {
      return data.getString("id");
    }
  }

  /** An open event stream, read on a thread of its own into a queue. */
  private static final class Sse implements AutoCloseable {
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final InputStream body;

    private Sse(InputStream body) {
      this.body = body;
      Thread reader = new Thread(this::read, "sse-test-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Sse open(String key, String bearer, String lastEventId) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port
          + "/emsp/v1/events/stream")).header("X-API-Key", key).header("Last-Event-ID", lastEventId).GET();
      if (bearer != null) {
        request.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<InputStream> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      return new Sse(r.body());
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String id = null;
        String event = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ")) {
            frames.add(new Frame(id, event, new JsonObject(line.substring(6))));
          }
        }
      } catch (IOException closed) {
        // the test closed the stream
      }
    }

    Frame next() throws InterruptedException {
      Frame f = frames.poll(20, TimeUnit.SECONDS);
      if (f == null) {
        throw new AssertionError("no event within 20 s");
      }
      return f;
    }

    /** The event ids received, up to and including {@code last}. */
    List<String> eventIdsUntil(String last) throws InterruptedException {
      List<String> ids = new ArrayList<>();
      while (ids.isEmpty() || !ids.get(ids.size() - 1).equals(last)) {
        Frame f = frames.poll(20, TimeUnit.SECONDS);
        if (f == null) {
          throw new AssertionError("no " + last + " within 20 s; received " + ids);
        }
        ids.add(f.eventId());
      }
      return ids;
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  private static UUID charger(String operator, String uid, UUID location) {
    return api.created(operator, "/cpms/v1/chargers", new JsonObject().put("serial", uid).put("locationUuid", location.toString())
        .put("securityProfile", 0));
  }
}
