package io.voltgate.services.webhooks;

import io.voltgate.services.webhooks.DeliveryFailure;
import io.voltgate.services.webhooks.WebhookUrls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.voltgate.api.support.ApiTestServer;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A delivery dials the vetted address, not the name (no second DNS lookup), yet TLS still speaks
 * to and verifies the URL's host name: SNI, the Host header and the certificate check use it.
 */
@Timeout(60)
class VettedAddressTlsTest {

  private static final String HOST = "hooks.example.test";

  private static Vertx vertx;
  private static HttpServer server;
  private static WebClient client;
  private static final AtomicReference<String> sni = new AtomicReference<>();
  private static final AtomicReference<String> hostHeader = new AtomicReference<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    SelfSignedCertificate cert = SelfSignedCertificate.create(HOST);
    server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true).setKeyCertOptions(cert.keyCertOptions()))
        .requestHandler(req -> {
          sni.set(req.connection().indicatedServerName());
          hostHeader.set(req.headers().get("Host"));
          req.response().end("ok");
        });
    ApiTestServer.await(server.listen(0, "127.0.0.1"));
    client = WebClient.create(vertx, new WebClientOptions().setTrustOptions(cert.trustOptions()).setFollowRedirects(false));
  }

  @AfterAll
  static void stop() {
    ApiTestServer.await(vertx.close());
  }

  private static WebhookUrls.Vetted vetted(String host) throws Exception {
    // The name does not resolve at all: reaching the server proves the vetted address was dialled.
    return new WebhookUrls.Vetted(new WebhookUrls.Target(host, server.actualPort(), true, "/hook"),
        InetAddress.getByName("127.0.0.1"));
  }

  @Test
  void theVettedAddressIsDialledWithTheUrlsHostNameForSniAndHost() throws Exception {
    WebhookUrls.Vetted v = vetted(HOST);
    assertEquals(200, ApiTestServer.await(client.request(HttpMethod.POST, v.server(), v.request()).send()).statusCode());
    assertEquals(HOST, sni.get());
    assertTrue(hostHeader.get().startsWith(HOST + ":"), hostHeader.get());
  }

  @Test
  void aCertificateForAnotherNameIsATlsError() throws Exception {
    WebhookUrls.Vetted v = vetted("other.example.test");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ApiTestServer.await(client.request(HttpMethod.POST, v.server(), v.request()).send()));
    assertEquals(DeliveryFailure.TLS_ERROR, DeliveryFailure.of(e.getCause().getCause()));
  }
}
