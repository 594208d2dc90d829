package io.voltgate.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A minted key never exceeds the key that mints it: scopes, networks, expiry, allowed IPs, rate limit. */
@Timeout(60)
class KeyMintingLimitsTest {

  private static final List<String> MINTER_SCOPES = List.of("cpms:networks:read", "cpms:api-keys:read",
      "cpms:api-keys:write");
  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Result mint(String minter, JsonObject body) {
    return api.post("/cpms/v1/api-keys", minter, body.put("name", "child"));
  }

  @Test
  void aKeyExpiringInAnHourMintsOnlyKeysThatExpireNoLater() {
    OffsetDateTime inAnHour = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.SECONDS);
    String minter = api.key(null, MINTER_SCOPES, 10_000, inAnHour, null);

    Result inherited = mint(minter, new JsonObject());
    assertEquals(201, inherited.status(), inherited.raw());
    assertEquals(inAnHour.toInstant(), Instant.parse(inherited.data().getString("expiresAt")),
        "a child that names no expiry expires with its minter");

    Result later = mint(minter, new JsonObject().put("expiresAt", inAnHour.plusHours(1).toString()));
    assertEquals(403, later.status(), later.raw());
    assertEquals("forbidden", later.error());
    assertTrue(later.json().getString("message").contains("outlive"), later.raw());

    Result sooner = mint(minter, new JsonObject().put("expiresAt", inAnHour.minusMinutes(30).toString()));
    assertEquals(201, sooner.status(), sooner.raw());
  }

  @Test
  void aLoopbackOnlyKeyMintsOnlyKeysConfinedWithinItsRanges() {
    String minter = api.key(null, MINTER_SCOPES, 10_000, null, List.of("127.0.0.0/8"));

    Result inherited = mint(minter, new JsonObject());
    assertEquals(201, inherited.status(), inherited.raw());
    assertEquals(new JsonArray().add("127.0.0.0/8"), inherited.data().getJsonArray("allowedIPs"));

    for (JsonArray wider : List.of(new JsonArray().add("0.0.0.0/0"), new JsonArray(), new JsonArray().add("10.0.0.0/8"),
        new JsonArray().add("127.0.0.1").add("192.168.1.1"), new JsonArray().add("::1"))) {
      Result r = mint(minter, new JsonObject().put("allowedIPs", wider));
      assertEquals(403, r.status(), wider + " → " + r.raw());
    }

    Result narrower = mint(minter, new JsonObject().put("allowedIPs", new JsonArray().add("127.0.0.1").add("127.1.0.0/16")));
    assertEquals(201, narrower.status(), narrower.raw());
    assertEquals(200, api.get("/cpms/v1/me", narrower.data().getString("key")).status());
  }

  @Test
  void aKeyLimitedTo500RequestsAnHourMintsNoHigherLimit() {
    String minter = api.key(null, MINTER_SCOPES, 500, null, null);

    Result million = mint(minter, new JsonObject().put("rateLimitPerHour", 1_000_000));
    assertEquals(403, million.status(), million.raw());
    assertTrue(million.json().getString("message").contains("500"), million.raw());

    Result inherited = mint(minter, new JsonObject());
    assertEquals(201, inherited.status(), inherited.raw());
    assertEquals(500, inherited.data().getInteger("rateLimitPerHour"));

    assertEquals(201, mint(minter, new JsonObject().put("rateLimitPerHour", 100)).status());
  }

  @Test
  void aPlatformAdministratorSetsAnyRateLimit() {
    Result quota = mint(api.adminKey, new JsonObject().put("rateLimitPerHour", 1_000_000));
    assertEquals(201, quota.status(), quota.raw());
    assertEquals(1_000_000, quota.data().getInteger("rateLimitPerHour"));
  }

  @Test
  void aKeyGrantsOnlyScopesItHolds() {
    String minter = api.key(null, MINTER_SCOPES);

    assertEquals(403, mint(minter, new JsonObject().put("scopes", new JsonArray().add("cpms:control"))).status());
    assertEquals(403, mint(minter, new JsonObject().put("scopes", new JsonArray().add("cpms:admin"))).status());
    assertEquals(403, mint(minter, new JsonObject().put("scopes", new JsonArray().add("platform:admin"))).status());

    Result subset = mint(minter, new JsonObject().put("scopes", new JsonArray().add("cpms:networks:read")));
    assertEquals(201, subset.status(), subset.raw());
    assertEquals(new JsonArray().add("cpms:networks:read"), subset.data().getJsonArray("permissions"));
  }

  @Test
  void aKeyMintsKeysForAnySubsetOfItsNetworksAndNoOther() {
    UUID a = api.network("Mint A");
    UUID b = api.network("Mint B");
    UUID other = api.network("Mint other");
    String minter = api.key(List.of(a, b), MINTER_SCOPES);

    Result inherited = mint(minter, new JsonObject());
    assertEquals(201, inherited.status(), inherited.raw());
    assertEquals(new JsonArray().add(a.toString()).add(b.toString()), inherited.data().getJsonArray("networkIds"));

    Result one = mint(minter, new JsonObject().put("networkIds", new JsonArray().add(b.toString())));
    assertEquals(201, one.status(), one.raw());
    Result seen = api.get("/cpms/v1/networks", one.data().getString("key"));
    assertEquals(1, seen.list().size());
    assertEquals(b.toString(), seen.list().getJsonObject(0).getString("id"));

    Result outside = mint(minter, new JsonObject().put("networkIds", new JsonArray().add(a.toString()).add(other.toString())));
    assertEquals(404, outside.status(), outside.raw());

    Result both = api.post("/cpms/v1/api-keys?networkUuid=" + a, minter,
        new JsonObject().put("name", "x").put("networkIds", new JsonArray().add(a.toString())));
    assertEquals(400, both.status(), both.raw());
    assertEquals(400, mint(minter, new JsonObject().put("networkIds", new JsonArray())).status());
    assertEquals(400, mint(minter, new JsonObject().put("networkIds", new JsonArray().add("not-a-uuid"))).status());
  }

  @Test
  void aConfinedKeyCannotMintAnUnrestrictedOne() {
    UUID mine = api.network("Confined");
    String minter = api.key(List.of(mine), MINTER_SCOPES);
    Result child = mint(minter, new JsonObject());
    assertEquals(201, child.status(), child.raw());
    Result me = api.get("/cpms/v1/me", child.data().getString("key"));
    assertEquals(false, me.data().getBoolean("unrestricted"));
    assertEquals(1, me.data().getInteger("accessibleNetworkCount"));
  }

  @Test
  void malformedLimitsAre400() {
    assertEquals(400, mint(api.adminKey, new JsonObject().put("expiresAt", "next tuesday")).status());
    assertEquals(400, mint(api.adminKey, new JsonObject().put("expiresAt", "2001-01-01T00:00:00Z")).status());
    assertEquals(400, mint(api.adminKey, new JsonObject().put("allowedIPs", new JsonArray().add("example.com"))).status());
    assertEquals(400, mint(api.adminKey, new JsonObject().put("rateLimitPerHour", 0)).status());
  }
}
