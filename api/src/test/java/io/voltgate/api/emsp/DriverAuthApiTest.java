package io.voltgate.api.emsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Driver accounts over HTTP, as a driver app uses them: its publishable key signs a driver up and
 * in, the access token opens the driver's profile, refresh tokens rotate, and a token never works
 * with another network's key.
 */
@Timeout(120)
class DriverAuthApiTest {

  private static final String REGISTER = "/emsp/v1/auth/driver/register";
  private static final String LOGIN = "/emsp/v1/auth/driver/login";
  private static final String REFRESH = "/emsp/v1/auth/driver/refresh";
  private static final String ME = "/emsp/v1/auth/driver/me";
  private static ApiTestServer api;
  private static UUID networkA;
  private static UUID networkB;
  private static String appA;
  private static String appB;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    networkA = api.network("drivers A");
    networkB = api.network("drivers B");
    appA = appKey(networkA);
    appB = appKey(networkB);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String appKey(UUID... networks) {
    JsonArray ids = new JsonArray();
    for (UUID n : networks) {
      ids.add(n.toString());
    }
    Result r = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "app").put("apiFamily", "emsp")
        .put("keyClass", "Publishable").put("networkIds", ids));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }

  private static JsonObject signUp(String key, String email) {
    Result r = api.post(REGISTER, key, new JsonObject().put("email", email).put("password", "correct horse 1")
        .put("firstName", "Maya").put("lastName", "Rivera").put("city", "San Juan"));
    assertEquals(201, r.status(), r.raw());
    return r.data();
  }

  private static String email() {
    return "driver-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void anAppSignsADriverUpAndTheTokenOpensTheProfile() {
    String email = email();
    JsonObject session = signUp(appA, email);
    assertEquals("Bearer", session.getString("tokenType"));
    assertEquals(3600, session.getInteger("expiresIn"));
    assertNotNull(session.getString("refreshToken"));
    JsonObject driver = session.getJsonObject("driver");
    assertEquals(email, driver.getString("email"));
    assertEquals("Maya", driver.getString("firstName"));
    assertTrue(driver.getString("tokenUid").matches("[0-9A-F]{12}"), driver.encode());

    Result me = api.call("GET", ME, appA, session.getString("accessToken"), null);
    assertEquals(200, me.status(), me.raw());
    JsonObject profile = me.data();
    assertEquals(driver.getString("id"), profile.getString("id"));
    assertEquals(email, profile.getString("Email"));
    assertEquals("San Juan", profile.getString("City"));
    assertNotNull(profile.getString("CreatedAt"));
    JsonObject token = profile.getJsonArray("tokens").getJsonObject(0);
    assertEquals(driver.getString("tokenUid"), token.getString("Uid"));
    assertEquals("APP_USER", token.getString("TokenType"));
  }

  @Test
  void theProfileNeedsAValidTokenForTheKeysNetwork() {
    JsonObject session = signUp(appA, email());
    String access = session.getString("accessToken");
    Result none = api.get(ME, appA);
    assertEquals(401, none.status(), none.raw());
    assertEquals("driver_token_required", none.error());
    String tampered = access.substring(0, access.length() - 4) + (access.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertEquals(401, api.call("GET", ME, appA, tampered, null).status());
    assertEquals(401, api.call("GET", ME, appA, "not.a.jwt", null).status());
    Result otherNetwork = api.call("GET", ME, appB, access, null);
    assertEquals(401, otherNetwork.status(), "network A's driver is nobody at network B: " + otherNetwork.raw());
  }

  @Test
  void loginChecksThePasswordAndAnswersTheSameForAnUnknownEmail() {
    String email = email();
    signUp(appA, email);
    Result wrong = api.post(LOGIN, appA, new JsonObject().put("email", email).put("password", "wrong password"));
    assertEquals(401, wrong.status(), wrong.raw());
    assertEquals("invalid_credentials", wrong.error());
    Result unknown = api.post(LOGIN, appA, new JsonObject().put("email", email()).put("password", "wrong password"));
    assertEquals(401, unknown.status());
    assertEquals(wrong.json().getString("message"), unknown.json().getString("message"));
    Result elsewhere = api.post(LOGIN, appB, new JsonObject().put("email", email).put("password", "correct horse 1"));
    assertEquals(401, elsewhere.status(), "accounts belong to one network");
    Result ok = api.post(LOGIN, appA, new JsonObject().put("email", email).put("password", "correct horse 1"));
    assertEquals(200, ok.status(), ok.raw());
    assertEquals(email, ok.data().getJsonObject("driver").getString("email"));
  }

  @Test
  void aRefreshTokenWorksOnceAndItsReuseEndsTheWholeFamily() {
    JsonObject session = signUp(appA, email());
    String first = session.getString("refreshToken");
    Result refreshed = api.post(REFRESH, appA, new JsonObject().put("refreshToken", first));
    assertEquals(200, refreshed.status(), refreshed.raw());
    String second = refreshed.data().getString("refreshToken");
    assertNotEquals(first, second);
    assertTrue(!refreshed.data().containsKey("driver"), "the seed's refresh answer has no driver block");
    Result reused = api.post(REFRESH, appA, new JsonObject().put("refreshToken", first));
    assertEquals(401, reused.status(), reused.raw());
    assertEquals("refresh_token_reused", reused.error());
    assertEquals(401, api.post(REFRESH, appA, new JsonObject().put("refreshToken", second)).status(),
        "the replay revoked the token family");
  }

  @Test
  void anEmailIsUniquePerNetwork() {
    String email = email();
    signUp(appA, email);
    Result again = api.post(REGISTER, appA, new JsonObject().put("email", email.toUpperCase()).put("password", "another pass 2")
        .put("firstName", "M").put("lastName", "R"));
    assertEquals(409, again.status(), again.raw());
    assertEquals("email_taken", again.error());
    signUp(appB, email);
  }

  @Test
  void forgotPasswordAnswersTheSeedsNeutralMessage() {
    Result r = api.post("/emsp/v1/auth/driver/forgot-password", appA, new JsonObject().put("email", email()));
    assertEquals(200, r.status(), r.raw());
    assertEquals(DriverAuthEndpoints.RESET_REQUESTED, r.data().getString("message"));
    Result badToken = api.post("/emsp/v1/auth/driver/reset-password", appA,
        new JsonObject().put("token", "nope").put("newPassword", "long enough 3"));
    assertTrue(badToken.status() == 400 || badToken.status() == 401, badToken.raw());
  }

  @Test
  void aKeyOfSeveralNetworksNamesTheDriversNetwork() {
    String both = appKey(networkA, networkB);
    JsonObject body = new JsonObject().put("email", email()).put("password", "correct horse 1")
        .put("firstName", "A").put("lastName", "B");
    Result unnamed = api.post(REGISTER, both, body.copy());
    assertEquals(400, unnamed.status(), unnamed.raw());
    Result named = api.post(REGISTER, both, body.copy().put("networkId", networkB.toString()));
    assertEquals(201, named.status(), named.raw());
    Result foreign = api.post(REGISTER, appA, body.copy().put("email", email()).put("networkId", networkB.toString()));
    assertEquals(404, foreign.status(), foreign.raw());
  }

  @Test
  void anOperatorKeyIsNotADriverAppsKey() {
    Result r = api.post(LOGIN, api.adminKey, new JsonObject().put("email", email()).put("password", "x"));
    assertEquals(401, r.status(), r.raw());
  }

  @Test
  void theDocumentListsTheDriverOperationsWithTheirSecurity() {
    JsonObject paths = api.get("/openapi.json", null).json().getJsonObject("paths");
    JsonArray meSecurity = paths.getJsonObject(ME).getJsonObject("get").getJsonArray("security");
    assertTrue(meSecurity.getJsonObject(0).containsKey("driverBearer"), meSecurity.encode());
    JsonArray loginSecurity = paths.getJsonObject(LOGIN).getJsonObject("post").getJsonArray("security");
    assertEquals(new JsonArray().add(new JsonObject().put("apiKey", new JsonArray())), loginSecurity);
  }
}
