package io.voltgate.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tenancy's front door: a platform administrator creates and manages networks and mints keys for them. */
@Timeout(60)
class NetworkAdminTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static JsonObject create(String name) {
    Result r = api.post("/platform/v1/networks", api.adminKey, new JsonObject().put("name", name)
        .put("currency", "USD").put("country", "pr"));
    assertEquals(201, r.status(), r.raw());
    return r.data();
  }

  @Test
  void theBootstrapKeyIsAPlatformAdministrator() {
    Result me = api.get("/cpms/v1/me", api.adminKey);
    assertTrue(me.data().getJsonArray("scopes").contains(Scopes.PLATFORM_ADMIN), me.raw());
  }

  @Test
  void aPlatformAdministratorCreatesListsReadsUpdatesAndDeletesANetwork() {
    JsonObject created = create("Isla Verde Network");
    String id = created.getString("id");
    assertEquals("USD", created.getString("currency"));
    assertEquals("PR", created.getString("country"));

    assertTrue(listed(id), "the new network is listed");

    Result detail = api.get("/platform/v1/networks/" + id, api.adminKey);
    assertEquals(200, detail.status(), detail.raw());
    assertEquals("Isla Verde Network", detail.data().getString("name"));

    Result renamed = api.call("PATCH", "/platform/v1/networks/" + id, api.adminKey,
        new JsonObject().put("name", "Isla Verde").put("currency", "EUR").putNull("country"));
    assertEquals(200, renamed.status(), renamed.raw());
    assertEquals("Isla Verde", renamed.data().getString("name"));
    assertEquals("EUR", renamed.data().getString("currency"));
    assertNull(renamed.data().getString("country"));

    Result deleted = api.call("DELETE", "/platform/v1/networks/" + id, api.adminKey, null);
    assertEquals(200, deleted.status(), deleted.raw());
    assertEquals(404, api.get("/platform/v1/networks/" + id, api.adminKey).status());
    assertEquals(404, api.call("DELETE", "/platform/v1/networks/" + id, api.adminKey, null).status());
    assertFalse(listed(id), "a deleted network is no longer listed");
  }

  /** Whether a network is on any page of the list (oldest first; other tests add networks too). */
  private static boolean listed(String id) {
    for (int page = 1; ; page++) {
      Result list = api.get("/platform/v1/networks?pageSize=100&page=" + page, api.adminKey);
      assertEquals(200, list.status(), list.raw());
      if (list.list().stream().anyMatch(n -> id.equals(((JsonObject) n).getString("id")))) {
        return true;
      }
      if (page >= list.json().getJsonObject("pagination").getInteger("totalPages")) {
        return false;
      }
    }
  }

  @Test
  void aNetworkWithChargersCannotBeDeleted() {
    UUID id = UUID.fromString(create("Busy network").getString("id"));
    ApiTestServer.await(api.pg.preparedQuery("INSERT INTO chargers (id, network_id, charge_point_id) VALUES ($1, $2, $3)")
        .execute(Tuple.of(UUID.randomUUID(), id, "NA-" + UUID.randomUUID().toString().substring(0, 8))));
    Result r = api.call("DELETE", "/platform/v1/networks/" + id, api.adminKey, null);
    assertEquals(409, r.status(), r.raw());
    assertEquals("conflict", r.error());
  }

  @Test
  void cpmsAdminDoesNotImplyPlatformAdmin() {
    String operatorAdmin = api.key(null, List.of("cpms:admin"));
    Result r = api.post("/platform/v1/networks", operatorAdmin, new JsonObject().put("name", "Sneaky"));
    assertEquals(403, r.status(), r.raw());
    assertEquals(403, api.get("/platform/v1/networks", operatorAdmin).status());
    Result grant = api.post("/cpms/v1/api-keys", operatorAdmin, new JsonObject().put("name", "x")
        .put("scopes", new JsonArray().add(Scopes.PLATFORM_ADMIN)));
    assertEquals(403, grant.status(), grant.raw());
  }

  @Test
  void onlyAnUnrestrictedKeyCanHoldPlatformAdmin() {
    UUID network = UUID.fromString(create("Confined admin").getString("id"));
    Result confined = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "x")
        .put("scopes", new JsonArray().add(Scopes.PLATFORM_ADMIN)).put("networkIds", new JsonArray().add(network.toString())));
    assertEquals(400, confined.status(), confined.raw());
    assertThrows(IllegalStateException.class, () -> api.key(List.of(network), List.of(Scopes.PLATFORM_ADMIN)),
        "the database refuses a confined platform administrator");

    Result unrestricted = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "second admin")
        .put("scopes", new JsonArray().add(Scopes.PLATFORM_ADMIN)));
    assertEquals(201, unrestricted.status(), unrestricted.raw());
    assertEquals(200, api.get("/platform/v1/networks", unrestricted.data().getString("key")).status());
  }

  @Test
  void aPlatformAdministratorMintsAKeyForAChosenSetOfNetworks() {
    String a = create("Tenant A").getString("id");
    String b = create("Tenant B").getString("id");
    create("Tenant C");
    Result minted = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "two tenants")
        .put("scopes", new JsonArray().add("cpms:networks:read")).put("networkIds", new JsonArray().add(a).add(b)));
    assertEquals(201, minted.status(), minted.raw());
    Result seen = api.get("/cpms/v1/networks", minted.data().getString("key"));
    Set<String> ids = new HashSet<>();
    seen.list().forEach(n -> ids.add(((JsonObject) n).getString("id")));
    assertEquals(Set.of(a, b), ids);
  }

  @Test
  void invalidNetworkFieldsAre400AndUnknownNetworksAre404() {
    assertEquals(400, api.post("/platform/v1/networks", api.adminKey, new JsonObject().put("name", "x").put("currency", "XYZ")).status());
    assertEquals(400, api.post("/platform/v1/networks", api.adminKey, new JsonObject().put("name", "x").put("country", "QQ")).status());
    assertEquals(400, api.post("/platform/v1/networks", api.adminKey, new JsonObject().put("name", "  ")).status());
    assertEquals(400, api.call("PATCH", "/platform/v1/networks/" + api.defaultNetwork, api.adminKey, new JsonObject()).status());
    assertEquals(404, api.get("/platform/v1/networks/" + UUID.randomUUID(), api.adminKey).status());
    assertEquals(404, api.call("PATCH", "/platform/v1/networks/" + UUID.randomUUID(), api.adminKey,
        new JsonObject().put("name", "y")).status());
  }

  @Test
  void theScopeIsPublished() {
    Result scopes = api.get("/.well-known/scopes", null);
    assertTrue(scopes.data().getJsonArray("scopes").stream()
        .anyMatch(s -> Scopes.PLATFORM_ADMIN.equals(((JsonObject) s).getString("scope"))), scopes.raw());
  }
}
