package io.voltgate.api.family;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.auth.DriverBearerAuth;
import io.voltgate.api.auth.DriverTokenVerifier;
import io.voltgate.api.emsp.EmspApi;
import io.voltgate.api.http.ErrorHandler;
import io.voltgate.api.http.Reply;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.store.pg.ApiKeyRepository;
import io.voltgate.store.query.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each API family is its own sub-router with its own keys: an operator mints keys of the partner
 * families, a key works only on its own family, and on the driver family each operation says whether
 * a back end's key, a driver's token, or either may call it.
 */
@Timeout(60)
class ApiFamiliesTest {

  private static final UUID DRIVER = UUID.randomUUID();
  private static ApiTestServer api;
  private static HttpServer familyServer;
  private static UUID networkA;
  private static UUID networkB;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    networkA = api.network("family A");
    networkB = api.network("family B");
    // The driver family's sub-router with three operations, one per kind of caller. The token port
    // accepts "driver-of-<network>" as that network's driver (token signatures have tests of their own).
    DriverTokenVerifier tokens = token -> token.startsWith("driver-of-")
        ? Future.succeededFuture(new ApiPrincipal.Driver(UUID.fromString(token.substring(10)), DRIVER))
        : Future.failedFuture("bad token");
    Router router = Router.router(api.vertx);
    ApiKeyAuth auth = new ApiKeyAuth(new ApiKeyRepository(api.pg), api.redis, Clock.systemUTC());
    ApiRoutes emsp = ApiRoutes.mount(api.vertx, router, EmspApi.FAMILY, auth.of("emsp"),
        new DriverBearerAuth(tokens)::handle);
    emsp.tag("test")
        .get("/emsp/v1/back-office", "emsp:drivers:read", "key only", (ctx, p) -> scopeOf(p))
        .callers(Caller.DRIVER)
        .get("/emsp/v1/mine", "emsp:driver-content", "driver only", (ctx, p) -> scopeOf(p))
        .callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/either", "emsp:sessions:read", "key or driver", (ctx, p) -> scopeOf(p));
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(ErrorHandler::handle);
    familyServer = await(api.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  private static Future<Reply> scopeOf(ApiPrincipal p) {
    Scope scope = p.scope();
    return Future.succeededFuture(Reply.ok(new JsonObject()
        .put("driver", scope.driverId() == null ? null : scope.driverId().toString())
        .put("sees", scope.sees(networkA))));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Result family(String path, String key, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + familyServer.actualPort() + path))
        .timeout(Duration.ofSeconds(10)).header("X-API-Key", key);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Result(r.statusCode(), r.body(), r.headers());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String mint(JsonObject body) {
    Result r = api.post("/cpms/v1/api-keys", api.adminKey, body.put("name", "partner").put("networkIds",
        new JsonArray().add(networkA.toString())));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }

  @Test
  void anOperatorMintsAPublishableAppKeyLimitedToTheAppVocabulary() {
    Result r = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "app").put("apiFamily", "emsp")
        .put("keyClass", "Publishable").put("networkIds", new JsonArray().add(networkA.toString())));
    assertEquals(201, r.status(), r.raw());
    JsonObject key = r.data();
    assertEquals("emsp", key.getString("apiFamily"));
    assertEquals("Publishable", key.getString("keyClass"));
    assertEquals("Publishable", key.getString("visibility"));
    assertTrue(key.getString("key").startsWith("pub_emsp_live_"), key.encode());
    assertTrue(key.getJsonArray("permissions").contains("emsp:driver-accounts"));
    assertTrue(!key.getJsonArray("permissions").contains("emsp:drivers:read"), "an app key cannot list drivers");

    Result listed = api.get("/cpms/v1/api-keys?pageSize=100", api.adminKey);
    JsonObject row = listed.list().stream().map(JsonObject.class::cast)
        .filter(k -> k.getString("id").equals(key.getString("id"))).findFirst().orElseThrow();
    assertEquals("emsp", row.getString("apiFamily"));
    assertEquals("Publishable", row.getString("keyClass"));

    Result tooMuch = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "app").put("apiFamily", "emsp")
        .put("keyClass", "Publishable").put("scopes", new JsonArray().add("emsp:drivers:read")));
    assertEquals(400, tooMuch.status(), tooMuch.raw());
    Result empApp = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "x").put("apiFamily", "emp")
        .put("keyClass", "Publishable"));
    assertEquals(400, empApp.status(), empApp.raw());
    Result wrongVocabulary = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "x")
        .put("apiFamily", "emp").put("scopes", new JsonArray().add("emsp:charging")));
    assertEquals(400, wrongVocabulary.status(), wrongVocabulary.raw());
  }

  @Test
  void mintingAPartnerKeyTakesTheOperatorsAdminScope() {
    String keyManager = api.key(List.of(networkA), List.of("cpms:api-keys:write", "cpms:api-keys:read"));
    Result r = api.post("/cpms/v1/api-keys", keyManager, new JsonObject().put("name", "p").put("apiFamily", "emp"));
    assertEquals(403, r.status(), r.raw());
  }

  @Test
  void aKeyWorksOnlyOnItsOwnFamily() {
    String partner = mint(new JsonObject().put("apiFamily", "emsp"));
    Result onOperatorApi = api.get("/cpms/v1/chargers", partner);
    assertEquals(401, onOperatorApi.status(), onOperatorApi.raw());
    assertTrue(onOperatorApi.json().getString("message").contains("emsp"), onOperatorApi.raw());
    Result operatorKeyOnDriverApi = family("/emsp/v1/back-office", api.adminKey, null);
    assertEquals(401, operatorKeyOnDriverApi.status(), operatorKeyOnDriverApi.raw());
    assertEquals(200, family("/emsp/v1/back-office", partner, null).status());
  }

  @Test
  void aBackOfficeOperationRefusesAnAppKey() {
    String app = mint(new JsonObject().put("apiFamily", "emsp").put("keyClass", "Publishable"));
    Result r = family("/emsp/v1/back-office", app, "driver-of-" + networkA);
    assertEquals(403, r.status(), r.raw());
  }

  @Test
  void aDriverOperationNeedsTheDriversTokenForTheKeysNetwork() {
    String app = mint(new JsonObject().put("apiFamily", "emsp").put("keyClass", "Publishable"));
    Result none = family("/emsp/v1/mine", app, null);
    assertEquals(401, none.status(), none.raw());
    assertEquals("driver_token_required", none.error());
    assertEquals(401, family("/emsp/v1/mine", app, "forged").status());
    assertEquals(401, family("/emsp/v1/mine", app, "driver-of-" + networkB).status(),
        "a driver of another network is not a driver of this app's network");
    Result mine = family("/emsp/v1/mine", app, "driver-of-" + networkA);
    assertEquals(200, mine.status(), mine.raw());
    assertEquals(DRIVER.toString(), mine.data().getString("driver"));
    assertEquals(false, mine.data().getBoolean("sees"), "a driver scope sees no network-wide rows");
  }

  @Test
  void anEitherOperationServesABackEndItsNetworkAndAnAppOnlyWithADriver() {
    String server = mint(new JsonObject().put("apiFamily", "emsp"));
    Result backEnd = family("/emsp/v1/either", server, null);
    assertEquals(200, backEnd.status(), backEnd.raw());
    assertEquals(true, backEnd.data().getBoolean("sees"));
    String app = mint(new JsonObject().put("apiFamily", "emsp").put("keyClass", "Publishable"));
    assertEquals(401, family("/emsp/v1/either", app, null).status());
    assertEquals(200, family("/emsp/v1/either", app, "driver-of-" + networkA).status());
  }

  @Test
  void everyFamilysVocabularyIsPublished() {
    JsonObject doc = api.get("/.well-known/scopes", null).data();
    assertEquals("cpms", doc.getString("family"));
    List<String> families = doc.getJsonArray("families").stream().map(f -> ((JsonObject) f).getString("family")).toList();
    assertEquals(List.of("cpms", "emsp", "emp"), families);
    JsonObject emsp = doc.getJsonArray("families").getJsonObject(1);
    assertTrue(emsp.getJsonArray("publishable").contains("emsp:charging"));
  }
}
