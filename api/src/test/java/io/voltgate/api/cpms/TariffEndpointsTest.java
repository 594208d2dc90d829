package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tariff CRUD and assignments over real HTTP: happy paths, validation, isolation, scopes. */
@Timeout(60)
class TariffEndpointsTest {

  private static final List<String> RW = List.of("cpms:tariffs:read", "cpms:tariffs:write");

  private static ApiTestServer api;
  private static MoneyFixtures fx;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    fx = new MoneyFixtures(api.pg);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String tariff(String key, UUID network, JsonObject extra) {
    JsonObject body = new JsonObject().put("name", "Standard AC").put("energyRate", 0.35).mergeIn(extra);
    if (network != null) {
      body.put("networkUuid", network.toString());
    }
    Result r = api.post("/cpms/v1/tariffs", key, body);
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("id");
  }

  @Test
  void createsReadsUpdatesAndDeletesATariff() {
    UUID net = api.network("Tariff CRUD");
    String key = api.key(List.of(net), RW);
    Result created = api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "Standard AC").put("energyRate", 0.35)
        .put("timeRate", 2).put("idleRate", 0.5).put("idleGracePeriodMinutes", 10).put("peakHoursStart", "17:00")
        .put("peakHoursEnd", "20:00").put("peakMultiplier", 1.5).put("taxRate", 11.5).put("description", "AC"));
    assertEquals(201, created.status(), created.raw());
    assertEquals("EUR", created.data().getString("currency"), "defaults to the network's currency");
    assertEquals(net.toString(), created.data().getString("networkId"));
    assertTrue(created.data().getBoolean("created"));
    String id = created.data().getString("id");

    JsonObject t = api.get("/cpms/v1/tariffs/" + id, key).data();
    assertEquals("Standard AC", t.getString("name"));
    assertEquals("REGULAR", t.getString("type"));
    assertEquals(0.35, t.getDouble("energyRate"));
    assertEquals(2.0, t.getDouble("timeRate"));
    assertNull(t.getValue("sessionFee"), "not billed → null");
    assertEquals(0.5, t.getDouble("idleRate"));
    assertEquals("17:00", t.getString("peakHoursStart"));
    assertEquals(11.5, t.getDouble("taxRate"));
    assertEquals(false, t.getBoolean("isFree"));

    Result list = api.get("/cpms/v1/tariffs", key);
    assertEquals(200, list.status());
    assertEquals(1, list.json().getJsonObject("pagination").getInteger("total"));

    Result put = api.call("PUT", "/cpms/v1/tariffs/" + id, key, new JsonObject().put("sessionFee", 1).put("name", "AC 2")
        .put("idleFeeEnabled", false).put("idleFeeMaximum", 5));
    assertEquals(200, put.status(), put.raw());
    assertTrue(put.data().getBoolean("updated"));
    JsonObject after = api.get("/cpms/v1/tariffs/" + id, key).data();
    assertEquals("AC 2", after.getString("name"));
    assertEquals(1.0, after.getDouble("sessionFee"));
    assertEquals(0.35, after.getDouble("energyRate"), "fields not given stay");
    assertEquals(false, after.getBoolean("idleFeeEnabled"));
    assertEquals(5.0, after.getDouble("idleFeeMaximum"));

    Result del = api.call("DELETE", "/cpms/v1/tariffs/" + id, key, null);
    assertEquals(200, del.status(), del.raw());
    assertTrue(del.data().getBoolean("deleted"));
    assertEquals(404, api.get("/cpms/v1/tariffs/" + id, key).status());
    assertEquals(404, api.call("DELETE", "/cpms/v1/tariffs/" + id, key, null).status());
    assertEquals(0, api.get("/cpms/v1/tariffs", key).json().getJsonObject("pagination").getInteger("total"));
  }

  @Test
  void invalidBodiesAre400NamingTheField() {
    UUID net = api.network("Tariff validation");
    String key = api.key(List.of(net), RW);
    assertField("name", api.post("/cpms/v1/tariffs", key, new JsonObject().put("energyRate", 1)));
    assertField("energyRate", api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "x").put("energyRate", -1)));
    assertField("currency", api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "x").put("currency", "XYZ")));
    assertField("peakHoursEnd", api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "x").put("peakHoursStart", "17:00")));
    assertField("peakHoursStart", api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "x").put("peakHoursStart", "25:00")
        .put("peakHoursEnd", "20:00")));
    assertField("maxSessionFee", api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "x").put("minSessionFee", 5)
        .put("maxSessionFee", 2)));
    assertField("bogus", api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "x").put("bogus", 1)));
    String id = tariff(key, null, new JsonObject().put("maxSessionFee", 10));
    assertField("maxSessionFee", api.call("PUT", "/cpms/v1/tariffs/" + id, key, new JsonObject().put("minSessionFee", 20)));
    assertEquals(null, api.get("/cpms/v1/tariffs/" + id, key).data().getValue("minSessionFee"), "rolled back");
    assertEquals(400, api.call("PUT", "/cpms/v1/tariffs/" + id, key, new JsonObject()).status());
    assertField("tariffUuid", api.call("PUT", "/cpms/v1/tariffs/not-a-uuid", key, new JsonObject().put("name", "y")));
  }

  @Test
  void aKeyWithSeveralNetworksMustNameOne() {
    UUID a = api.network("Multi A");
    UUID b = api.network("Multi B");
    String key = api.key(List.of(a, b), RW);
    assertField("networkUuid", api.post("/cpms/v1/tariffs", key, new JsonObject().put("name", "x")));
    tariff(key, b, new JsonObject().put("currency", "USD"));
  }

  @Test
  void anotherNetworksTariffsAre404AndListsAreConfined() {
    UUID mine = api.network("Mine T");
    UUID theirs = api.network("Theirs T");
    String myKey = api.key(List.of(mine), RW);
    String theirKey = api.key(List.of(theirs), RW);
    String theirTariff = tariff(theirKey, null, new JsonObject());
    tariff(myKey, null, new JsonObject());
    assertEquals(404, api.get("/cpms/v1/tariffs/" + theirTariff, myKey).status());
    assertEquals(404, api.call("PUT", "/cpms/v1/tariffs/" + theirTariff, myKey, new JsonObject().put("name", "x")).status());
    assertEquals(404, api.call("DELETE", "/cpms/v1/tariffs/" + theirTariff, myKey, null).status());
    assertEquals(404, api.post("/cpms/v1/tariffs/" + theirTariff + "/assign", myKey, new JsonObject()).status());
    assertEquals(404, api.get("/cpms/v1/tariffs/" + theirTariff + "/assignments", myKey).status());
    assertEquals(404, api.post("/cpms/v1/tariffs", myKey, new JsonObject().put("name", "x")
        .put("networkUuid", theirs.toString())).status());
    JsonArray mineList = api.get("/cpms/v1/tariffs", myKey).list();
    assertEquals(1, mineList.size());
    assertEquals(mine.toString(), mineList.getJsonObject(0).getString("networkId"));
  }

  @Test
  void missingScopesAre403() {
    UUID net = api.network("Scopes T");
    String readOnly = api.key(List.of(net), List.of("cpms:tariffs:read"));
    String none = api.key(List.of(net), List.of("cpms:sessions:read"));
    Result post = api.post("/cpms/v1/tariffs", readOnly, new JsonObject().put("name", "x"));
    assertEquals(403, post.status());
    assertEquals("forbidden", post.error());
    assertEquals(403, api.get("/cpms/v1/tariffs", none).status());
    String id = tariff(api.key(List.of(net), RW), null, new JsonObject());
    assertEquals(403, api.get("/cpms/v1/tariffs/" + id, none).status());
    assertEquals(403, api.call("PUT", "/cpms/v1/tariffs/" + id, readOnly, new JsonObject().put("name", "y")).status());
    assertEquals(403, api.call("DELETE", "/cpms/v1/tariffs/" + id, readOnly, null).status());
    assertEquals(403, api.post("/cpms/v1/tariffs/" + id + "/assign", readOnly, new JsonObject()).status());
    assertEquals(403, api.get("/cpms/v1/tariffs/" + id + "/assignments", none).status());
    assertEquals(403, api.call("DELETE", "/cpms/v1/tariffs/assignments/" + UUID.randomUUID(), readOnly, null).status());
  }

  @Test
  void assignsAtEveryLevelListsDetachesAndCascadesOnDelete() {
    UUID net = api.network("Assign");
    String key = api.key(List.of(net), RW);
    UUID location = fx.location(net, "Plaza", "UTC");
    UUID charger = fx.charger(net, location);
    UUID connector = fx.connector(charger, 1);
    String tariff = tariff(key, null, new JsonObject());

    Result network = api.post("/cpms/v1/tariffs/" + tariff + "/assign", key, new JsonObject());
    assertEquals(201, network.status(), network.raw());
    assertEquals("Network", network.data().getString("level"));
    assertTrue(network.data().getBoolean("assigned"));
    Result loc = api.post("/cpms/v1/tariffs/" + tariff + "/assign", key, new JsonObject().put("locationUuid", location.toString()));
    assertEquals("Location", loc.data().getString("level"));
    Result ch = api.post("/cpms/v1/tariffs/" + tariff + "/assign", key, new JsonObject()
        .put("locationUuid", location.toString()).put("chargerUuid", charger.toString()));
    assertEquals("Charger", ch.data().getString("level"));
    assertEquals(location.toString(), ch.data().getString("locationUuid"));
    Result cn = api.post("/cpms/v1/tariffs/" + tariff + "/assign", key, new JsonObject().put("connectorUuid", connector.toString()));
    assertEquals("Connector", cn.data().getString("level"));
    Result again = api.post("/cpms/v1/tariffs/" + tariff + "/assign", key, new JsonObject().put("connectorUuid", connector.toString()));
    assertEquals(cn.data().getString("assignmentId"), again.data().getString("assignmentId"), "idempotent");

    JsonArray list = api.get("/cpms/v1/tariffs/" + tariff + "/assignments", key).list();
    assertEquals(4, list.size());
    JsonObject connectorLevel = list.stream().map(o -> (JsonObject) o)
        .filter(o -> "Connector".equals(o.getString("level"))).findFirst().orElseThrow();
    assertEquals(charger.toString(), connectorLevel.getString("chargerId"));
    assertEquals(location.toString(), connectorLevel.getString("locationId"));
    assertNotNull(connectorLevel.getString("startDate"));

    // Another tariff on the same charger replaces the first one's charger assignment.
    String other = tariff(key, null, new JsonObject().put("energyRate", 0.5));
    Result replace = api.post("/cpms/v1/tariffs/" + other + "/assign", key, new JsonObject().put("chargerUuid", charger.toString()));
    assertEquals(201, replace.status());
    assertEquals(ch.data().getString("assignmentId"), replace.data().getString("replacedAssignmentId"));
    assertEquals(3, api.get("/cpms/v1/tariffs/" + tariff + "/assignments", key).list().size());

    String locId = loc.data().getString("assignmentId");
    Result detach = api.call("DELETE", "/cpms/v1/tariffs/assignments/" + locId, key, null);
    assertEquals(200, detach.status(), detach.raw());
    assertTrue(detach.data().getBoolean("detached"));
    assertEquals(404, api.call("DELETE", "/cpms/v1/tariffs/assignments/" + locId, key, null).status());

    Result del = api.call("DELETE", "/cpms/v1/tariffs/" + tariff, key, null);
    assertEquals(2, del.data().getInteger("deactivatedAssignments"), del.raw());
  }

  @Test
  void assignmentTargetsMustExistInTheTariffsNetworkAndNest() {
    UUID net = api.network("Assign checks");
    UUID elsewhere = api.network("Assign elsewhere");
    String key = api.key(List.of(net), RW);
    UUID location = fx.location(net, "Here", "UTC");
    UUID otherLocation = fx.location(net, "There", "UTC");
    UUID charger = fx.charger(net, location);
    UUID otherCharger = fx.charger(net, location);
    UUID connector = fx.connector(charger, 1);
    UUID foreignLocation = fx.location(elsewhere, "Foreign", "UTC");
    String tariff = tariff(key, null, new JsonObject());
    String assign = "/cpms/v1/tariffs/" + tariff + "/assign";
    assertEquals(404, api.post(assign, key, new JsonObject().put("locationUuid", foreignLocation.toString())).status());
    assertEquals(404, api.post(assign, key, new JsonObject().put("chargerUuid", UUID.randomUUID().toString())).status());
    assertField("connectorUuid", api.post(assign, key, new JsonObject().put("connectorUuid", connector.toString())
        .put("chargerUuid", otherCharger.toString())));
    assertField("chargerUuid", api.post(assign, key, new JsonObject().put("chargerUuid", charger.toString())
        .put("locationUuid", otherLocation.toString())));
    assertField("networkUuid", api.post(assign, key, new JsonObject().put("networkUuid", elsewhere.toString())));
    assertField("chargerUuid", api.post(assign, key, new JsonObject().put("chargerUuid", "nope")));
    assertEquals(404, api.call("DELETE", "/cpms/v1/tariffs/assignments/" + UUID.randomUUID(), key, null).status());
  }

  private static void assertField(String field, Result r) {
    assertEquals(400, r.status(), r.raw());
    assertEquals(field, r.json().getString("field"), r.raw());
  }
}
