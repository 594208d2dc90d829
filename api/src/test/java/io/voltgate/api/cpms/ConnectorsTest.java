package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connector endpoints of /cpms/v1 over real HTTP. */
@Timeout(60)
class ConnectorsTest {

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
  void anAddedConnectorTakesTheNextFreeNumberAndIsStoredAsAnOcpp16Evse() {
    FleetFixture f = new FleetFixture(api, "Con add");
    UUID charger = UUID.fromString(f.charger(FleetFixture.uid()).getString("id"));
    f.connector(charger, new JsonObject());
    Result r = api.post("/cpms/v1/chargers/" + charger + "/connectors", f.key, new JsonObject().put("standard", "IEC_62196_T2")
        .put("format", "SOCKET").put("powerType", "AC_3_PHASE").put("maxVoltage", 400).put("maxAmperage", 32).put("maxPower", 22));
    assertEquals(201, r.status(), r.raw());
    JsonObject d = r.data();
    assertEquals(2, d.getInteger("connectorNumber"));
    assertEquals(charger.toString(), d.getString("chargerId"));
    assertEquals("AC_3_PHASE", d.getString("powerType"));
    assertEquals(22.0, d.getDouble("maxPower"));
    assertTrue(d.getBoolean("created"));
    var row = ApiTestServer.await(api.pg.preparedQuery("SELECT evse_id, connector_id, ocpp_connector_id FROM connectors WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(d.getString("id"))))).iterator().next();
    assertEquals(2, row.getInteger("evse_id"));
    assertEquals(1, row.getInteger("connector_id"));
    assertEquals(2, row.getInteger("ocpp_connector_id"));
  }

  @Test
  void aTakenConnectorNumberIs409() {
    FleetFixture f = new FleetFixture(api, "Con dup");
    UUID charger = UUID.fromString(f.charger(FleetFixture.uid()).getString("id"));
    f.connector(charger, new JsonObject().put("connectorNumber", 1));
    Result r = api.post("/cpms/v1/chargers/" + charger + "/connectors", f.key, new JsonObject().put("connectorNumber", 1));
    assertEquals(409, r.status(), r.raw());
  }

  @Test
  void anUnknownPowerTypeIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Con power");
    UUID charger = UUID.fromString(f.charger(FleetFixture.uid()).getString("id"));
    Result r = api.post("/cpms/v1/chargers/" + charger + "/connectors", f.key, new JsonObject().put("powerType", "AC_9_PHASE"));
    assertEquals(400, r.status());
    assertEquals("powerType", r.json().getString("field"));
  }

  @Test
  void addingToAnotherNetworksChargerIs404() {
    FleetFixture mine = new FleetFixture(api, "Con add mine");
    FleetFixture theirs = new FleetFixture(api, "Con add theirs");
    String other = theirs.charger(FleetFixture.uid()).getString("id");
    assertEquals(404, api.post("/cpms/v1/chargers/" + other + "/connectors", mine.key, new JsonObject()).status());
  }

  @Test
  void theStatusIsTheReportedOneWithTheChargersLiveness() {
    FleetFixture f = new FleetFixture(api, "Con status");
    String uid = FleetFixture.uid();
    UUID charger = UUID.fromString(f.charger(uid).getString("id"));
    UUID connector = f.connector(charger, new JsonObject().put("maxPower", 22).put("powerType", "AC_3_PHASE"));
    Result before = api.get("/cpms/v1/connectors/" + connector + "/status", f.key);
    assertEquals(200, before.status(), before.raw());
    assertEquals("UNKNOWN", before.data().getString("status"));
    assertFalse(before.data().getBoolean("chargerOnline"));
    f.connected(uid, System.currentTimeMillis(), null);
    f.reported(uid, "1/1", "Charging");
    JsonObject d = api.get("/cpms/v1/connectors/" + connector + "/status", f.key).data();
    assertEquals("Charging", d.getString("status"));
    assertTrue(d.getBoolean("chargerOnline"));
    assertEquals(1, d.getInteger("number"));
    assertEquals(charger.toString(), d.getString("chargerId"));
    assertEquals(22.0, d.getDouble("maxPowerKw"));
  }

  @Test
  void anotherNetworksConnectorAnswers404ToEveryVerb() {
    FleetFixture mine = new FleetFixture(api, "Con 404 mine");
    FleetFixture theirs = new FleetFixture(api, "Con 404 theirs");
    UUID connector = theirs.connector(UUID.fromString(theirs.charger(FleetFixture.uid()).getString("id")), new JsonObject());
    assertEquals(404, api.get("/cpms/v1/connectors/" + connector + "/status", mine.key).status());
    assertEquals(404, api.call("PUT", "/cpms/v1/connectors/" + connector, mine.key, new JsonObject().put("maxVoltage", 230)).status());
    assertEquals(404, api.call("DELETE", "/cpms/v1/connectors/" + connector, mine.key, null).status());
    assertEquals(404, api.get("/cpms/v1/connectors/" + UUID.randomUUID() + "/status", mine.key).status());
  }

  @Test
  void anUpdateChangesTheProvisioningFieldsAndAnswersTheWholeRecord() {
    FleetFixture f = new FleetFixture(api, "Con put");
    String uid = FleetFixture.uid();
    UUID connector = f.connector(UUID.fromString(f.charger(uid).getString("id")), new JsonObject().put("maxVoltage", 230));
    Result r = api.call("PUT", "/cpms/v1/connectors/" + connector, f.key, new JsonObject().put("standard", "IEC_62196_T2_COMBO")
        .put("format", "CABLE").put("powerType", "DC").put("maxPower", 150).put("maxAmperage", 375).put("status", "OUTOFORDER"));
    assertEquals(200, r.status(), r.raw());
    JsonObject d = r.data();
    assertEquals(uid + "-1", d.getString("connectorIdentifier"));
    assertEquals("IEC_62196_T2_COMBO", d.getString("standard"));
    assertEquals("CABLE", d.getString("format"));
    assertEquals(230, d.getInteger("maxVoltage"));
    assertEquals(150.0, d.getDouble("maxPower"));
    assertEquals("Faulted", d.getString("status"));
    assertEquals(f.network.toString(), d.getString("networkId"));
  }

  @Test
  void anUpdateWithAnUnknownStatusIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Con put status");
    UUID connector = f.connector(UUID.fromString(f.charger(FleetFixture.uid()).getString("id")), new JsonObject());
    Result r = api.call("PUT", "/cpms/v1/connectors/" + connector, f.key, new JsonObject().put("status", "Melting"));
    assertEquals(400, r.status());
    assertEquals("status", r.json().getString("field"));
  }

  @Test
  void deletingAConnectorSoftDeletesItAndItsTariffAssignments() {
    FleetFixture f = new FleetFixture(api, "Con delete");
    UUID charger = UUID.fromString(f.charger(FleetFixture.uid()).getString("id"));
    UUID connector = f.connector(charger, new JsonObject());
    f.assignment("connector", connector);
    Result r = api.call("DELETE", "/cpms/v1/connectors/" + connector, f.key, null);
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.data().getBoolean("deleted"));
    assertEquals(1, r.data().getInteger("deactivatedAssignments"));
    assertEquals(404, api.get("/cpms/v1/connectors/" + connector + "/status", f.key).status());
    assertEquals(0, api.get("/cpms/v1/chargers/" + charger, f.key).data().getJsonArray("connectors").size());
    var deletedAt = ApiTestServer.await(api.pg.preparedQuery("SELECT deleted_at FROM connectors WHERE id = $1")
        .execute(Tuple.of(connector))).iterator().next().getOffsetDateTime("deleted_at");
    assertTrue(deletedAt != null, "the row is kept, marked deleted");
  }

  @Test
  void deletingAConnectorWithAnActiveSessionIs409() {
    FleetFixture f = new FleetFixture(api, "Con delete busy");
    UUID charger = UUID.fromString(f.charger(FleetFixture.uid()).getString("id"));
    UUID connector = f.connector(charger, new JsonObject());
    f.activeSession(charger, connector, 1);
    assertEquals(409, api.call("DELETE", "/cpms/v1/connectors/" + connector, f.key, null).status());
  }

  @Test
  void addingWithAReadOnlyKeyIs403() {
    FleetFixture f = new FleetFixture(api, "Con readonly");
    String charger = f.charger(FleetFixture.uid()).getString("id");
    String readOnly = api.key(List.of(f.network), List.of("cpms:chargers:read"));
    assertEquals(403, api.post("/cpms/v1/chargers/" + charger + "/connectors", readOnly, new JsonObject()).status());
  }
}
