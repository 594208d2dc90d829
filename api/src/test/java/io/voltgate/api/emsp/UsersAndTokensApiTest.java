package io.voltgate.api.emsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.store.model.ContractIds;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /emsp/v1/users} and {@code /emsp/v1/auth/tokens}: a partner's back end manages its network's
 * drivers and their tokens; a driver app sees the driver's own tokens only; nothing crosses networks.
 */
@Timeout(120)
class UsersAndTokensApiTest {

  private static ApiTestServer api;
  private static UUID networkA;
  private static UUID networkB;
  private static String serverA;
  private static String serverB;
  private static String appA;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    networkA = api.network("users A");
    networkB = api.network("users B");
    serverA = key(networkA, "ServerSide");
    serverB = key(networkB, "ServerSide");
    appA = key(networkA, "Publishable");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String key(UUID network, String keyClass) {
    Result r = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "k").put("apiFamily", "emsp")
        .put("keyClass", keyClass).put("networkIds", new JsonArray().add(network.toString())));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }

  private static JsonObject user(String key, String email) {
    Result r = api.post("/emsp/v1/users", key, new JsonObject().put("email", email).put("firstName", "Maya")
        .put("lastName", "Rivera").put("city", "San Juan"));
    assertEquals(201, r.status(), r.raw());
    return r.data();
  }

  private static String email() {
    return "u-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void aBackEndCreatesListsReadsAndUpdatesUsersWithStatistics() {
    JsonObject created = user(serverA, email());
    assertEquals(0L, created.getLong("totalSessions"));
    assertEquals(0.0, created.getDouble("totalEnergyKwh"));
    assertEquals("EUR", created.getString("currency"));
    String id = created.getString("id");

    Result page = api.get("/emsp/v1/users?pageSize=100", serverA);
    assertEquals(200, page.status(), page.raw());
    JsonObject pagination = page.json().getJsonObject("pagination");
    assertTrue(pagination.containsKey("totalCount") && pagination.containsKey("hasNextPage"), page.raw());
    assertTrue(page.list().stream().anyMatch(u -> id.equals(((JsonObject) u).getString("id"))));

    Result updated = api.call("PUT", "/emsp/v1/users/" + id, serverA, new JsonObject().put("city", "Ponce"));
    assertEquals(200, updated.status(), updated.raw());
    assertEquals("Ponce", updated.data().getString("city"));
    assertEquals("Maya", updated.data().getString("firstName"), "fields not given stay");

    assertEquals(404, api.get("/emsp/v1/users/" + id, serverB).status(), "another network's user is unknown");
    assertEquals(404, api.call("PUT", "/emsp/v1/users/" + id, serverB, new JsonObject().put("city", "x")).status());
    assertTrue(api.get("/emsp/v1/users?pageSize=100", serverB).list().stream()
        .noneMatch(u -> id.equals(((JsonObject) u).getString("id"))));
  }

  @Test
  void anEmailIsTakenOncePerNetwork() {
    String email = email();
    user(serverA, email);
    Result twice = api.post("/emsp/v1/users", serverA, new JsonObject().put("email", email.toUpperCase())
        .put("firstName", "A").put("lastName", "B"));
    assertEquals(409, twice.status(), twice.raw());
    user(serverB, email);
  }

  @Test
  void anAppKeyCannotManageUsers() {
    assertEquals(403, api.get("/emsp/v1/users", appA).status());
  }

  @Test
  void tokensGetAUidAndAValidContractIdAndInvalidationShowsAsNotValid() {
    String userId = user(serverA, email()).getString("id");
    Result created = api.post("/emsp/v1/auth/tokens", serverA, new JsonObject().put("userId", userId).put("alias", "card"));
    assertEquals(201, created.status(), created.raw());
    JsonObject token = created.data();
    assertTrue(token.getString("uid").matches("[0-9A-F]{12}"), token.encode());
    assertTrue(ContractIds.valid(token.getString("contractId")), token.encode());
    assertEquals("APP_USER", token.getString("tokenType"));
    assertTrue(token.getBoolean("valid"));
    assertEquals(userId, token.getString("userId"));

    Result given = api.post("/emsp/v1/auth/tokens", serverA, new JsonObject().put("userId", userId)
        .put("uid", "CARD-0001").put("contractId", "DE-83D-UIEN83QGZ-D").put("tokenType", "RFID"));
    assertEquals(201, given.status(), given.raw());
    Result badCheckDigit = api.post("/emsp/v1/auth/tokens", serverA, new JsonObject().put("userId", userId)
        .put("contractId", "DE-83D-UIEN83QGZ-E"));
    assertEquals(400, badCheckDigit.status(), badCheckDigit.raw());
    Result sameUid = api.post("/emsp/v1/auth/tokens", serverA, new JsonObject().put("userId", userId).put("uid", "CARD-0001"));
    assertEquals(409, sameUid.status(), sameUid.raw());

    Result listed = api.get("/emsp/v1/auth/tokens?userId=" + userId, serverA);
    assertEquals(2, listed.list().size(), listed.raw());
    String id = token.getString("id");
    assertEquals(404, api.call("DELETE", "/emsp/v1/auth/tokens/" + id, serverB, null).status());
    Result gone = api.call("DELETE", "/emsp/v1/auth/tokens/" + id, serverA, null);
    assertEquals(200, gone.status(), gone.raw());
    assertEquals("Token has been invalidated successfully", gone.data().getString("message"));
    assertFalse(api.get("/emsp/v1/auth/tokens/" + id, serverA).data().getBoolean("valid"));
    assertEquals(404, api.call("DELETE", "/emsp/v1/auth/tokens/" + id, serverA, null).status(), "already invalid");
    Result foreignUser = api.post("/emsp/v1/auth/tokens", serverB, new JsonObject().put("userId", userId));
    assertEquals(404, foreignUser.status(), foreignUser.raw());
  }

  @Test
  void aDriverSeesOnlyTheirOwnTokens() {
    Result maya = api.post("/emsp/v1/auth/driver/register", appA, new JsonObject().put("email", email())
        .put("password", "correct horse 1").put("firstName", "Maya").put("lastName", "R"));
    Result leo = api.post("/emsp/v1/auth/driver/register", appA, new JsonObject().put("email", email())
        .put("password", "correct horse 1").put("firstName", "Leo").put("lastName", "S"));
    String mayaToken = maya.data().getString("accessToken");
    String leoUid = leo.data().getJsonObject("driver").getString("tokenUid");
    Result mine = api.call("GET", "/emsp/v1/auth/tokens", appA, mayaToken, null);
    assertEquals(200, mine.status(), mine.raw());
    List<String> uids = mine.list().stream().map(t -> ((JsonObject) t).getString("uid")).toList();
    assertEquals(List.of(maya.data().getJsonObject("driver").getString("tokenUid")), uids);
    String leoTokenId = api.get("/emsp/v1/auth/tokens?userId=" + leo.data().getJsonObject("driver").getString("id"),
        serverA).list().getJsonObject(0).getString("id");
    assertEquals(leoUid, api.get("/emsp/v1/auth/tokens/" + leoTokenId, serverA).data().getString("uid"));
    assertEquals(404, api.call("GET", "/emsp/v1/auth/tokens/" + leoTokenId, appA, mayaToken, null).status(),
        "another driver's token is unknown to Maya");
    assertEquals(401, api.get("/emsp/v1/auth/tokens", appA).status(), "an app key needs the driver's token");
  }
}
