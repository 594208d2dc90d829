package io.voltgate.api.emsp;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.services.content.ProblemReports;
import io.voltgate.store.redis.RedisKeys;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Driver content of {@code /emsp/v1} over real HTTP: favourites, location reviews, problem reports
 * (stored, and seen on the operator's event stream and webhooks) and notification preferences. Each
 * acts for the driver whose token comes with the app's key; nothing of one driver reaches another,
 * nothing of one network another.
 *
 * <p>Network A: published locations (one per test that counts reviews), an unpublished one, a public
 * and a private charger at "Isla Verde". Network B: a published location with a public charger.
 */
@Timeout(120)
class DriverContentApiTest {

  private static ApiTestServer api;
  private static UUID networkA;
  private static UUID networkB;
  private static String operatorA;
  private static String operatorB;
  private static String serverA;
  private static String serverB;
  private static String appA;
  private static String appB;
  /** An app key of network A without {@code emsp:driver-content}. */
  private static String appWithoutContentA;
  private static UUID islaVerde;
  private static UUID hidden;
  private static UUID locationB;
  private static UUID publicCharger;
  private static String publicUid;
  private static UUID privateCharger;
  private static UUID chargerB;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    String unique = UUID.randomUUID().toString().substring(0, 8);
    networkA = api.network("Content A " + unique);
    networkB = api.network("Content B " + unique);
    operatorA = api.key(List.of(networkA), Scopes.CPMS);
    operatorB = api.key(List.of(networkB), Scopes.CPMS);
    serverA = mint(operatorA, networkA, new JsonObject());
    serverB = mint(operatorB, networkB, new JsonObject());
    appA = mint(operatorA, networkA, new JsonObject().put("keyClass", "Publishable"));
    appB = mint(operatorB, networkB, new JsonObject().put("keyClass", "Publishable"));
    appWithoutContentA = mint(operatorA, networkA, new JsonObject().put("keyClass", "Publishable")
        .put("scopes", new JsonArray().add("emsp:driver-accounts").add("emsp:locations:read")));
    islaVerde = location(operatorA, "Isla Verde Mall", true);
    hidden = location(operatorA, "Depot (not published)", false);
    locationB = location(operatorB, "B's place", true);
    publicUid = "DC-" + unique + "-1";
    publicCharger = charger(operatorA, publicUid, islaVerde, true);
    privateCharger = charger(operatorA, "DC-" + unique + "-private", islaVerde, false);
    chargerB = charger(operatorB, "DC-" + unique + "-B", locationB, true);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  // --- favourites -------------------------------------------------------------------------------

  @Test
  void aFavoriteIsSavedOnceListedAndRemoved() {
    Driver maya = driver(appA, "Maya");
    Result saved = maya.call("POST", "/emsp/v1/favorites", new JsonObject().put("targetType", "location")
        .put("targetId", islaVerde.toString()).put("label", "Home charger"));
    assertEquals(201, saved.status(), saved.raw());
    JsonObject favorite = saved.data();
    assertEquals("location", favorite.getString("targetType"));
    assertEquals(islaVerde.toString(), favorite.getString("targetId"));
    assertEquals("Home charger", favorite.getString("label"));
    assertTrue(favorite.getString("createdAt").endsWith("Z"), favorite.encode());
    assertEquals(5, favorite.size(), "the seed's fields: " + favorite.encode());

    Result again = maya.call("POST", "/emsp/v1/favorites", new JsonObject().put("targetId", islaVerde.toString())
        .put("label", "another label"));
    assertEquals(200, again.status(), "saving the same target answers the saved favorite: " + again.raw());
    assertEquals(favorite, again.data());

    Result charger = maya.call("POST", "/emsp/v1/favorites", new JsonObject().put("targetType", "charger")
        .put("targetId", publicCharger.toString()));
    assertEquals(201, charger.status(), charger.raw());
    assertNull(charger.data().getValue("label"));

    Result listed = maya.call("GET", "/emsp/v1/favorites", null);
    assertEquals(200, listed.status(), listed.raw());
    assertEquals(2, listed.json().getJsonObject("pagination").getInteger("totalCount"), listed.raw());
    assertEquals(charger.data().getString("id"), listed.list().getJsonObject(0).getString("id"), "newest first");

    String id = favorite.getString("id");
    Result removed = maya.call("DELETE", "/emsp/v1/favorites/" + id, null);
    assertEquals(200, removed.status(), removed.raw());
    assertEquals(true, removed.data().getBoolean("deleted"));
    assertEquals(404, maya.call("DELETE", "/emsp/v1/favorites/" + id, null).status(), "already removed");
    assertEquals(1, maya.call("GET", "/emsp/v1/favorites", null).list().size());
  }

  @Test
  void aTargetTheDriverCannotSeeIsNotFound() {
    Driver maya = driver(appA, "Maya");
    for (JsonObject target : List.of(
        new JsonObject().put("targetId", hidden.toString()),
        new JsonObject().put("targetId", locationB.toString()),
        new JsonObject().put("targetId", UUID.randomUUID().toString()),
        new JsonObject().put("targetId", publicCharger.toString()),
        new JsonObject().put("targetType", "charger").put("targetId", privateCharger.toString()),
        new JsonObject().put("targetType", "charger").put("targetId", chargerB.toString()),
        new JsonObject().put("targetType", "charger").put("targetId", islaVerde.toString()))) {
      Result r = maya.call("POST", "/emsp/v1/favorites", target);
      assertEquals(404, r.status(), target.encode() + ": " + r.raw());
      assertEquals("not_found", r.error());
    }
    assertEquals(0, maya.call("GET", "/emsp/v1/favorites", null).list().size());
  }

  @Test
  void aFavoriteBodyIsValidated() {
    Driver maya = driver(appA, "Maya");
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("targetId", "not-a-uuid"),
        new JsonObject().put("targetId", islaVerde.toString()).put("targetType", "connector"),
        new JsonObject().put("targetId", islaVerde.toString()).put("label", "x".repeat(101)),
        new JsonObject().put("targetId", islaVerde.toString()).put("colour", "red"))) {
      Result r = maya.call("POST", "/emsp/v1/favorites", bad);
      assertEquals(400, r.status(), bad.encode() + ": " + r.raw());
      assertEquals("validation_error", r.error(), r.raw());
    }
    assertEquals(400, maya.call("DELETE", "/emsp/v1/favorites/not-a-uuid", null).status());
  }

  @Test
  void aDriverNeverSeesAnotherDriversFavorites() {
    Driver maya = driver(appA, "Maya");
    Driver leo = driver(appA, "Leo");
    String id = maya.call("POST", "/emsp/v1/favorites", new JsonObject().put("targetId", islaVerde.toString()))
        .data().getString("id");
    Result leos = leo.call("GET", "/emsp/v1/favorites", null);
    assertEquals(200, leos.status(), leos.raw());
    assertEquals(0, leos.list().size(), leos.raw());
    assertEquals(404, leo.call("DELETE", "/emsp/v1/favorites/" + id, null).status(), "Maya's favorite is unknown to Leo");
    Driver other = driver(appB, "Bea");
    assertEquals(404, other.call("DELETE", "/emsp/v1/favorites/" + id, null).status());
    assertEquals(1, maya.call("GET", "/emsp/v1/favorites", null).list().size(), "still Maya's");
  }

  @Test
  void driverContentNeedsTheDriversTokenAndTheScope() {
    Driver maya = driver(appA, "Maya");
    List<String[]> operations = List.of(new String[] {"GET", "/emsp/v1/favorites"},
        new String[] {"POST", "/emsp/v1/favorites"}, new String[] {"DELETE", "/emsp/v1/favorites/" + UUID.randomUUID()},
        new String[] {"POST", "/emsp/v1/locations/" + islaVerde + "/reviews"},
        new String[] {"POST", "/emsp/v1/locations/" + islaVerde + "/report"},
        new String[] {"GET", "/emsp/v1/notifications/preferences"},
        new String[] {"PUT", "/emsp/v1/notifications/preferences"});
    for (String[] op : operations) {
      String what = op[0] + " " + op[1];
      JsonObject body = op[0].equals("GET") || op[0].equals("DELETE") ? null : new JsonObject();
      Result noToken = api.call(op[0], op[1], appA, null, body);
      assertEquals(401, noToken.status(), what + " without a driver: " + noToken.raw());
      assertEquals("driver_token_required", noToken.error(), what);
      assertEquals(401, api.call(op[0], op[1], serverA, null, body).status(), what + " by a back end alone");
      assertEquals(401, api.call(op[0], op[1], appA, "not.a.token", body).status(), what + " with a forged token");
      assertEquals(401, api.call(op[0], op[1], null, maya.token, body).status(), what + " without a key");
      assertEquals(401, api.call(op[0], op[1], appB, maya.token, body).status(), what + " with another network's key");
      Result noScope = api.call(op[0], op[1], appWithoutContentA, maya.token, body);
      assertEquals(403, noScope.status(), what + " without emsp:driver-content: " + noScope.raw());
    }
    assertEquals(401, api.call("GET", "/emsp/v1/locations/" + islaVerde + "/reviews", appA, null, null).status(),
        "an app key alone reads no reviews");
  }

  // --- reviews ----------------------------------------------------------------------------------

  @Test
  void aDriverHasOneReviewPerLocationAndTheSummaryFollows() {
    UUID place = location(operatorA, "Reviewed place", true);
    Driver maya = driver(appA, "Maya");
    Driver leo = driver(appA, "Leo");
    Result first = maya.call("POST", "/emsp/v1/locations/" + place + "/reviews", new JsonObject().put("rating", 5)
        .put("comment", "Fast chargers, easy to find."));
    assertEquals(201, first.status(), first.raw());
    JsonObject review = first.data();
    assertEquals(5, review.getInteger("rating"));
    assertEquals("Fast chargers, easy to find.", review.getString("comment"));
    assertTrue(review.containsKey("createdAt") && review.containsKey("updatedAt") && review.containsKey("id"));

    Result second = maya.call("POST", "/emsp/v1/locations/" + place + "/reviews", new JsonObject().put("rating", 2));
    assertEquals(200, second.status(), "the second review replaces the first: " + second.raw());
    assertEquals(review.getString("id"), second.data().getString("id"));
    assertEquals(2, second.data().getInteger("rating"));
    assertNull(second.data().getValue("comment"), "the body replaces the review");
    assertEquals(review.getString("createdAt"), second.data().getString("createdAt"));

    assertEquals(201, leo.call("POST", "/emsp/v1/locations/" + place + "/reviews", new JsonObject().put("rating", 5)
        .put("comment", "Great")).status());

    Result asMaya = maya.call("GET", "/emsp/v1/locations/" + place + "/reviews", null);
    assertEquals(200, asMaya.status(), asMaya.raw());
    JsonObject summary = asMaya.data().getJsonObject("summary");
    assertEquals(3.5, summary.getDouble("average"), asMaya.raw());
    assertEquals(2, summary.getInteger("count"), "one review per driver");
    JsonArray reviews = asMaya.data().getJsonArray("reviews");
    assertEquals(2, reviews.size());
    JsonObject mayas = byId(reviews, review.getString("id"));
    assertEquals(true, mayas.getBoolean("isMine"));
    assertEquals("Maya", mayas.getString("authorName"));
    reviews.stream().map(JsonObject.class::cast).filter(r -> !r.getString("id").equals(review.getString("id")))
        .forEach(r -> assertEquals(false, r.getBoolean("isMine"), "Leo's review is not Maya's"));
    assertEquals(1, leo.call("GET", "/emsp/v1/locations/" + place + "/reviews", null).data().getJsonArray("reviews")
        .stream().filter(r -> ((JsonObject) r).getBoolean("isMine")).count());

    Result asBackEnd = api.get("/emsp/v1/locations/" + place + "/reviews", serverA);
    assertEquals(200, asBackEnd.status(), asBackEnd.raw());
    asBackEnd.data().getJsonArray("reviews").forEach(r -> assertEquals(false, ((JsonObject) r).getBoolean("isMine")));

    Result detail = api.get("/emsp/v1/locations/" + place, serverA);
    assertEquals(3.5, detail.data().getDouble("ratingAverage"), detail.raw());
    assertEquals(2, detail.data().getInteger("ratingCount"));
  }

  @Test
  void reviewsArePagedAndALocationWithoutReviewsHasAnEmptySummary() {
    UUID place = location(operatorA, "Paged place", true);
    Result none = api.get("/emsp/v1/locations/" + place + "/reviews", serverA);
    assertEquals(200, none.status(), none.raw());
    assertNull(none.data().getJsonObject("summary").getValue("average"));
    assertEquals(0, none.data().getJsonObject("summary").getInteger("count"));
    assertEquals(0, none.json().getJsonObject("pagination").getInteger("totalCount"));
    for (int rating = 1; rating <= 3; rating++) {
      Driver d = driver(appA, "D" + rating);
      assertEquals(201, d.call("POST", "/emsp/v1/locations/" + place + "/reviews", new JsonObject().put("rating", rating))
          .status());
    }
    Result page = api.get("/emsp/v1/locations/" + place + "/reviews?pageSize=2", serverA);
    assertEquals(2, page.data().getJsonArray("reviews").size(), page.raw());
    JsonObject pagination = page.json().getJsonObject("pagination");
    assertEquals(3, pagination.getInteger("totalCount"));
    assertEquals(true, pagination.getBoolean("hasNextPage"));
    assertEquals(3, page.data().getJsonObject("summary").getInteger("count"), "the summary covers every review");
    assertEquals(2.0, page.data().getJsonObject("summary").getDouble("average"));
    assertEquals(1, api.get("/emsp/v1/locations/" + place + "/reviews?pageSize=2&page=2", serverA).data()
        .getJsonArray("reviews").size());
  }

  @Test
  void aReviewIsValidated() {
    Driver maya = driver(appA, "Maya");
    String path = "/emsp/v1/locations/" + islaVerde + "/reviews";
    for (Object rating : List.of(0, 6, -1, "5", 4.5, true)) {
      Result r = maya.call("POST", path, new JsonObject().put("rating", rating));
      assertEquals(400, r.status(), "rating " + rating + ": " + r.raw());
      assertEquals("rating", r.json().getString("field"), r.raw());
    }
    assertEquals(400, maya.call("POST", path, new JsonObject().put("comment", "no rating")).status());
    Result long_ = maya.call("POST", path, new JsonObject().put("rating", 4).put("comment", "x".repeat(2001)));
    assertEquals(400, long_.status(), long_.raw());
    assertEquals("comment", long_.json().getString("field"));
    assertEquals(201, maya.call("POST", path, new JsonObject().put("rating", 4).put("comment", "x".repeat(2000))).status(),
        "2000 characters are allowed");
  }

  @Test
  void reviewsExistOnlyForPublishedLocationsOfTheNetwork() {
    Driver maya = driver(appA, "Maya");
    Driver bea = driver(appB, "Bea");
    UUID place = location(operatorA, "A's reviewed place", true);
    assertEquals(201, maya.call("POST", "/emsp/v1/locations/" + place + "/reviews", new JsonObject().put("rating", 4)
        .put("comment", "A-only comment")).status());
    for (UUID elsewhere : List.of(hidden, locationB, UUID.randomUUID())) {
      assertEquals(404, maya.call("POST", "/emsp/v1/locations/" + elsewhere + "/reviews", new JsonObject().put("rating", 3))
          .status(), "review of " + elsewhere);
      assertEquals(404, maya.call("GET", "/emsp/v1/locations/" + elsewhere + "/reviews", null).status());
    }
    Result byKeyOfB = api.get("/emsp/v1/locations/" + place + "/reviews", serverB);
    assertEquals(404, byKeyOfB.status(), "a key of network B sees nothing of A's reviews: " + byKeyOfB.raw());
    assertFalse(byKeyOfB.raw().contains("A-only comment"));
    assertEquals(404, bea.call("GET", "/emsp/v1/locations/" + place + "/reviews", null).status());
    assertEquals(404, bea.call("POST", "/emsp/v1/locations/" + place + "/reviews", new JsonObject().put("rating", 1))
        .status());
    assertEquals(1, api.get("/emsp/v1/locations/" + place + "/reviews", serverA).data().getJsonObject("summary")
        .getInteger("count"), "nothing of B's driver was stored");
  }

  // --- problem reports --------------------------------------------------------------------------

  @Test
  void aReportIsStoredAndReachesTheOperatorsStreamAndWebhooks() throws Exception {
    Driver maya = driver(appA, "Maya");
    String before = lastEventId();
    Result hook = api.post("/cpms/v1/webhooks", operatorA, new JsonObject()
        .put("url", "http://127.0.0.1:" + ApiTestServer.freePort() + "/hook").put("events", "location.problem_reported"));
    assertEquals(201, hook.status(), hook.raw());

    Result filed = maya.call("POST", "/emsp/v1/locations/" + islaVerde + "/report", new JsonObject()
        .put("category", "charger_not_working").put("description", "Screen is dark").put("chargerId", publicCharger.toString()));
    assertEquals(201, filed.status(), filed.raw());
    String reportId = filed.data().getString("id");
    assertEquals("received", filed.data().getString("status"));
    assertEquals(2, filed.data().size(), "the seed's fields: " + filed.raw());

    Row stored = await(api.pg.preparedQuery("SELECT network_id, location_id, driver_id, charger_id, category, description,"
        + " status FROM location_problem_reports WHERE id = $1").execute(Tuple.of(UUID.fromString(reportId))))
        .iterator().next();
    assertEquals(networkA, stored.getUUID("network_id"));
    assertEquals(islaVerde, stored.getUUID("location_id"));
    assertEquals(maya.id, stored.getUUID("driver_id"));
    assertEquals(publicCharger, stored.getUUID("charger_id"));
    assertEquals("charger_not_working", stored.getString("category"));
    assertEquals("Screen is dark", stored.getString("description"));

    // The operator's event stream, resumed from before the report.
    JsonObject event = streamed(operatorA, before, reportId).get(20, TimeUnit.SECONDS);
    assertEquals("location.problem_reported", event.getString("type"));
    assertEquals(networkA.toString(), event.getString("networkId"));
    assertEquals(publicUid, event.getString("chargePointId"));
    JsonObject data = event.getJsonObject("data");
    assertEquals(islaVerde.toString(), data.getString("locationId"));
    assertEquals("Isla Verde Mall", data.getString("locationName"));
    assertEquals(publicCharger.toString(), data.getString("chargerId"));
    assertEquals(maya.id.toString(), data.getString("driverId"));
    assertEquals("charger_not_working", data.getString("category"));
    assertEquals("Screen is dark", data.getString("description"));

    // The webhook fan-out made a delivery of it for A's subscription.
    UUID subscription = UUID.fromString(hook.data().getString("id"));
    String payloads = "";
    for (int i = 0; i < 200 && !payloads.contains(reportId); i++) {
      Thread.sleep(50);
      StringBuilder sb = new StringBuilder();
      await(api.pg.preparedQuery("SELECT event_type, payload::text AS payload FROM webhook_deliveries"
          + " WHERE subscription_id = $1").execute(Tuple.of(subscription)))
          .forEach(row -> sb.append(row.getString("event_type")).append(' ').append(row.getString("payload")));
      payloads = sb.toString();
    }
    assertTrue(payloads.contains(reportId), "no webhook delivery of the report: " + payloads);
    assertTrue(payloads.startsWith("location.problem_reported"), payloads);
  }

  @Test
  void aReportAboutNoChargerHasNoChargePointOnTheStream() throws Exception {
    Driver maya = driver(appA, "Maya");
    String before = lastEventId();
    Result filed = maya.call("POST", "/emsp/v1/locations/" + islaVerde + "/report", new JsonObject().put("category", "access_blocked"));
    assertEquals(201, filed.status(), filed.raw());
    JsonObject event = streamed(operatorA, before, filed.data().getString("id")).get(20, TimeUnit.SECONDS);
    assertNull(event.getValue("chargePointId"), event.encode());
    assertNull(event.getJsonObject("data").getValue("chargerId"));
    assertNull(event.getJsonObject("data").getValue("description"));
    // Straight from the Redis stream as well: the entry carries network A.
    Response entries = await(api.redis.send(Request.cmd(Command.XRANGE).arg(RedisKeys.EVENTS).arg("(" + before).arg("+")));
    boolean found = false;
    for (Response entry : entries) {
      Response fields = entry.get(1);
      String network = null;
      String payload = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        switch (fields.get(i).toString()) {
          case "network" -> network = fields.get(i + 1).toString();
          case "data" -> payload = fields.get(i + 1).toString();
          default -> {
          }
        }
      }
      if (payload != null && payload.contains(filed.data().getString("id"))) {
        assertEquals(networkA.toString(), network);
        found = true;
      }
    }
    assertTrue(found, "the report is on " + RedisKeys.EVENTS);
  }

  @Test
  void aReportIsValidatedAndStaysInsideTheDriversNetwork() {
    Driver maya = driver(appA, "Maya");
    String path = "/emsp/v1/locations/" + islaVerde + "/report";
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("category", "fire"),
        new JsonObject().put("category", "other").put("description", "x".repeat(2001)),
        new JsonObject().put("category", "other").put("chargerId", "CP-1"))) {
      Result r = maya.call("POST", path, bad);
      assertEquals(400, r.status(), bad.encode() + ": " + r.raw());
    }
    for (UUID charger : List.of(privateCharger, chargerB, UUID.randomUUID())) {
      Result r = maya.call("POST", path, new JsonObject().put("category", "other").put("chargerId", charger.toString()));
      assertEquals(404, r.status(), "charger " + charger + ": " + r.raw());
    }
    for (UUID location : List.of(hidden, locationB, UUID.randomUUID())) {
      Result r = maya.call("POST", "/emsp/v1/locations/" + location + "/report", new JsonObject().put("category", "other"));
      assertEquals(404, r.status(), "location " + location + ": " + r.raw());
    }
    long stored = await(api.pg.preparedQuery("SELECT count(*) AS n FROM location_problem_reports WHERE driver_id = $1")
        .execute(Tuple.of(maya.id))).iterator().next().getLong("n");
    assertEquals(0, stored, "nothing refused was stored");
  }

  @Test
  void aDriverFilesAtMostTenReportsAnHour() {
    Driver maya = driver(appA, "Maya");
    String path = "/emsp/v1/locations/" + islaVerde + "/report";
    for (int i = 0; i < ProblemReports.MAX_PER_HOUR; i++) {
      assertEquals(201, maya.call("POST", path, new JsonObject().put("category", "other")).status());
    }
    Result over = maya.call("POST", path, new JsonObject().put("category", "other"));
    assertEquals(429, over.status(), over.raw());
    assertEquals("too_many_reports", over.error());
    assertEquals(201, driver(appA, "Leo").call("POST", path, new JsonObject().put("category", "other")).status(),
        "the bound is per driver");
  }

  // --- notification preferences -----------------------------------------------------------------

  @Test
  void preferencesStartAtTheDefaultsAndChangeWhatIsNamed() {
    Driver maya = driver(appA, "Maya");
    Result defaults = maya.call("GET", "/emsp/v1/notifications/preferences", null);
    assertEquals(200, defaults.status(), defaults.raw());
    JsonObject d = defaults.data();
    assertEquals(new JsonObject().put("push", true).put("email", true).put("sms", false), d.getJsonObject("channels"));
    assertEquals(new JsonObject().put("sessionStarted", true).put("sessionStopped", true).put("sessionFailed", true)
        .put("reservationReminder", true).put("payment", true), d.getJsonObject("events"));
    assertEquals(maya.email, d.getJsonObject("contact").getString("email"), "the account's e-mail");
    assertEquals("+17875550000", d.getJsonObject("contact").getString("phoneNumber"), "the account's phone");
    assertNull(d.getValue("updatedAt"), "never set");

    Result changed = maya.call("PUT", "/emsp/v1/notifications/preferences", new JsonObject()
        .put("channels", new JsonObject().put("sms", true).put("email", false))
        .put("events", new JsonObject().put("payment", false))
        .put("contact", new JsonObject().put("phoneNumber", "+1 (787) 555-1234").put("email", "alerts@example.com")));
    assertEquals(200, changed.status(), changed.raw());
    JsonObject c = changed.data();
    assertEquals(new JsonObject().put("push", true).put("email", false).put("sms", true), c.getJsonObject("channels"));
    assertEquals(false, c.getJsonObject("events").getBoolean("payment"));
    assertEquals(true, c.getJsonObject("events").getBoolean("sessionStarted"), "events not named stay");
    assertEquals("+17875551234", c.getJsonObject("contact").getString("phoneNumber"), "normalised to E.164");
    assertEquals("alerts@example.com", c.getJsonObject("contact").getString("email"));
    assertNotNull(c.getString("updatedAt"));
    assertEquals(c, maya.call("GET", "/emsp/v1/notifications/preferences", null).data(), "kept");

    Result partly = maya.call("PUT", "/emsp/v1/notifications/preferences", new JsonObject()
        .put("contact", new JsonObject().put("email", null)));
    assertEquals(200, partly.status(), partly.raw());
    assertEquals(maya.email, partly.data().getJsonObject("contact").getString("email"), "null: back to the account's");
    assertEquals("+17875551234", partly.data().getJsonObject("contact").getString("phoneNumber"));
    assertEquals(true, partly.data().getJsonObject("channels").getBoolean("sms"), "channels not named stay");
  }

  @Test
  void unknownNamesAndBadContactsAreRefusedListingWhatIsAllowed() {
    Driver maya = driver(appA, "Maya");
    String path = "/emsp/v1/notifications/preferences";
    Result channel = maya.call("PUT", path, new JsonObject().put("channels", new JsonObject().put("fax", true)));
    assertEquals(400, channel.status(), channel.raw());
    assertEquals("validation_error", channel.error());
    assertEquals("channels.fax", channel.json().getString("field"));
    assertTrue(channel.json().getString("message").contains("push, email, sms"), channel.raw());
    Result event = maya.call("PUT", path, new JsonObject().put("events", new JsonObject().put("sessionExploded", true)));
    assertEquals(400, event.status(), event.raw());
    assertEquals("events.sessionExploded", event.json().getString("field"));
    assertTrue(event.json().getString("message")
        .contains("sessionStarted, sessionStopped, sessionFailed, reservationReminder, payment"), event.raw());
    for (JsonObject bad : List.of(new JsonObject(),
        new JsonObject().put("channels", new JsonObject().put("push", "yes")),
        new JsonObject().put("channels", List.of("push")),
        new JsonObject().put("contact", new JsonObject().put("email", "not-an-email")),
        new JsonObject().put("contact", new JsonObject().put("phoneNumber", "12345")),
        new JsonObject().put("contact", new JsonObject().put("phoneNumber", "+1 787 CALL ME")),
        new JsonObject().put("contact", new JsonObject().put("fax", "+17875551234")),
        new JsonObject().put("quietHours", true))) {
      Result r = maya.call("PUT", path, bad);
      assertEquals(400, r.status(), bad.encode() + ": " + r.raw());
      assertEquals("validation_error", r.error(), r.raw());
    }
    assertNull(maya.call("GET", path, null).data().getValue("updatedAt"), "nothing refused was stored");
  }

  @Test
  void aDriverNeverSeesAnotherDriversPreferences() {
    Driver maya = driver(appA, "Maya");
    Driver leo = driver(appA, "Leo");
    assertEquals(200, maya.call("PUT", "/emsp/v1/notifications/preferences", new JsonObject()
        .put("channels", new JsonObject().put("push", false))).status());
    JsonObject leos = leo.call("GET", "/emsp/v1/notifications/preferences", null).data();
    assertEquals(true, leos.getJsonObject("channels").getBoolean("push"), "Leo keeps the defaults");
    assertEquals(leo.email, leos.getJsonObject("contact").getString("email"));
    assertNull(leos.getValue("updatedAt"));
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** A registered driver of an app's network, with the access token the registration gave. */
  private record Driver(String appKey, UUID id, String email, String token) {
    Result call(String method, String path, Object body) {
      return api.call(method, path, appKey, token, body);
    }
  }

  private static Driver driver(String appKey, String firstName) {
    String email = firstName.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
    Result r = api.post("/emsp/v1/auth/driver/register", appKey, new JsonObject().put("email", email)
        .put("password", "correct horse 1").put("firstName", firstName).put("lastName", "Rivera")
        .put("phoneNumber", "+17875550000"));
    assertEquals(201, r.status(), r.raw());
    return new Driver(appKey, UUID.fromString(r.data().getJsonObject("driver").getString("id")), email,
        r.data().getString("accessToken"));
  }

  /** The first event of the operator's stream after {@code after} whose data names the report. */
  private static CompletableFuture<JsonObject> streamed(String operatorKey, String after, String reportId) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port
            + "/cpms/v1/events/stream?eventTypes=location.problem_reported"))
        .header("X-API-Key", operatorKey).header("Last-Event-ID", after).GET().build();
    return CompletableFuture.supplyAsync(() -> {
      try {
        HttpResponse<InputStream> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
            .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("data:") && line.contains(reportId)) {
              return new JsonObject(line.substring("data:".length()).trim());
            }
          }
        }
        throw new AssertionError("the stream ended without the report");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }

  private static String lastEventId() {
    Response reply = await(api.redis.send(Request.cmd(Command.XREVRANGE).arg(RedisKeys.EVENTS).arg("+").arg("-")
        .arg("COUNT").arg(1)));
    return reply == null || reply.size() == 0 ? "0-0" : reply.get(0).get(0).toString();
  }

  private static JsonObject byId(JsonArray items, String id) {
    return items.stream().map(JsonObject.class::cast).filter(o -> id.equals(o.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + items.encode()));
  }

  private static String mint(String operator, UUID network, JsonObject body) {
    Result r = api.post("/cpms/v1/api-keys", operator, body.put("name", "content").put("apiFamily", "emsp")
        .put("networkIds", new JsonArray().add(network.toString())));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }

  private static UUID location(String operator, String name, boolean published) {
    return created(operator, "/cpms/v1/locations", new JsonObject().put("name", name).put("isPublished", published));
  }

  private static UUID charger(String operator, String uid, UUID location, boolean isPublic) {
    return created(operator, "/cpms/v1/chargers", new JsonObject().put("serial", uid).put("locationUuid", location.toString())
        .put("securityProfile", 0).put("isPublic", isPublic));
  }

  private static UUID created(String key, String path, JsonObject body) {
    Result r = api.post(path, key, body);
    assertEquals(201, r.status(), path + ": " + r.raw());
    return UUID.fromString(r.data().getString("id"));
  }
}
