package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.config.ConfigKey;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.pg.NetworkRepository;
import io.voltgate.store.security.ChargerPasswords;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may be a charger: with the product's defaults an unknown id is rejected and registered
 * nowhere, ids outside OCPP's identifierString never get past the handshake, and a socket without
 * credentials can neither connect as nor displace a charger that has them.
 */
@Timeout(120)
class ChargerIdentityTest {

  private static final String PASSWORD = "a-long-charger-password-42";
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("VOLTGATE_UNKNOWN_CHARGER_POLICY",
        ConfigKey.UNKNOWN_CHARGER_POLICY.defaultValue().orElseThrow()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void theDefaultPolicyRejectsAnUnknownIdAndRegistersItNowhere() {
    assertEquals("rejected", ConfigKey.UNKNOWN_CHARGER_POLICY.defaultValue().orElseThrow());
    String cp = "UNKNOWN-" + UUID.randomUUID();
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      JsonObject boot = c.call("BootNotification", new JsonObject().put("chargePointVendor", "V")
          .put("chargePointModel", "M")).getJsonObject(2);
      assertEquals("Rejected", boot.getString("status"));
      assertEquals("SecurityError", c.call("Heartbeat", new JsonObject()).getString(2), "nothing else is accepted");
    }
    assertEquals(0, count("SELECT count(*)::int FROM chargers WHERE charge_point_id = $1", cp));
    assertEquals(0, count("SELECT count(*)::int FROM pending_chargers WHERE charge_point_id = $1", cp));
  }

  @Test
  void idsOutsideOcppIdentifierStringAreRefusedBeforeAnyLookupEvenWhenAutoRegistering() {
    // Formula injection, SQL-looking text, a line break, a space, a non-ASCII letter, 49 characters.
    List<String> paths = List.of("%3Dcmd%7C%22%2FC%20calc%22%21A0", "x%27%3B%20--", "CP%0A1", "CP%201",
        "caf%C3%A9", "A".repeat(49));
    try (TestGateway open = TestGateway.start(Map.of("VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register"))) {
      for (String path : paths) {
        assertEquals(400, handshakeStatus(open, path, null), "id " + path);
      }
      assertEquals(0, count("SELECT count(*)::int FROM chargers WHERE charge_point_id ~ '[^A-Za-z0-9*_=:+|@.-]'"
          + " OR length(charge_point_id) > 48"));
      String everyAllowedCharacter = "Az09*-_=:+|@." + UUID.randomUUID().toString().substring(0, 8);
      String path = "/ocpp/" + java.net.URLEncoder.encode(everyAllowedCharacter, java.nio.charset.StandardCharsets.UTF_8);
      try (RawOcppClient c = TestGateway.await(RawOcppClient.connect(open.vertx, open.port, path, "ocpp1.6"))) {
        assertEquals("Accepted", c.call("BootNotification", new JsonObject().put("chargePointVendor", "V")
            .put("chargePointModel", "M")).getJsonObject(2).getString("status"));
      }
    }
  }

  @Test
  void aSocketWithoutTheChargersCredentialsCanNeitherConnectNorDisplaceIt() {
    String cp = "GENUINE-" + UUID.randomUUID().toString().substring(0, 8);
    UUID network = TestGateway.await(new NetworkRepository(gateway.pg).ensureDefault());
    TestGateway.await(new ChargerRepository(gateway.pg).provisionSecurity(cp, network, 1, ChargerPasswords.hash(PASSWORD)));
    try (RawOcppClient genuine = TestGateway.await(RawOcppClient.connectWithPassword(gateway.vertx, gateway.port, cp,
        PASSWORD, "ocpp1.6"))) {
      assertEquals("Accepted", genuine.call("BootNotification", new JsonObject().put("chargePointVendor", "V")
          .put("chargePointModel", "M")).getJsonObject(2).getString("status"));

      assertEquals(401, handshakeStatus(gateway, cp, null), "no credentials");
      assertEquals(401, handshakeStatus(gateway, cp, "guessed-password-123"), "wrong password");

      JsonArray heartbeat = genuine.call("Heartbeat", new JsonObject());
      assertEquals(3, heartbeat.getInteger(0), "the genuine charger is still connected: " + heartbeat);
      assertFalse(genuine.isClosed());
    }
    // Recorded without holding up the refusal: wait for the writes rather than race them.
    long deadline = System.currentTimeMillis() + 5_000;
    while (count("SELECT count(*)::int FROM security_events WHERE charge_point_id = $1", cp) < 2
        && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertTrue(count("SELECT count(*)::int FROM security_events WHERE charge_point_id = $1", cp) >= 2,
        "the refusals are recorded as security events");
  }

  @Test
  void underThePendingPolicyAnUnknownChargerIsListedInNoNetworkAndMayDoNothingElse() {
    String cp = "NEWCOMER-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestGateway pending = TestGateway.start(Map.of("VOLTGATE_UNKNOWN_CHARGER_POLICY", "pending"));
        RawOcppClient c = RawOcppClient.open(pending.vertx, pending.port, cp, "ocpp1.6")) {
      JsonObject boot = c.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme")
          .put("chargePointModel", "X1").put("firmwareVersion", "1.2.3")).getJsonObject(2);
      assertEquals("Pending", boot.getString("status"));
      assertTrue(boot.getInteger("interval") >= 60, "comes back in a minute or so: " + boot);
      assertEquals("SecurityError", c.call("StatusNotification", new JsonObject().put("connectorId", 1)
          .put("errorCode", "NoError").put("status", "Available")).getString(2));
      c.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme").put("chargePointModel", "X1"));
    }
    Row listed = TestGateway.await(gateway.pg.preparedQuery("SELECT vendor, model, ocpp_version, boots, remote_address"
        + " FROM pending_chargers WHERE charge_point_id = $1").execute(Tuple.of(cp))).iterator().next();
    assertEquals("Acme", listed.getString("vendor"));
    assertEquals("1.6", listed.getString("ocpp_version"));
    assertEquals(2, listed.getInteger("boots"));
    assertEquals("127.0.0.1", listed.getString("remote_address"));
    assertEquals(0, count("SELECT count(*)::int FROM chargers WHERE charge_point_id = $1", cp), "in no network");
  }

  @Test
  void autoRegistrationGoesIntoTheNamedNetworkAndRefusesToGuessAmongSeveral() {
    TestGateway.await(new NetworkRepository(gateway.pg).ensureDefault());
    UUID second = UUID.randomUUID();
    TestGateway.await(gateway.pg.preparedQuery("INSERT INTO networks (id, name) VALUES ($1, 'Second network')")
        .execute(Tuple.of(second)));
    try {
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> TestGateway.start(Map.of("VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register")).close());
      assertTrue(String.valueOf(refused.getMessage()).contains("VOLTGATE_AUTO_REGISTER_NETWORK"), refused.getMessage());

      String cp = "AUTO-" + UUID.randomUUID().toString().substring(0, 8);
      try (TestGateway named = TestGateway.start(Map.of("VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register",
          "VOLTGATE_AUTO_REGISTER_NETWORK", second.toString()));
          RawOcppClient c = RawOcppClient.open(named.vertx, named.port, cp, "ocpp1.6")) {
        assertEquals("Accepted", c.call("BootNotification", new JsonObject().put("chargePointVendor", "V")
            .put("chargePointModel", "M")).getJsonObject(2).getString("status"));
      }
      Row charger = TestGateway.await(gateway.pg.preparedQuery("SELECT network_id, security_profile FROM chargers"
          + " WHERE charge_point_id = $1 AND deleted_at IS NULL").execute(Tuple.of(cp))).iterator().next();
      assertEquals(second, charger.getUUID("network_id"));
      assertEquals(0, (int) charger.getInteger("security_profile"), "it came without credentials");
    } finally {
      // Other suites in this JVM auto-register into "the only network".
      TestGateway.await(gateway.pg.preparedQuery("UPDATE networks SET deleted_at = now() WHERE id = $1")
          .execute(Tuple.of(second)));
    }
  }

  /** 101 when the upgrade succeeds, else the HTTP status of the refusal. */
  private static int handshakeStatus(TestGateway node, String pathId, String password) {
    Future<RawOcppClient> connecting = password == null
        ? RawOcppClient.connect(node.vertx, node.port, "/ocpp/" + pathId, "ocpp1.6")
        : RawOcppClient.connectWithPassword(node.vertx, node.port, pathId, password, "ocpp1.6");
    Future<Object> outcome = connecting.map(c -> (Object) c)
        .recover(e -> e instanceof UpgradeRejectedException r ? Future.succeededFuture(r.getStatus())
            : Future.failedFuture(e));
    Object result = TestGateway.await(outcome);
    if (result instanceof RawOcppClient c) {
      c.close();
      return 101;
    }
    return (Integer) result;
  }

  private static int count(String sql, Object... args) {
    return TestGateway.await(gateway.pg.preparedQuery(sql).execute(Tuple.from(args))).iterator().next().getInteger(0);
  }
}
