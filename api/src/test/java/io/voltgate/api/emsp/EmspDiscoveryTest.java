package io.voltgate.api.emsp;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.store.redis.RedisKeys;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The discovery part of {@code /emsp/v1} over real HTTP: chargers, connector status, the QR info,
 * published locations and their geosearch, tariffs and branding; what the operator sets through
 * {@code /cpms/v1} shows there, another network's ids answer 404 and keys of the wrong kind 401/403.
 *
 * <p>Network A: Paris (published, with a public charger of two connectors, a private charger, and
 * amenities), London (published, no chargers), a hidden location at Paris's coordinates (unpublished,
 * one public charger). Network B: a location in Paris with a charger.
 */
@Timeout(120)
class EmspDiscoveryTest {

  private static final double PARIS_LAT = 48.8566;
  private static final double PARIS_LON = 2.3522;
  private static final double LONDON_LAT = 51.5074;
  private static final double LONDON_LON = -0.1278;
  private static final double OXFORD_LAT = 51.7520;
  private static final double OXFORD_LON = -1.2577;
  /** Great-circle distances between the city centres, km. */
  private static final double PARIS_LONDON_KM = 343.5;
  private static final double LONDON_OXFORD_KM = 82.6;

  private static ApiTestServer api;
  private static UUID networkA;
  private static UUID networkB;
  private static String operatorA;
  private static String operatorB;
  private static String serverKey;
  private static String appKey;
  private static String tariffsOnlyKey;
  private static String serverKeyB;
  private static UUID paris;
  private static UUID london;
  private static UUID oxford;
  private static UUID hidden;
  private static UUID parisB;
  private static String publicUid;
  private static UUID publicCharger;
  private static UUID acConnector;
  private static UUID dcConnector;
  private static UUID privateCharger;
  private static UUID hiddenCharger;
  private static UUID chargerB;
  private static UUID connectorB;
  private static UUID locationTariff;
  private static UUID connectorTariff;
  private static UUID tariffB;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    String unique = UUID.randomUUID().toString().substring(0, 8);
    networkA = api.network("Phevnix " + unique);
    networkB = api.network("Other " + unique);
    operatorA = api.key(List.of(networkA), Scopes.CPMS);
    operatorB = api.key(List.of(networkB), Scopes.CPMS);
    serverKey = mint(operatorA, networkA, new JsonObject());
    appKey = mint(operatorA, networkA, new JsonObject().put("keyClass", "Publishable"));
    tariffsOnlyKey = mint(operatorA, networkA, new JsonObject().put("scopes", new JsonArray().add("emsp:tariffs:read")));
    serverKeyB = mint(operatorB, networkB, new JsonObject());

    paris = created(operatorA, "/cpms/v1/locations", new JsonObject().put("name", "Paris Centre").put("city", "Paris")
        .put("country", "FR").put("latitude", PARIS_LAT).put("longitude", PARIS_LON).put("contactPhone", "+33 1 23 45")
        .put("hasParking", true).put("hasWifi", true)
        .put("openingHours", new JsonObject().put("twentyfourseven", true))
        .put("images", new JsonArray().add(new JsonObject().put("url", "https://cdn.example.com/paris.jpg")
            .put("type", "location").put("width", 1280).put("height", 720))));
    london = created(operatorA, "/cpms/v1/locations", new JsonObject().put("name", "London Bridge")
        .put("latitude", LONDON_LAT).put("longitude", LONDON_LON));
    oxford = created(operatorA, "/cpms/v1/locations", new JsonObject().put("name", "Oxford Park and Ride")
        .put("latitude", OXFORD_LAT).put("longitude", OXFORD_LON));
    hidden = created(operatorA, "/cpms/v1/locations", new JsonObject().put("name", "Depot (not published)")
        .put("latitude", PARIS_LAT).put("longitude", PARIS_LON).put("isPublished", false));
    parisB = created(operatorB, "/cpms/v1/locations", new JsonObject().put("name", "Paris of B")
        .put("latitude", PARIS_LAT).put("longitude", PARIS_LON));

    publicUid = "EMSP-" + unique + "-1";
    publicCharger = charger(operatorA, publicUid, paris, true);
    acConnector = created(operatorA, "/cpms/v1/chargers/" + publicCharger + "/connectors", new JsonObject()
        .put("connectorNumber", 1).put("standard", "IEC_62196_T2").put("format", "SOCKET").put("powerType", "AC_3_PHASE")
        .put("maxVoltage", 400).put("maxAmperage", 32).put("maxPower", 22));
    dcConnector = created(operatorA, "/cpms/v1/chargers/" + publicCharger + "/connectors", new JsonObject()
        .put("connectorNumber", 2).put("standard", "IEC_62196_T2_COMBO").put("format", "CABLE").put("powerType", "DC")
        .put("maxPower", 150));
    privateCharger = charger(operatorA, "EMSP-" + unique + "-private", paris, false);
    created(operatorA, "/cpms/v1/chargers/" + privateCharger + "/connectors", new JsonObject().put("standard", "CHADEMO")
        .put("maxPower", 50));
    hiddenCharger = charger(operatorA, "EMSP-" + unique + "-hidden", hidden, true);
    chargerB = charger(operatorB, "EMSP-" + unique + "-B", parisB, true);
    connectorB = created(operatorB, "/cpms/v1/chargers/" + chargerB + "/connectors", new JsonObject());

    locationTariff = created(operatorA, "/cpms/v1/tariffs", new JsonObject().put("name", "Standard AC")
        .put("description", "Default rate").put("energyRate", 0.35).put("sessionFee", 0.5).put("idleRate", 0.4)
        .put("idleFeeEnabled", true).put("idleGracePeriodMinutes", 10).put("minSessionFee", 1).put("maxSessionFee", 50)
        .put("taxRate", 11.5).put("effectiveFrom", "2026-01-01T00:00:00Z").put("effectiveTo", "2026-12-31T23:59:59Z"));
    connectorTariff = created(operatorA, "/cpms/v1/tariffs", new JsonObject().put("name", "Fast DC").put("energyRate", 0.59));
    assign(operatorA, locationTariff, new JsonObject().put("locationUuid", paris.toString()));
    assign(operatorA, connectorTariff, new JsonObject().put("connectorUuid", dcConnector.toString()));
    tariffB = created(operatorB, "/cpms/v1/tariffs", new JsonObject().put("name", "B tariff").put("energyRate", 0.2));

    Result branded = api.call("PUT", "/cpms/v1/settings?networkUuid=" + networkA, operatorA, new JsonObject()
        .put("branding", new JsonObject().put("logoUrl", "https://cdn.example.com/logo.svg").put("primaryColor", "#0EA5E9")
            .put("secondaryColor", "#0F172A").put("logoBackground", "light").put("termsUrl", "https://example.com/terms")
            .put("privacyUrl", "https://example.com/privacy")));
    assertEquals(200, branded.status(), branded.raw());

    // The gateway's view: the public charger is connected, connector 1 available, connector 2 charging.
    long now = Instant.now().toEpochMilli();
    await(api.redis.send(Request.cmd(Command.HSET).arg(RedisKeys.connection(publicUid)).arg("node").arg("elsewhere")
        .arg("lastSeen").arg(now).arg("lastHeartbeat").arg(now)));
    await(api.redis.send(Request.cmd(Command.HSET).arg(RedisKeys.status(publicUid))
        .arg("1/1").arg(status("Available")).arg("2/1").arg(status("Charging"))));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  // --- chargers ---------------------------------------------------------------------------------

  @Test
  void theChargerListShowsTheNetworksFleetInTheSeedsShapeWithItsPagination() {
    Result r = api.get("/emsp/v1/chargers?pageSize=2", serverKey);
    assertEquals(200, r.status(), r.raw());
    JsonObject pagination = r.json().getJsonObject("pagination");
    assertEquals(3, pagination.getInteger("totalCount"), r.raw());
    assertEquals(2, pagination.getInteger("pageSize"));
    assertEquals(2, pagination.getInteger("totalPages"));
    assertEquals(true, pagination.getBoolean("hasNextPage"));
    assertEquals(false, pagination.getBoolean("hasPreviousPage"));
    assertTrue(r.json().getBoolean("success"));
    JsonObject first = r.list().getJsonObject(0);
    assertEquals(publicCharger.toString(), first.getString("id"));
    assertEquals(publicUid, first.getString("uid"));
    assertEquals("Paris Centre", first.getString("locationName"));
    assertEquals(paris.toString(), first.getString("locationId"));
    assertEquals(true, first.getBoolean("isPublic"));
    assertEquals(150.0, first.getDouble("maxPowerKw"));
    assertEquals(2, first.getInteger("connectorCount"));
    assertEquals(true, first.getBoolean("isOnline"));
    assertTrue(first.getString("lastHeartbeat").endsWith("Z"), first.encode());
    assertEquals(networkA.toString(), first.getString("networkId"));
    assertTrue(first.getString("networkName").startsWith("Phevnix"));
    assertEquals("UNKNOWN", first.getString("status"), "no whole-charger status was reported");
    assertTrue(first.containsKey("evseId") && first.containsKey("lastUpdated"), first.encode());

    Result second = api.get("/emsp/v1/chargers?pageSize=2&page=2", serverKey);
    assertEquals(1, second.list().size());
    assertEquals(true, second.json().getJsonObject("pagination").getBoolean("hasPreviousPage"));
    assertFalse(second.raw().contains(chargerB.toString()), "another network's charger is listed");
  }

  @Test
  void aChargersDetailHasItsConnectorsWithLiveUpperCaseStatuses() {
    Result r = api.get("/emsp/v1/chargers/" + publicCharger, serverKey);
    assertEquals(200, r.status(), r.raw());
    JsonObject data = r.data();
    assertEquals(publicUid, data.getString("serialNumber"));
    assertNull(data.getValue("coordinates"));
    assertTrue(data.containsKey("installationDate") && data.containsKey("firmwareVersion") && data.containsKey("manufacturer"));
    JsonArray connectors = data.getJsonArray("connectors");
    assertEquals(2, connectors.size());
    JsonObject ac = connectors.getJsonObject(0);
    assertEquals(acConnector.toString(), ac.getString("id"));
    assertEquals(1, ac.getInteger("connectorNumber"));
    assertEquals(publicUid + "-1", ac.getString("connectorIdentifier"));
    assertEquals("AVAILABLE", ac.getString("status"));
    assertEquals(22000, ac.getInteger("maxElectricPowerWatts"));
    assertEquals(400, ac.getInteger("maxVoltage"));
    assertEquals("CHARGING", connectors.getJsonObject(1).getString("status"));
    assertEquals(150000, connectors.getJsonObject(1).getInteger("maxElectricPowerWatts"));
  }

  @Test
  void anUnknownOrForeignChargerIs404AndABadIdA400() {
    assertEquals(404, api.get("/emsp/v1/chargers/" + UUID.randomUUID(), serverKey).status());
    Result foreign = api.get("/emsp/v1/chargers/" + chargerB, serverKey);
    assertEquals(404, foreign.status(), foreign.raw());
    assertEquals("not_found", foreign.error());
    assertEquals(200, api.get("/emsp/v1/chargers/" + chargerB, serverKeyB).status());
    Result bad = api.get("/emsp/v1/chargers/not-a-uuid", serverKey);
    assertEquals(400, bad.status(), bad.raw());
    assertEquals("id", bad.json().getString("field"));
  }

  @Test
  void anAppKeyWithoutADriverTokenIs401AndAnOperatorKeyIs401() {
    for (String path : List.of("/emsp/v1/chargers", "/emsp/v1/chargers/" + publicCharger, "/emsp/v1/locations",
        "/emsp/v1/locations/search?latitude=48.85&longitude=2.35", "/emsp/v1/tariffs",
        "/emsp/v1/connectors/" + acConnector + "/status", "/emsp/v1/chargers/" + publicUid + "/info")) {
      Result app = api.get(path, appKey);
      assertEquals(401, app.status(), path + ": " + app.raw());
      assertEquals("driver_token_required", app.error(), path);
      Result operator = api.get(path, operatorA);
      assertEquals(401, operator.status(), path + ": " + operator.raw());
      assertEquals(401, api.get(path, null).status(), path);
    }
  }

  @Test
  void aKeyWithoutTheScopeIs403() {
    Result r = api.get("/emsp/v1/chargers", tariffsOnlyKey);
    assertEquals(403, r.status(), r.raw());
    assertEquals(403, api.get("/emsp/v1/locations", tariffsOnlyKey).status());
    assertEquals(200, api.get("/emsp/v1/tariffs", tariffsOnlyKey).status());
  }

  @Test
  void rebootingAnOfflineChargerAnswersItsStatusNotAnError() {
    Result r = api.post("/emsp/v1/chargers/" + privateCharger + "/reboot", serverKey, new JsonObject().put("type", "Hard"));
    assertEquals(200, r.status(), r.raw());
    assertEquals(privateCharger.toString(), r.data().getString("chargerId"));
    assertEquals("Offline", r.data().getString("status"));
    assertTrue(r.data().getString("message").contains("Hard reset"), r.raw());
    assertEquals(Set3.of("chargerId", "status", "message"), r.data().fieldNames());
    Result defaulted = api.post("/emsp/v1/chargers/" + privateCharger + "/reboot", serverKey, null);
    assertEquals(200, defaulted.status(), defaulted.raw());
    assertTrue(defaulted.data().getString("message").contains("Soft reset"), defaulted.raw());
  }

  @Test
  void aRebootIsRefusedToAnAppKeyAnotherNetworkAndABadType() {
    assertEquals(403, api.post("/emsp/v1/chargers/" + privateCharger + "/reboot", appKey, null).status());
    assertEquals(404, api.post("/emsp/v1/chargers/" + chargerB + "/reboot", serverKey, null).status());
    Result bad = api.post("/emsp/v1/chargers/" + privateCharger + "/reboot", serverKey, new JsonObject().put("type", "Off"));
    assertEquals(400, bad.status(), bad.raw());
    assertEquals("type", bad.json().getString("field"));
  }

  // --- QR info ----------------------------------------------------------------------------------

  @Test
  void theInfoFindsAPublicChargerByUuidUidOrSerialWithBrandingAndEachConnectorsTariff() {
    for (String identifier : List.of(publicCharger.toString(), publicUid)) {
      Result r = api.get("/emsp/v1/chargers/" + identifier + "/info", serverKey);
      assertEquals(200, r.status(), identifier + ": " + r.raw());
      JsonObject data = r.data();
      assertEquals(publicCharger.toString(), data.getString("chargerUuid"));
      assertEquals(publicUid, data.getString("chargerUid"));
      assertTrue(data.getString("llmLookupId").matches("[0-9A-HJKMNP-TV-Z]{6}"), data.getString("llmLookupId"));
      assertEquals(LlmLookupId.of(publicCharger), data.getString("llmLookupId"));
      assertEquals("Paris Centre", data.getString("locationName"));
      assertEquals(PARIS_LAT, data.getDouble("latitude"));
      assertEquals("https://cdn.example.com/logo.svg", data.getString("networkLogoUrl"));
      assertEquals("#0EA5E9", data.getString("networkPrimaryColor"));
      assertEquals("EUR", data.getString("currency"));
      assertEquals(true, data.getBoolean("isOnline"));
      JsonArray connectors = data.getJsonArray("connectors");
      JsonObject ac = connectors.getJsonObject(0);
      assertEquals(locationTariff.toString(), ac.getString("tariffId"), "the location's tariff applies to connector 1");
      assertEquals("Standard AC", ac.getString("tariffName"));
      assertEquals(0.35, ac.getDouble("energyRate"));
      assertEquals(0.5, ac.getDouble("sessionFee"));
      assertEquals(0.4, ac.getDouble("idleRate"));
      assertEquals(true, ac.getBoolean("idleFeeEnabled"));
      assertEquals(10, ac.getInteger("idleGracePeriodMinutes"));
      assertEquals(22.0, ac.getDouble("maxPowerKw"));
      assertEquals("AVAILABLE", ac.getString("status"));
      assertEquals(publicUid + "-1", ac.getString("connectorIdentifier"));
      JsonObject dc = connectors.getJsonObject(1);
      assertEquals(connectorTariff.toString(), dc.getString("tariffId"), "the connector's own tariff beats the location's");
      assertEquals(0.59, dc.getDouble("energyRate"));
    }
  }

  @Test
  void theInfoHidesPrivateChargersUnpublishedLocationsAndOtherNetworks() {
    assertEquals(404, api.get("/emsp/v1/chargers/" + privateCharger + "/info", serverKey).status());
    assertEquals(404, api.get("/emsp/v1/chargers/" + hiddenCharger + "/info", serverKey).status());
    assertEquals(404, api.get("/emsp/v1/chargers/" + chargerB + "/info", serverKey).status());
    assertEquals(404, api.get("/emsp/v1/chargers/NO-SUCH-CHARGER/info", serverKey).status());
    Result tooLong = api.get("/emsp/v1/chargers/" + "x".repeat(101) + "/info", serverKey);
    assertEquals(400, tooLong.status(), tooLong.raw());
  }

  // --- connectors -------------------------------------------------------------------------------

  @Test
  void aConnectorsStatusIsLiveWithItsChargerAndLocation() {
    Result r = api.get("/emsp/v1/connectors/" + dcConnector + "/status", serverKey);
    assertEquals(200, r.status(), r.raw());
    JsonObject data = r.data();
    assertEquals("CHARGING", data.getString("status"));
    assertEquals(2, data.getInteger("connectorNumber"));
    assertEquals(publicUid + "-2", data.getString("connectorIdentifier"));
    assertEquals(publicCharger.toString(), data.getString("chargerId"));
    assertEquals(publicUid, data.getString("chargerUid"));
    assertEquals(paris.toString(), data.getString("locationId"));
    assertEquals("Paris Centre", data.getString("locationName"));
    assertTrue(data.getString("lastStatusUpdate").endsWith("Z"), data.encode());
    assertTrue(data.containsKey("hasRfidReader") && data.containsKey("hasDisplay"));
    assertEquals(404, api.get("/emsp/v1/connectors/" + connectorB + "/status", serverKey).status());
    assertEquals(404, api.get("/emsp/v1/connectors/" + UUID.randomUUID() + "/status", serverKey).status());
    assertEquals(400, api.get("/emsp/v1/connectors/nope/status", serverKey).status());
  }

  // --- locations --------------------------------------------------------------------------------

  @Test
  void theLocationListShowsPublishedLocationsWithWhatTheirPublicChargersOffer() {
    Result r = api.get("/emsp/v1/locations", serverKey);
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.json().getJsonObject("pagination").getInteger("totalCount") >= 3, r.raw());
    assertFalse(r.raw().contains(hidden.toString()), "an unpublished location is listed");
    assertFalse(r.raw().contains(parisB.toString()), "another network's location is listed");
    JsonObject p = byId(r.list(), paris);
    assertEquals(1, p.getInteger("chargerCount"), "the private charger does not count");
    assertEquals(1, p.getInteger("availableCount"), "connector 1 is Available, connector 2 Charging");
    assertEquals(150.0, p.getDouble("maxPowerKw"));
    assertEquals(List.of("IEC_62196_T2", "IEC_62196_T2_COMBO"), p.getJsonArray("connectorTypes").getList());
    assertEquals(true, p.getBoolean("hasParking"));
    assertEquals(false, p.getBoolean("hasRestrooms"));
    assertEquals(true, p.getBoolean("hasWifi"));
    assertEquals("+33 1 23 45", p.getString("phone"));
    assertFalse(p.containsKey("distanceKm"), "no point, no distance");
    JsonObject l = byId(r.list(), london);
    assertEquals(0, l.getInteger("chargerCount"));
    assertEquals(0, l.getInteger("availableCount"));
    assertNull(l.getValue("maxPowerKw"));

    Result near = api.get("/emsp/v1/locations?latitude=" + PARIS_LAT + "&longitude=" + PARIS_LON, serverKey);
    assertEquals(200, near.status(), near.raw());
    assertEquals(0.0, byId(near.list(), paris).getDouble("distanceKm"));
    assertWithinHalfAPercent(PARIS_LONDON_KM, byId(near.list(), london).getDouble("distanceKm"));
    Result half = api.get("/emsp/v1/locations?latitude=" + PARIS_LAT, serverKey);
    assertEquals(400, half.status(), half.raw());
    assertEquals("longitude", half.json().getString("field"));
  }

  @Test
  void theGeosearchFindsLocationsNearestFirstWithinTheRadius() {
    Result wide = api.get("/emsp/v1/locations/search?latitude=" + LONDON_LAT + "&longitude=" + LONDON_LON
        + "&radiusKm=100", serverKey);
    assertEquals(200, wide.status(), wide.raw());
    List<String> ids = wide.list().stream().map(o -> ((JsonObject) o).getString("id")).toList();
    assertEquals(List.of(london.toString(), oxford.toString()), ids, "nearest first, within the radius");
    assertEquals(0.0, wide.list().getJsonObject(0).getDouble("distanceKm"));
    assertWithinHalfAPercent(LONDON_OXFORD_KM, wide.list().getJsonObject(1).getDouble("distanceKm"));
    assertEquals(2, wide.json().getJsonObject("pagination").getInteger("totalCount"));

    Result narrow = api.get("/emsp/v1/locations/search?latitude=" + LONDON_LAT + "&longitude=" + LONDON_LON
        + "&radiusKm=80", serverKey);
    assertEquals(List.of(london.toString()), narrow.list().stream().map(o -> ((JsonObject) o).getString("id")).toList());
    // in Paris: published locations of network A only, with what their chargers offer
    Result inParis = api.get("/emsp/v1/locations/search?latitude=" + PARIS_LAT + "&longitude=" + PARIS_LON
        + "&radiusKm=200", serverKey);
    assertEquals(List.of(paris.toString()), inParis.list().stream().map(o -> ((JsonObject) o).getString("id")).toList());
    assertEquals(1, inParis.list().getJsonObject(0).getInteger("availableCount"));
    // the default radius is 10 km: from 5 km away Paris Centre is found, London is not
    Result defaulted = api.get("/emsp/v1/locations/search?latitude=48.8584&longitude=2.2945", serverKey);
    assertEquals(List.of(paris.toString()), defaulted.list().stream().map(o -> ((JsonObject) o).getString("id")).toList());
    assertWithinHalfAPercent(4.226, defaulted.list().getJsonObject(0).getDouble("distanceKm"));
  }

  @Test
  void theGeosearchRefusesCoordinatesAndRadiiOutOfRange() {
    for (String query : List.of("latitude=91&longitude=0", "latitude=0&longitude=-181", "latitude=abc&longitude=0",
        "longitude=2", "latitude=48", "latitude=48&longitude=2&radiusKm=201", "latitude=48&longitude=2&radiusKm=0",
        "latitude=NaN&longitude=2", "latitude=48&longitude=Infinity")) {
      Result r = api.get("/emsp/v1/locations/search?" + query, serverKey);
      assertEquals(400, r.status(), query + ": " + r.raw());
      assertEquals("validation_error", r.error(), query);
    }
  }

  @Test
  void aLocationsDetailAndChargersShowOnlyWhatIsPublic() {
    Result r = api.get("/emsp/v1/locations/" + paris, serverKey);
    assertEquals(200, r.status(), r.raw());
    JsonObject data = r.data();
    assertEquals(true, data.getJsonObject("openingHours").getBoolean("twentyfourseven"));
    assertEquals("https://cdn.example.com/paris.jpg", data.getJsonArray("images").getJsonObject(0).getString("url"));
    assertEquals(1, data.getInteger("chargerCount"));
    assertEquals(1, data.getInteger("availableCount"));
    assertNull(data.getValue("ratingAverage"));
    assertEquals(0, data.getInteger("ratingCount"));

    Result chargers = api.get("/emsp/v1/locations/" + paris + "/chargers", serverKey);
    assertEquals(200, chargers.status(), chargers.raw());
    assertEquals(1, chargers.list().size(), chargers.raw());
    JsonObject c = chargers.list().getJsonObject(0);
    assertEquals(publicCharger.toString(), c.getString("id"));
    assertEquals(publicUid, c.getString("serialNumber"));
    assertEquals(2, c.getInteger("connectorCount"));
    assertEquals(true, c.getBoolean("isOnline"));

    assertEquals(404, api.get("/emsp/v1/locations/" + hidden, serverKey).status());
    assertEquals(404, api.get("/emsp/v1/locations/" + hidden + "/chargers", serverKey).status());
    assertEquals(404, api.get("/emsp/v1/locations/" + parisB, serverKey).status());
    assertEquals(404, api.get("/emsp/v1/locations/" + parisB + "/chargers", serverKey).status());
    assertEquals(400, api.get("/emsp/v1/locations/x1", serverKey).status());
  }

  @Test
  void whatTheOperatorChangesThroughCpmsShowsOnTheDriverApi() {
    UUID site = created(operatorA, "/cpms/v1/locations", new JsonObject().put("name", "Soon").put("latitude", 10.0)
        .put("longitude", 10.0));
    assertEquals(200, api.get("/emsp/v1/locations/" + site, serverKey).status());
    Result unpublished = api.call("PUT", "/cpms/v1/locations/" + site, operatorA, new JsonObject().put("isPublished", false)
        .put("hasRestrooms", true));
    assertEquals(200, unpublished.status(), unpublished.raw());
    assertEquals(404, api.get("/emsp/v1/locations/" + site, serverKey).status());
    assertEquals(200, api.call("PUT", "/cpms/v1/locations/" + site, operatorA, new JsonObject().put("isPublished", true))
        .status());
    assertEquals(true, api.get("/emsp/v1/locations/" + site, serverKey).data().getBoolean("hasRestrooms"));

    UUID charger = charger(operatorA, "EMSP-" + UUID.randomUUID().toString().substring(0, 8), site, true);
    assertEquals(200, api.get("/emsp/v1/chargers/" + charger + "/info", serverKey).status());
    Result hidden = api.call("PATCH", "/cpms/v1/chargers/" + charger, operatorA, new JsonObject().put("isPublic", false));
    assertEquals(200, hidden.status(), hidden.raw());
    assertEquals(404, api.get("/emsp/v1/chargers/" + charger + "/info", serverKey).status());
    assertEquals(false, api.get("/emsp/v1/chargers/" + charger, serverKey).data().getBoolean("isPublic"),
        "a back end still sees its private charger");
    Result badImages = api.call("PUT", "/cpms/v1/locations/" + site, operatorA, new JsonObject().put("images", "x"));
    assertEquals(400, badImages.status(), badImages.raw());
  }

  // --- tariffs ----------------------------------------------------------------------------------

  @Test
  void tariffsHaveTheSeedsFields() {
    Result r = api.get("/emsp/v1/tariffs/" + locationTariff, serverKey);
    assertEquals(200, r.status(), r.raw());
    JsonObject t = r.data();
    assertEquals("Standard AC", t.getString("name"));
    assertEquals("Default rate", t.getString("description"));
    assertEquals("REGULAR", t.getString("type"));
    assertEquals("EUR", t.getString("currency"));
    assertEquals(false, t.getBoolean("isFree"));
    assertEquals(0.35, t.getDouble("energyRate"));
    assertEquals(0.0, t.getDouble("timeRate"));
    assertEquals(0.4, t.getDouble("idleRate"));
    assertEquals(0.5, t.getDouble("sessionFee"));
    assertEquals(1.0, t.getDouble("minimumSessionFee"));
    assertEquals(50.0, t.getDouble("maximumSessionFee"));
    assertEquals(11.5, t.getDouble("taxRate"));
    assertEquals("2026-01-01T00:00:00Z", t.getString("effectiveFrom"));
    assertEquals("2026-12-31T23:59:59Z", t.getString("effectiveTo"));

    Result list = api.get("/emsp/v1/tariffs", serverKey);
    assertEquals(200, list.status(), list.raw());
    assertEquals(2, list.json().getJsonObject("pagination").getInteger("totalCount"));
    assertFalse(list.raw().contains(tariffB.toString()));
    assertEquals(404, api.get("/emsp/v1/tariffs/" + tariffB, serverKey).status());
    assertEquals(404, api.get("/emsp/v1/tariffs/" + UUID.randomUUID(), serverKey).status());
  }

  // --- branding ---------------------------------------------------------------------------------

  @Test
  void brandingIsPublicToAnAppKeyWithoutADriver() {
    Result r = api.get("/emsp/v1/networks/" + networkA + "/branding", appKey);
    assertEquals(200, r.status(), r.raw());
    JsonObject b = r.data();
    assertEquals(networkA.toString(), b.getString("networkId"));
    assertTrue(b.getString("name").startsWith("Phevnix"));
    assertEquals("https://cdn.example.com/logo.svg", b.getString("logoUrl"));
    assertEquals("light", b.getString("logoBackground"));
    assertEquals("#0F172A", b.getString("secondaryColor"));
    assertEquals("https://example.com/terms", b.getString("termsUrl"));
    assertEquals("https://example.com/privacy", b.getString("privacyUrl"));
    assertTrue(b.containsKey("faviconUrl"));
    assertEquals(200, api.get("/emsp/v1/networks/" + networkA + "/branding", serverKey).status());
    assertEquals(404, api.get("/emsp/v1/networks/" + networkB + "/branding", appKey).status());
    assertEquals(401, api.get("/emsp/v1/networks/" + networkA + "/branding", null).status());
    assertEquals(401, api.get("/emsp/v1/networks/" + networkA + "/branding", operatorA).status());
    assertEquals(403, api.get("/emsp/v1/networks/" + networkA + "/branding", tariffsOnlyKey).status());
    Result settings = api.get("/cpms/v1/settings?networkUuid=" + networkA, operatorA);
    assertEquals("light", settings.data().getJsonObject("branding").getString("logoBackground"));
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Set.of with a readable name in assertions of a response's exact fields. */
  private static final class Set3 {
    static java.util.Set<String> of(String... names) {
      return java.util.Set.of(names);
    }
  }

  private static void assertWithinHalfAPercent(double expected, double actual) {
    assertTrue(Math.abs(actual - expected) <= expected * 0.005, "expected " + expected + " km ± 0.5 %, got " + actual);
  }

  private static JsonObject byId(JsonArray items, UUID id) {
    return items.stream().map(JsonObject.class::cast).filter(o -> id.toString().equals(o.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + items.stream().map(Object::toString)
            .collect(Collectors.joining(", "))));
  }

  private static String status(String value) {
    return new JsonObject().put("status", value).put("errorCode", "NoError").put("ts", Instant.now().toString()).encode();
  }

  private static String mint(String operator, UUID network, JsonObject body) {
    Result r = api.post("/cpms/v1/api-keys", operator, body.put("name", "emsp partner").put("apiFamily", "emsp")
        .put("networkIds", new JsonArray().add(network.toString())));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }

  private static UUID created(String key, String path, JsonObject body) {
    Result r = api.post(path, key, body);
    assertEquals(201, r.status(), path + ": " + r.raw());
    return UUID.fromString(r.data().getString("id"));
  }

  private static UUID charger(String key, String uid, UUID location, boolean isPublic) {
    return created(key, "/cpms/v1/chargers", new JsonObject().put("serial", uid).put("locationUuid", location.toString())
        .put("securityProfile", 0).put("isPublic", isPublic));
  }

  private static void assign(String key, UUID tariff, JsonObject target) {
    Result r = api.post("/cpms/v1/tariffs/" + tariff + "/assign", key, target);
    assertEquals(201, r.status(), r.raw());
  }
}
