package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** API conventions, keys, scopes, isolation, rate limits — over real HTTP. */
@Timeout(60)
class AccountAndKeysTest {

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
  void meDescribesTheCallingKey() {
    Result r = api.get("/cpms/v1/me", api.adminKey);
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.json().getBoolean("success"));
    assertNotNull(r.json().getString("timestamp"));
    assertTrue(r.data().getBoolean("unrestricted"));
    assertTrue(r.data().getJsonArray("scopes").contains("cpms:control"));
  }

  @Test
  void missingInvalidRevokedAndExpiredKeysAre401() {
    assertEquals(401, api.get("/cpms/v1/me", null).status());
    Result invalid = api.get("/cpms/v1/me", "pk_cpms_live_nope");
    assertEquals(401, invalid.status());
    assertEquals("unauthorized", invalid.error());
    assertEquals("unauthorized", invalid.json().getString("code"));
    assertEquals(401, invalid.json().getInteger("status"));
    String expired = api.key(null, List.of("cpms:networks:read"), 100, OffsetDateTime.now().minusDays(1), null);
    assertEquals(401, api.get("/cpms/v1/me", expired).status());
    Result minted = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "short-lived"));
    assertEquals(201, minted.status(), minted.raw());
    String secret = minted.data().getString("key");
    assertTrue(secret.startsWith("pk_cpms_live_"));
    assertEquals(200, api.get("/cpms/v1/me", secret).status());
    Result revoke = api.call("DELETE", "/cpms/v1/api-keys/" + minted.data().getString("id"), api.adminKey, null);
    assertEquals(200, revoke.status(), revoke.raw());
    assertTrue(revoke.data().getBoolean("revoked"));
    assertEquals(401, api.get("/cpms/v1/me", secret).status());
  }

  @Test
  void aMissingScopeIs403() {
    String readOnly = api.key(null, List.of("cpms:networks:read"));
    Result r = api.post("/cpms/v1/api-keys", readOnly, new JsonObject().put("name", "x"));
    assertEquals(403, r.status());
    assertEquals("forbidden", r.error());
  }

  @Test
  void anotherNetworksResourcesAnswer404AndListsAreConfined() {
    UUID mine = api.network("Mine");
    UUID theirs = api.network("Theirs");
    String key = api.key(List.of(mine), List.of("cpms:networks:read", "cpms:api-keys:read", "cpms:api-keys:write"));
    Result nets = api.get("/cpms/v1/networks", key);
    assertEquals(200, nets.status());
    assertEquals(1, nets.list().size());
    assertEquals(mine.toString(), nets.list().getJsonObject(0).getString("id"));
    assertEquals(1, nets.json().getJsonObject("pagination").getInteger("total"));
    Result other = api.post("/cpms/v1/api-keys?networkUuid=" + theirs, key, new JsonObject().put("name", "x"));
    assertEquals(404, other.status(), other.raw());
    String theirKey = api.key(List.of(theirs), List.of("cpms:networks:read"));
    UUID theirKeyId = UUID.fromString(api.get("/cpms/v1/me", theirKey).data().getString("keyId"));
    assertEquals(404, api.call("DELETE", "/cpms/v1/api-keys/" + theirKeyId, key, null).status());
  }

  @Test
  void theHourlyRateLimitAnswers429WithRetryAfter() {
    String key = api.key(null, List.of("cpms:networks:read"), 3, null, null);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, api.get("/cpms/v1/me", key).status());
    }
    Result limited = api.get("/cpms/v1/me", key);
    assertEquals(429, limited.status());
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());
    assertEquals("rate_limited", limited.error());
  }

  @Test
  void allowedIpsAreEnforced() {
    String elsewhere = api.key(null, List.of("cpms:networks:read"), 100, null, List.of("10.1.2.0/24"));
    assertEquals(403, api.get("/cpms/v1/me", elsewhere).status());
    String local = api.key(null, List.of("cpms:networks:read"), 100, null, List.of("127.0.0.0/8"));
    assertEquals(200, api.get("/cpms/v1/me", local).status());
  }

  @Test
  void malformedBodiesAndParametersAre400NamingTheField() {
    Result notJson = api.post("/cpms/v1/api-keys", api.adminKey, "{not json");
    assertEquals(400, notJson.status());
    assertEquals("invalid_json", notJson.error());
    Result missing = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("description", "no name"));
    assertEquals(400, missing.status());
    assertEquals("name", missing.json().getString("field"));
    Result wrongType = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "x").put("rateLimitPerHour", "many"));
    assertEquals(400, wrongType.status());
    assertEquals("rateLimitPerHour", wrongType.json().getString("field"));
    Result badScope = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "x")
        .put("scopes", new JsonArray().add("cpms:teleport")));
    assertEquals(400, badScope.status());
    Result badPage = api.get("/cpms/v1/networks?pageSize=1000", api.adminKey);
    assertEquals(400, badPage.status());
    assertEquals("pageSize", badPage.json().getString("field"));
    assertEquals(400, api.call("DELETE", "/cpms/v1/api-keys/not-a-uuid", api.adminKey, null).status());
    assertEquals(404, api.get("/cpms/v1/no-such-thing", api.adminKey).status());
  }

  @Test
  void mintedKeysAreListedWithoutTheirSecretAndUsageIsMetered() {
    Result minted = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "reporting")
        .put("scopes", new JsonArray().add("cpms:networks:read")).put("rateLimitPerHour", 5000));
    String secret = minted.data().getString("key");
    api.get("/cpms/v1/me", secret);
    Result list = api.get("/cpms/v1/api-keys?pageSize=100", api.adminKey);
    assertEquals(200, list.status());
    assertFalse(list.raw().contains(secret), "a secret leaked into the list");
    boolean found = false;
    for (Object o : list.list()) {
      JsonObject k = (JsonObject) o;
      if (k.getString("id").equals(minted.data().getString("id"))) {
        found = true;
        assertEquals(secret.substring(secret.length() - 4), k.getString("last4"));
        assertEquals(5000, k.getInteger("rateLimitPerHour"));
      }
    }
    assertTrue(found);
    Result usage = api.get("/cpms/v1/usage", api.adminKey);
    assertEquals(200, usage.status(), usage.raw());
    assertTrue(usage.data().getLong("totalRequests") > 0);
  }

  @Test
  void scopesAndTheOpenApiDocumentArePublic() {
    Result scopes = api.get("/.well-known/scopes", null);
    assertEquals(200, scopes.status());
    assertTrue(scopes.data().getJsonArray("scopes").size() > 10);
    Result doc = api.get("/openapi.json", null);
    assertEquals(200, doc.status());
    assertEquals("3.1.0", doc.json().getString("openapi"));
    assertTrue(doc.json().getJsonObject("paths").containsKey("/cpms/v1/api-keys/{id}"));
  }
}
