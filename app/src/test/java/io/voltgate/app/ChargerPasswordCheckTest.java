package io.voltgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.voltgate.app.support.Http;
import io.voltgate.app.support.WsCharger;
import io.voltgate.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A charger registered through the API with a generated password (security profile 1) connects for
 * the first time without a bcrypt check: the API remembered the password as verified, by its keyed
 * digest. A wrong password is still checked by bcrypt and refused.
 */
@Timeout(120)
class ChargerPasswordCheckTest {

  private static final String KEY = "pk_cpms_live_7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c";
  private static final JsonObject BOOT = new JsonObject().put("chargePointVendor", "Acme").put("chargePointModel", "X1");

  @TempDir
  static Path dir;
  private static Voltgate voltgate;
  private static Vertx clients;
  private static Http api;
  private static String network;

  @BeforeAll
  static void start() {
    voltgate = Voltgate.start(Settings.of(Map.of("VOLTGATE_DATA_DIR", dir.toString(), "VOLTGATE_OCPP_PORT", "0",
        "VOLTGATE_HTTP_PORT", "0", "VOLTGATE_HOST", "127.0.0.1", "VOLTGATE_BOOTSTRAP_API_KEY", KEY)), "node-passwords");
    clients = Vertx.vertx();
    api = new Http(voltgate.httpPort(), KEY);
    network = api.get("/cpms/v1/networks").body().getJsonArray("data").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() {
    clients.close();
    voltgate.stop();
  }

  @Test
  void aRegisteredChargersFirstConnectionNeedsNoBcryptAndAWrongPasswordIsStillRefused() throws Exception {
    String cp = "PWD-" + UUID.randomUUID().toString().substring(0, 8);
    Http.Result created = api.post("/cpms/v1/chargers", new JsonObject().put("serial", cp).put("networkUuid", network));
    assertEquals(201, created.status(), created.body().encode());
    assertEquals(1, created.data().getInteger("securityProfile"));
    String password = created.data().getString("password");
    assertNotNull(password);

    double okBefore = passwordChecks("ok");
    double failedBefore = passwordChecks("failed");
    try (WsCharger charger = WsCharger.connectWithPassword(clients, voltgate.ocppPort(), cp, "ocpp1.6", password)) {
      assertEquals("Accepted", charger.call("BootNotification", BOOT).getJsonObject(2).getString("status"));
    }
    assertEquals(okBefore, passwordChecks("ok"), "the first connection was answered from the remembered digest");

    assertThrows(RuntimeException.class,
        () -> WsCharger.connectWithPassword(clients, voltgate.ocppPort(), cp, "ocpp1.6", password + "x").close());
    assertEquals(failedBefore + 1, passwordChecks("failed"), "a wrong password is checked by bcrypt");
  }

  /** {@code voltgate_charger_password_checks_total{outcome=...}} from /metrics (0 when not exported yet). */
  private static double passwordChecks(String outcome) throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + voltgate.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("^voltgate_charger_password_checks_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} (\\S+)$",
        Pattern.MULTILINE).matcher(metrics.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
