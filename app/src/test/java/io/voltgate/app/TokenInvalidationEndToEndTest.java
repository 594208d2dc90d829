package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partner's back end creates a user and a token through {@code /emsp/v1}; a charger is allowed to
 * charge with it, and once the token is invalidated the very next Authorize refuses it, on OCPP 1.6
 * and 2.0.1 — although the accepted answer was cached a moment before. The cache lives in Redis,
 * shared by every gateway node, so what one node refuses here every node refuses.
 */
@Timeout(120)
class TokenInvalidationEndToEndTest {

  private static final String KEY = "pk_cpms_live_70ce0000000000000000000000000000";
  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static Http partner;

  @BeforeAll
  static void start() {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY,
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register")), "node-tokens");
    clients = Vertx.vertx();
    Http operator = new Http(voltgate.httpPort(), KEY);
    String network = operator.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
    Http.Result minted = operator.post("/cpms/v1/api-keys", new JsonObject().put("name", "partner back end")
        .put("apiFamily", "emsp").put("networkIds", new JsonArray().add(network)));
    assertEquals(201, minted.status(), minted.body().encode());
    partner = new Http(voltgate.httpPort(), minted.data().getString("key"));
  }

  @AfterAll
  static void stop() {
    WsCharger.await(clients.close());
    voltgate.stop();
  }

  /** A new user's new token: its id and uid. */
  private static JsonObject newToken(String email) {
    Http.Result user = partner.post("/emsp/v1/users", new JsonObject().put("email", email)
        .put("firstName", "Ana").put("lastName", "Díaz"));
    assertEquals(201, user.status(), user.body().encode());
    Http.Result token = partner.post("/emsp/v1/auth/tokens", new JsonObject()
        .put("userId", user.data().getString("id")).put("tokenType", "RFID").put("alias", "Ana's card"));
    assertEquals(201, token.status(), token.body().encode());
    return token.data();
  }

  private static void invalidate(JsonObject token) {
    Http.Result r = partner.call("DELETE", "/emsp/v1/auth/tokens/" + token.getString("id"), null);
    assertEquals(200, r.status(), r.body().encode());
    assertEquals("invalidate", r.data().getString("action"));
  }

  @Test
  void anInvalidatedTokenIsRefusedByTheNextAuthorizeOnOcpp16() {
    JsonObject token = newToken("ana16@example.com");
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), "TOK-16", "ocpp1.6")) {
      cp.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      JsonObject idTag = new JsonObject().put("idTag", token.getString("uid"));
      assertEquals("Accepted", cp.call("Authorize", idTag).getJsonObject(2).getJsonObject("idTagInfo").getString("status"));
      JsonObject used = partner.get("/emsp/v1/auth/tokens/" + token.getString("id")).data();
      assertNotNull(awaitLastUse(token), "lastUsedAt follows the charger's use: " + used.encode());
      invalidate(token);
      assertEquals("Invalid", cp.call("Authorize", idTag).getJsonObject(2).getJsonObject("idTagInfo").getString("status"));
      assertFalse(partner.get("/emsp/v1/auth/tokens/" + token.getString("id")).data().getBoolean("valid"));
    }
  }

  @Test
  void anInvalidatedTokenIsRefusedByTheNextAuthorizeOnOcpp201() {
    JsonObject token = newToken("ana201@example.com");
    try (WsCharger cp = WsCharger.connect(clients, voltgate.ocppPort(), "TOK-201", "ocpp2.0.1")) {
      cp.call("BootNotification", new JsonObject().put("reason", "PowerUp")
          .put("chargingStation", new JsonObject().put("model", "M").put("vendorName", "V")));
      JsonObject request = new JsonObject().put("idToken", new JsonObject()
          .put("idToken", token.getString("uid")).put("type", "ISO14443"));
      assertEquals("Accepted", status201(cp.call("Authorize", request)));
      invalidate(token);
      assertEquals("Invalid", status201(cp.call("Authorize", request)));
    }
  }

  private static String status201(JsonArray answer) {
    return answer.getJsonObject(2).getJsonObject("idTokenInfo").getString("status");
  }

  /** The token's lastUsedAt once the gateway has recorded the use (bounded: 10 s). */
  private static String awaitLastUse(JsonObject token) {
    long until = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < until) {
      String last = partner.get("/emsp/v1/auth/tokens/" + token.getString("id")).data().getString("lastUsedAt");
      if (last != null) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }
}
