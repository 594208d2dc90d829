package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.TestGateway;
import io.voltgate.gateway.support.TestPki;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.pg.NetworkRepository;
import io.voltgate.store.security.ChargerPasswords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** OCPP security profiles 1–3 at the handshake, with certificates made by the test. */
@Timeout(90)
class SecurityProfilesTest {

  private static final String PASSWORD = "correct-horse-battery-staple";
  @TempDir
  static Path dir;
  private static TestPki pki;
  private static TestGateway gateway;
  private static int tlsPort;

  @BeforeAll
  static void start() {
    pki = TestPki.create(dir);
    Path[] server = pki.server();
    tlsPort = TestGateway.freePort();
    gateway = TestGateway.start(Map.of(
        "VOLTGATE_OCPP_TLS_PORT", Integer.toString(tlsPort),
        "VOLTGATE_TLS_CERT_FILE", server[0].toString(),
        "VOLTGATE_TLS_KEY_FILE", server[1].toString(),
        "VOLTGATE_TLS_CLIENT_CA_FILE", pki.caFile().toString()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String provision(int profile) {
    String cp = "SEC" + profile + "-" + UUID.randomUUID().toString().substring(0, 8);
    UUID network = TestGateway.await(new NetworkRepository(gateway.pg).ensureDefault());
    TestGateway.await(new ChargerRepository(gateway.pg).provisionSecurity(cp, network, profile,
        profile == 1 || profile == 2 ? ChargerPasswords.hash(PASSWORD) : null));
    gateway.announce(cp);
    return cp;
  }

  /** Connects and returns the HTTP status of a refusal, or 101 when the upgrade succeeded. */
  private static int connect(String cp, boolean tls, String password, Path[] clientCert) {
    WebSocketClientOptions options = new WebSocketClientOptions();
    if (tls) {
      options.setSsl(true).setTrustOptions(new PemTrustOptions().addCertPath(pki.caFile().toString()));
      if (clientCert != null) {
        options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(clientCert[0].toString())
            .setKeyPath(clientCert[1].toString()));
      }
    }
    WebSocketClient client = gateway.vertx.createWebSocketClient(options);
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(tls ? tlsPort : gateway.port).setURI("/ocpp/" + cp).setSubProtocols(List.of("ocpp1.6"));
    if (password != null) {
      connect.addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (cp + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      Future<WebSocket> ws = client.connect(connect);
      WebSocket socket = TestGateway.await(ws);
      TestGateway.await(socket.close());
      return 101;
    } catch (IllegalStateException e) {
      String message = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
      for (int code : new int[] {401, 403, 400, 404, 503}) {
        if (message.contains(Integer.toString(code))) {
          return code;
        }
      }
      throw new AssertionError("unexpected failure: " + message, e);
    } finally {
      client.close();
    }
  }

  private static int securityEvents(String cp) {
    return TestGateway.await(gateway.pg.preparedQuery("SELECT count(*)::int AS n FROM security_events WHERE charge_point_id = $1")
        .execute(Tuple.of(cp))).iterator().next().getInteger("n");
  }

  @Test
  void profile1AcceptsTheRightPasswordAndRefusesWrongOrMissingOnes() {
    String cp = provision(1);
    assertEquals(101, connect(cp, false, PASSWORD, null));
    assertEquals(101, connect(cp, false, PASSWORD, null), "second time from the verified cache");
    assertEquals(401, connect(cp, false, "wrong-password-entirely", null));
    assertEquals(401, connect(cp, false, null, null));
    assertEquals(101, connect(cp, true, PASSWORD, null), "profile 1 over TLS is above the profile: allowed");
    assertEquals(2, securityEvents(cp));
  }

  @Test
  void profile2RequiresTlsAndThePassword() {
    String cp = provision(2);
    assertEquals(403, connect(cp, false, PASSWORD, null));
    assertEquals(401, connect(cp, true, "wrong-password-entirely", null));
    assertEquals(101, connect(cp, true, PASSWORD, null));
    assertTrue(securityEvents(cp) >= 2);
  }

  @Test
  void profile3RequiresAClientCertificateNamingTheCharger() {
    String cp = provision(3);
    assertEquals(403, connect(cp, false, null, null));
    assertEquals(403, connect(cp, true, null, null));
    assertEquals(403, connect(cp, true, null, pki.client("SOMEONE-ELSE")));
    assertEquals(101, connect(cp, true, null, pki.client(cp)));
    assertEquals(3, securityEvents(cp));
  }

  @Test
  void chargersWithoutAProfileConnectOnBothListeners() {
    String cp = provision(0);
    assertEquals(101, connect(cp, false, null, null));
    assertEquals(101, connect(cp, true, null, null));
  }
}
