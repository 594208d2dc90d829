package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /cpms/v1/locations over real HTTP. */
@Timeout(60)
class LocationsTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aCreatedLocationIsShownInDetailWithEveryField() {
    FleetFixture f = new FleetFixture(api, "Loc detail");
    Result created = api.post("/cpms/v1/locations", f.key, new JsonObject().put("name", "Isla Verde Plaza")
        .put("address", "8169 Calle Marginal").put("city", "Carolina").put("state", "PR").put("country", "us")
        .put("postalCode", "00979").put("contactPhone", "+1-787-555-0100").put("timezone", "America/Puerto_Rico")
        .put("latitude", 18.4411).put("longitude", -66.0185));
    assertEquals(201, created.status(), created.raw());
    assertTrue(created.data().getBoolean("created"));
    assertEquals(f.network.toString(), created.data().getString("networkId"));
    Result detail = api.get("/cpms/v1/locations/" + created.data().getString("id"), f.key);
    assertEquals(200, detail.status(), detail.raw());
    JsonObject d = detail.data();
    assertEquals("Isla Verde Plaza", d.getString("name"));
    assertEquals("PR", d.getString("state"));
    assertEquals("US", d.getString("country"));
    assertEquals("00979", d.getString("postalCode"));
    assertEquals("America/Puerto_Rico", d.getString("timezone"));
    assertEquals(18.4411, d.getDouble("latitude"), 1e-6);
    assertEquals(0, d.getLong("chargerCount"));
  }

  @Test
  void theListIsPagedAndConfinedToTheKeysNetworks() {
    FleetFixture mine = new FleetFixture(api, "Loc list mine");
    FleetFixture theirs = new FleetFixture(api, "Loc list theirs");
    mine.location("A");
    mine.location("B");
    mine.location("C");
    theirs.location("Other");
    Result page = api.get("/cpms/v1/locations?pageSize=2&page=2", mine.key);
    assertEquals(200, page.status(), page.raw());
    assertEquals(1, page.list().size());
    assertEquals("C", page.list().getJsonObject(0).getString("name"));
    JsonObject pagination = page.json().getJsonObject("pagination");
    assertEquals(3, pagination.getInteger("total"));
    assertEquals(2, pagination.getInteger("totalPages"));
  }

  @Test
  void aKeyWithSeveralNetworksMustNameTheNetwork() {
    UUID a = api.network("Loc multi A");
    UUID b = api.network("Loc multi B");
    String key = api.key(List.of(a, b), List.of("cpms:locations:write"));
    Result r = api.post("/cpms/v1/locations", key, new JsonObject().put("name", "x"));
    assertEquals(400, r.status(), r.raw());
    assertEquals("networkUuid", r.json().getString("field"));
    Result named = api.post("/cpms/v1/locations", key, new JsonObject().put("name", "x").put("networkUuid", b.toString()));
    assertEquals(201, named.status(), named.raw());
    assertEquals(b.toString(), named.data().getString("networkId"));
  }

  @Test
  void creatingOnAnotherNetworkIs404() {
    FleetFixture mine = new FleetFixture(api, "Loc net mine");
    UUID theirs = api.network("Loc net theirs");
    Result r = api.post("/cpms/v1/locations", mine.key, new JsonObject().put("name", "x").put("networkUuid", theirs.toString()));
    assertEquals(404, r.status(), r.raw());
  }

  @Test
  void aMissingNameIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Loc no name");
    Result r = api.post("/cpms/v1/locations", f.key, new JsonObject().put("city", "Carolina"));
    assertEquals(400, r.status());
    assertEquals("name", r.json().getString("field"));
  }

  @Test
  void anUnknownTimeZoneIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Loc tz");
    Result r = api.post("/cpms/v1/locations", f.key, new JsonObject().put("name", "x").put("timezone", "Mars/Olympus"));
    assertEquals(400, r.status(), r.raw());
    assertEquals("timezone", r.json().getString("field"));
  }

  @Test
  void anUpdateChangesOnlyTheFieldsSentAndNullClears() {
    FleetFixture f = new FleetFixture(api, "Loc update");
    Result created = api.post("/cpms/v1/locations", f.key, new JsonObject().put("name", "Old").put("city", "Carolina")
        .put("address", "1 Road"));
    String id = created.data().getString("id");
    Result put = api.call("PUT", "/cpms/v1/locations/" + id, f.key, new JsonObject().put("name", "New").putNull("address"));
    assertEquals(200, put.status(), put.raw());
    assertTrue(put.data().getBoolean("updated"));
    JsonObject d = api.get("/cpms/v1/locations/" + id, f.key).data();
    assertEquals("New", d.getString("name"));
    assertEquals("Carolina", d.getString("city"));
    assertNull(d.getString("address"));
  }

  @Test
  void anotherNetworksLocationAnswers404ToEveryVerb() {
    FleetFixture mine = new FleetFixture(api, "Loc 404 mine");
    FleetFixture theirs = new FleetFixture(api, "Loc 404 theirs");
    UUID other = theirs.location("Theirs");
    assertEquals(404, api.get("/cpms/v1/locations/" + other, mine.key).status());
    assertEquals(404, api.call("PUT", "/cpms/v1/locations/" + other, mine.key, new JsonObject().put("name", "x")).status());
    assertEquals(404, api.call("DELETE", "/cpms/v1/locations/" + other, mine.key, null).status());
    assertEquals(404, api.get("/cpms/v1/locations/" + UUID.randomUUID(), mine.key).status());
    assertEquals(200, api.get("/cpms/v1/locations/" + other, theirs.key).status());
  }

  @Test
  void aMalformedIdIs400NamingThePathParameter() {
    FleetFixture f = new FleetFixture(api, "Loc bad id");
    Result r = api.get("/cpms/v1/locations/not-a-uuid", f.key);
    assertEquals(400, r.status());
    assertEquals("id", r.json().getString("field"));
  }

  @Test
  void deletingALocationWithAChargerAttachedIs409() {
    FleetFixture f = new FleetFixture(api, "Loc delete blocked");
    UUID loc = f.location("Busy");
    f.charger(new JsonObject().put("serial", FleetFixture.uid()).put("locationUuid", loc.toString()));
    Result r = api.call("DELETE", "/cpms/v1/locations/" + loc, f.key, null);
    assertEquals(409, r.status(), r.raw());
    assertEquals("conflict", r.error());
    assertEquals(200, api.get("/cpms/v1/locations/" + loc, f.key).status());
  }

  @Test
  void deletingALocationWithAnActiveSessionIs409() {
    FleetFixture f = new FleetFixture(api, "Loc delete session");
    UUID loc = f.location("Charging");
    UUID charger = UUID.fromString(f.charger(new JsonObject().put("serial", FleetFixture.uid())
        .put("locationUuid", loc.toString())).getString("id"));
    f.activeSession(charger, null, 1);
    // A decommissioned charger still holding a session keeps the site from being deleted.
    ApiTestServer.await(api.pg.preparedQuery("UPDATE chargers SET deleted_at = now() WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(charger)));
    Result r = api.call("DELETE", "/cpms/v1/locations/" + loc, f.key, null);
    assertEquals(409, r.status(), r.raw());
    assertTrue(r.json().getString("message").contains("active"));
  }

  @Test
  void aDeletedLocationIsGoneFromListAndDetail() {
    FleetFixture f = new FleetFixture(api, "Loc delete");
    UUID loc = f.location("Empty");
    Result r = api.call("DELETE", "/cpms/v1/locations/" + loc, f.key, null);
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.data().getBoolean("deleted"));
    assertEquals(404, api.get("/cpms/v1/locations/" + loc, f.key).status());
    assertEquals(0, api.get("/cpms/v1/locations", f.key).list().size());
  }

  @Test
  void writingWithAReadOnlyKeyIs403() {
    UUID network = api.network("Loc readonly");
    String key = api.key(List.of(network), List.of("cpms:locations:read"));
    assertEquals(200, api.get("/cpms/v1/locations", key).status());
    Result r = api.post("/cpms/v1/locations", key, new JsonObject().put("name", "x"));
    assertEquals(403, r.status());
    assertEquals("forbidden", r.error());
  }

  @Test
  void everyFleetPathIsInTheOpenApiDocument() {
    JsonObject paths = api.get("/openapi.json", null).json().getJsonObject("paths");
    for (String path : List.of("/cpms/v1/locations", "/cpms/v1/locations/{id}", "/cpms/v1/chargers", "/cpms/v1/chargers/{uuid}",
        "/cpms/v1/chargers/{uuid}/connectors", "/cpms/v1/connectors/{uuid}/status", "/cpms/v1/connectors/{connectorUuid}",
        "/cpms/v1/connectors/{uuid}", "/cpms/v1/settings", "/cpms/v1/team", "/cpms/v1/team/{id}", "/cpms/v1/firmware",
        "/cpms/v1/charger-models/{modelId}/firmware")) {
      assertTrue(paths.containsKey(path), path);
    }
  }
}
