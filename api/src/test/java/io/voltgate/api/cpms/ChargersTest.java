package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.store.security.ChargerPasswords;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /cpms/v1/chargers over real HTTP, with live state written to Redis as the gateway writes it. */
@Timeout(60)
class ChargersTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Row chargerRow(String id) {
    return ApiTestServer.await(api.pg.preparedQuery("SELECT * FROM chargers WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id)))).iterator().next();
  }

  @Test
  void aRegisteredChargerStartsUnknownWithAPrintableEvseCode() {
    FleetFixture f = new FleetFixture(api, "Chg register");
    UUID loc = f.location("Site");
    String uid = FleetFixture.uid();
    Result r = api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", uid)
        .put("locationUuid", loc.toString()).put("firmwareVersion", "1.5.32").put("ocppVersion", "1.6"));
    assertEquals(201, r.status(), r.raw());
    JsonObject d = r.data();
    assertEquals(uid, d.getString("uid"));
    assertEquals(uid, d.getString("serialNumber"));
    assertEquals("UNKNOWN", d.getString("status"));
    assertEquals(f.network.toString(), d.getString("networkId"));
    assertEquals(loc.toString(), d.getString("locationId"));
    assertTrue(d.getString("evseId").matches("VG-[A-Z0-9]{6}"), d.getString("evseId"));
    assertTrue(d.getBoolean("created"));
    assertEquals(1, d.getInteger("securityProfile"), "Basic auth unless the operator opts the charger out");
    assertTrue(d.getString("password").length() >= 16, "its password is shown once");
  }

  @Test
  void aChargerWithoutAuthenticationIsAnExplicitChoice() {
    FleetFixture f = new FleetFixture(api, "Chg profile 0");
    Result r = api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", FleetFixture.uid()).put("securityProfile", 0));
    assertEquals(201, r.status(), r.raw());
    assertEquals(0, r.data().getInteger("securityProfile"));
    assertFalse(r.data().containsKey("password"));
  }

  @Test
  void securityProfile2GeneratesAPasswordShownOnceAndStoredAsBcrypt() {
    FleetFixture f = new FleetFixture(api, "Chg profile 2");
    Result r = api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", FleetFixture.uid()).put("securityProfile", 2));
    assertEquals(201, r.status(), r.raw());
    String password = r.data().getString("password");
    assertNotNull(password);
    assertEquals(20, password.length());
    Row row = chargerRow(r.data().getString("id"));
    assertEquals(2, (int) row.getShort("security_profile"));
    assertTrue(row.getString("password_hash").startsWith("$2"));
    assertTrue(ChargerPasswords.verify(row.getString("password_hash"), password));
    Result detail = api.get("/cpms/v1/chargers/" + r.data().getString("id"), f.key);
    assertFalse(detail.raw().contains(password), "the password leaked into the detail");
    assertEquals(2, detail.data().getInteger("securityProfile"));
  }

  @Test
  void securityProfile3UsesCertificatesAndGetsNoPassword() {
    FleetFixture f = new FleetFixture(api, "Chg profile 3");
    Result r = api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", FleetFixture.uid()).put("securityProfile", 3));
    assertEquals(201, r.status(), r.raw());
    assertFalse(r.data().containsKey("password"));
    assertNull(chargerRow(r.data().getString("id")).getString("password_hash"));
  }

  @Test
  void aSecurityProfileOutOfRangeIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Chg profile 4");
    Result r = api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", FleetFixture.uid()).put("securityProfile", 4));
    assertEquals(400, r.status());
    assertEquals("securityProfile", r.json().getString("field"));
  }

  @Test
  void aSerialThatCannotBeAChargePointIdIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Chg serial");
    Result r = api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", "has space:colon"));
    assertEquals(400, r.status());
    assertEquals("serial", r.json().getString("field"));
  }

  @Test
  void registeringAUidTwiceIs409() {
    FleetFixture f = new FleetFixture(api, "Chg duplicate");
    String uid = FleetFixture.uid();
    f.charger(uid);
    Result again = api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", uid));
    assertEquals(409, again.status(), again.raw());
  }

  @Test
  void registeringAtAnotherNetworksLocationIs404() {
    FleetFixture mine = new FleetFixture(api, "Chg loc mine");
    FleetFixture theirs = new FleetFixture(api, "Chg loc theirs");
    UUID other = theirs.location("Theirs");
    Result r = api.post("/cpms/v1/chargers", mine.key, new JsonObject().put("serial", FleetFixture.uid())
        .put("locationUuid", other.toString()));
    assertEquals(404, r.status(), r.raw());
  }

  @Test
  void anUnknownModelIs404() {
    FleetFixture f = new FleetFixture(api, "Chg model");
    Result r = api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", FleetFixture.uid())
        .put("modelUuid", UUID.randomUUID().toString()));
    assertEquals(404, r.status(), r.raw());
  }

  @Test
  void theListShowsOnlineFromTheRedisConnectionEntry() {
    FleetFixture f = new FleetFixture(api, "Chg online");
    String online = FleetFixture.uid();
    String stale = FleetFixture.uid();
    String never = FleetFixture.uid();
    f.charger(online);
    f.charger(stale);
    f.charger(never);
    long now = System.currentTimeMillis();
    f.connected(online, now, now - 1000);
    f.connected(stale, now - Duration.ofMinutes(10).toMillis(), null);
    Result r = api.get("/cpms/v1/chargers", f.key);
    assertEquals(200, r.status(), r.raw());
    assertEquals(3, r.list().size());
    for (Object o : r.list()) {
      JsonObject c = (JsonObject) o;
      String uid = c.getString("uid");
      assertEquals(uid.equals(online), c.getBoolean("isOnline"), uid);
      if (uid.equals(never)) {
        assertNull(c.getString("lastHeartbeat"));
      } else {
        assertNotNull(c.getString("lastHeartbeat"));
      }
    }
  }

  @Test
  void theListShowsTheStatusTheChargerReported() {
    FleetFixture f = new FleetFixture(api, "Chg status");
    String uid = FleetFixture.uid();
    f.charger(new JsonObject().put("serial", uid).put("status", "available"));
    assertEquals("Available", api.get("/cpms/v1/chargers", f.key).list().getJsonObject(0).getString("status"));
    f.reported(uid, "0", "Faulted");
    assertEquals("Faulted", api.get("/cpms/v1/chargers", f.key).list().getJsonObject(0).getString("status"));
  }

  @Test
  void theListIsConfinedToTheKeysNetworksAndPaged() {
    FleetFixture mine = new FleetFixture(api, "Chg list mine");
    FleetFixture theirs = new FleetFixture(api, "Chg list theirs");
    mine.charger(FleetFixture.uid());
    mine.charger(FleetFixture.uid());
    theirs.charger(FleetFixture.uid());
    Result r = api.get("/cpms/v1/chargers?pageSize=1", mine.key);
    assertEquals(200, r.status(), r.raw());
    assertEquals(1, r.list().size());
    assertEquals(2, r.json().getJsonObject("pagination").getInteger("total"));
    assertEquals(2, r.json().getJsonObject("pagination").getInteger("totalPages"));
  }

  @Test
  void theDetailShowsConnectorsInOrderWithLiveStatusAndHeartbeat() {
    FleetFixture f = new FleetFixture(api, "Chg detail");
    String uid = FleetFixture.uid();
    UUID id = UUID.fromString(f.charger(uid).getString("id"));
    f.connector(id, new JsonObject().put("connectorNumber", 2).put("maxPower", 50).put("powerType", "DC"));
    f.connector(id, new JsonObject().put("connectorNumber", 1).put("maxPower", 22).put("standard", "IEC_62196_T2"));
    long heartbeat = System.currentTimeMillis() - 2000;
    f.connected(uid, System.currentTimeMillis(), heartbeat);
    f.reported(uid, "2/1", "Charging");
    Result r = api.get("/cpms/v1/chargers/" + id, f.key);
    assertEquals(200, r.status(), r.raw());
    JsonObject d = r.data();
    assertTrue(d.getBoolean("isOnline"));
    assertEquals(java.time.Instant.ofEpochMilli(heartbeat).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
        d.getString("lastHeartbeat"));
    assertEquals(50.0, d.getDouble("maxPowerKw"));
    JsonArray connectors = d.getJsonArray("connectors");
    assertEquals(2, connectors.size());
    assertEquals(1, connectors.getJsonObject(0).getInteger("number"));
    assertEquals("UNKNOWN", connectors.getJsonObject(0).getString("status"));
    assertEquals(2, connectors.getJsonObject(1).getInteger("number"));
    assertEquals("Charging", connectors.getJsonObject(1).getString("status"));
  }

  @Test
  void anotherNetworksChargerAnswers404ToEveryVerb() {
    FleetFixture mine = new FleetFixture(api, "Chg 404 mine");
    FleetFixture theirs = new FleetFixture(api, "Chg 404 theirs");
    String other = theirs.charger(FleetFixture.uid()).getString("id");
    assertEquals(404, api.get("/cpms/v1/chargers/" + other, mine.key).status());
    assertEquals(404, api.call("PATCH", "/cpms/v1/chargers/" + other, mine.key, new JsonObject().put("floorLevel", "1")).status());
    assertEquals(404, api.call("DELETE", "/cpms/v1/chargers/" + other, mine.key, null).status());
    assertEquals(404, api.get("/cpms/v1/chargers/" + UUID.randomUUID(), mine.key).status());
  }

  @Test
  void aPatchChangesStatusPlacementAndLocation() {
    FleetFixture f = new FleetFixture(api, "Chg patch");
    UUID loc = f.location("New site");
    String id = f.charger(FleetFixture.uid()).getString("id");
    Result r = api.call("PATCH", "/cpms/v1/chargers/" + id, f.key, new JsonObject().put("status", "Unavailable")
        .put("physicalReference", "Bay 4").put("floorLevel", "-1").put("locationUuid", loc.toString()));
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.data().getBoolean("updated"));
    JsonObject d = api.get("/cpms/v1/chargers/" + id, f.key).data();
    assertEquals("Unavailable", d.getString("status"));
    assertEquals("Bay 4", d.getString("physicalReference"));
    assertEquals("-1", d.getString("floorLevel"));
    assertEquals(loc.toString(), d.getString("locationId"));
    Result detach = api.call("PATCH", "/cpms/v1/chargers/" + id, f.key, new JsonObject().putNull("locationUuid"));
    assertEquals(200, detach.status(), detach.raw());
    assertNull(api.get("/cpms/v1/chargers/" + id, f.key).data().getString("locationId"));
  }

  @Test
  void aPatchWithAnUnknownStatusIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Chg patch status");
    String id = f.charger(FleetFixture.uid()).getString("id");
    Result r = api.call("PATCH", "/cpms/v1/chargers/" + id, f.key, new JsonObject().put("status", "Sleeping"));
    assertEquals(400, r.status());
    assertEquals("status", r.json().getString("field"));
  }

  @Test
  void movingAChargerToALocationOnAnotherNetworkIs400() {
    UUID a = api.network("Chg move A");
    UUID b = api.network("Chg move B");
    String key = api.key(List.of(a, b), FleetFixture.FLEET_SCOPES);
    Result loc = api.post("/cpms/v1/locations", key, new JsonObject().put("name", "B site").put("networkUuid", b.toString()));
    Result charger = api.post("/cpms/v1/chargers", key, new JsonObject().put("serial", FleetFixture.uid()).put("networkUuid", a.toString()));
    Result r = api.call("PATCH", "/cpms/v1/chargers/" + charger.data().getString("id"), key,
        new JsonObject().put("locationUuid", loc.data().getString("id")));
    assertEquals(400, r.status(), r.raw());
    assertEquals("locationUuid", r.json().getString("field"));
  }

  @Test
  void deletingAChargerCascadesToConnectorsAndTariffAssignments() {
    FleetFixture f = new FleetFixture(api, "Chg delete");
    String uid = FleetFixture.uid();
    UUID id = UUID.fromString(f.charger(uid).getString("id"));
    UUID c1 = f.connector(id, new JsonObject());
    f.connector(id, new JsonObject());
    f.assignment("charger", id);
    f.assignment("connector", c1);
    Result r = api.call("DELETE", "/cpms/v1/chargers/" + id, f.key, null);
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.data().getBoolean("deleted"));
    assertEquals(2, r.data().getInteger("deactivatedConnectors"));
    assertEquals(2, r.data().getInteger("deactivatedAssignments"));
    assertEquals(404, api.get("/cpms/v1/chargers/" + id, f.key).status());
    assertEquals(404, api.get("/cpms/v1/connectors/" + c1 + "/status", f.key).status());
    // The uid is free again for a new registration.
    assertEquals(201, api.post("/cpms/v1/chargers", f.key, new JsonObject().put("serial", uid)).status());
  }

  @Test
  void deletingAChargerWithAnActiveSessionIs409() {
    FleetFixture f = new FleetFixture(api, "Chg delete busy");
    UUID id = UUID.fromString(f.charger(FleetFixture.uid()).getString("id"));
    f.activeSession(id, null, 1);
    Result r = api.call("DELETE", "/cpms/v1/chargers/" + id, f.key, null);
    assertEquals(409, r.status(), r.raw());
    assertEquals(200, api.get("/cpms/v1/chargers/" + id, f.key).status());
  }

  @Test
  void registeringWithAReadOnlyKeyIs403() {
    UUID network = api.network("Chg readonly");
    String key = api.key(List.of(network), List.of("cpms:chargers:read"));
    Result r = api.post("/cpms/v1/chargers", key, new JsonObject().put("serial", FleetFixture.uid()));
    assertEquals(403, r.status());
  }
}
