package io.voltgate.services.webhooks;

import io.voltgate.services.webhooks.PrivateTargets;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Webhook targets that would let a subscriber reach the platform's own network (SSRF) are refused
 * at create, at update and at every delivery. The server's allowlist holds 127.0.0.2 only, so a
 * real receiver there proves the allowlist works while 127.0.0.1 (and {@code localhost}) stay
 * refused like any loopback address.
 */
@Timeout(120)
class WebhookSsrfTest {

  private static final String PUBLIC_URL = "https://93.184.216.34/hook";

  /** Every class of non-public address, in the forms an attacker tried and their disguises. */
  private static final List<String> REFUSED = List.of(
      "https://10.0.0.1/", "https://172.16.0.1/", "https://192.168.0.1/", "https://100.64.0.1/",
      "https://127.0.0.1/", "https://localhost/", "https://[::1]/",
      "https://169.254.1.1/", "https://[fe80::1]/",
      "https://[fd00::1]/", "https://[fc00::1]/", "https://[fec0::1]/",
      "https://[64:ff9b::a9fe:a9fe]/", "https://[64:ff9b::a00:1]/", "https://[64:ff9b:1::1]/",
      "https://[::ffff:10.0.0.1]/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:169.254.169.254]/",
      "https://[::10.0.0.1]/", "https://[::7f00:1]/",
      "https://[2002:c0a8:101::1]/", // 6to4 of 192.168.1.1
      "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", // Teredo client 10.0.0.1
      "https://0.0.0.0/", "https://0.1.2.3/", "https://[::]/",
      "https://224.0.0.1/", "https://[ff02::1]/", "https://255.255.255.255/", "https://240.0.0.1/",
      "https://192.0.0.8/", "https://198.18.0.1/", "https://198.19.255.1/",
      "https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/", "https://100.100.100.200/",
      "https://metadata.google.internal/computeMetadata/v1/", "https://METADATA.google.internal./",
      "https://user:secret@93.184.216.34/hook", "https://user@93.184.216.34/hook",
      "ftp://93.184.216.34/hook", "file:///etc/passwd", "http://93.184.216.34/hook",
      "https:///no-host");

  private static ApiTestServer api;
  private static Vertx receiverVertx;

  /** A real HTTP receiver on one loopback address, counting what reaches it. */
  static final class Receiver implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger();
    final HttpServer server;
    final String host;

    Receiver(String host) {
      this.host = host;
      server = receiverVertx.createHttpServer().requestHandler(req -> {
        requests.incrementAndGet();
        req.response().setStatusCode(200).end("ok");
      });
      ApiTestServer.await(server.listen(0, host));
    }

    String url(String hostInUrl) {
      return "http://" + hostInUrl + ":" + server.actualPort() + "/hook";
    }

    @Override
    public void close() {
      ApiTestServer.await(server.close());
    }
  }

  @BeforeAll
  static void start() {
    api = ApiTestServer.start(ApiTestServer.testWebhooks("127.0.0.2"));
    receiverVertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    api.close();
    ApiTestServer.await(receiverVertx.close());
  }

  private static String key() {
    return api.key(List.of(api.network("wh-ssrf-" + UUID.randomUUID())), List.of("cpms:webhooks:read", "cpms:webhooks:write"));
  }

  private static Result create(String key, String url) {
    return api.post("/cpms/v1/webhooks", key, new JsonObject().put("url", url).put("events", "*"));
  }

  private static JsonArray deliveries(String key, String webhookId) {
    return api.get("/cpms/v1/webhooks/" + webhookId + "/deliveries", key).list();
  }

  private static void eventually(String what, BooleanSupplier check) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not within 15 s: " + what);
  }

  private static Executable refusedAsUrlError(String url, Result r) {
    return () -> {
      assertEquals(400, r.status(), url + " was accepted: " + r.raw());
      assertEquals("validation_error", r.error(), url);
      assertEquals("url", r.json().getString("field"), url);
    };
  }

  @Test
  void everyNonPublicAddressClassIsRefusedAtCreate() {
    String key = key();
    assertAll(REFUSED.stream().map(url -> refusedAsUrlError(url, create(key, url))));
    assertEquals(0, api.get("/cpms/v1/webhooks", key).list().size(), "nothing was stored");
  }

  @Test
  void everyNonPublicAddressClassIsRefusedWhenAUrlIsChanged() {
    String key = key();
    Result created = create(key, PUBLIC_URL);
    assertEquals(201, created.status(), "a public https address is accepted: " + created.raw());
    String path = "/cpms/v1/webhooks/" + created.data().getString("id");
    assertAll(REFUSED.stream().map(url -> refusedAsUrlError(url, api.call("PATCH", path, key, new JsonObject().put("url", url)))));
    assertEquals(PUBLIC_URL, api.get("/cpms/v1/webhooks", key).list().getJsonObject(0).getString("url"));
  }

  @Test
  void aNameThatResolvesToLoopbackAtDeliveryIsRefusedAndNothingReachesTheReceiver() throws Exception {
    String key = key();
    try (Receiver loopback = new Receiver("127.0.0.1")) {
      assertEquals(400, create(key, loopback.url("localhost")).status(), "refused when created");
      // The name passed the check when it was created and resolves to loopback now (DNS rebinding).
      String id = create(key, PUBLIC_URL).data().getString("id");
      ApiTestServer.await(api.pg.preparedQuery("UPDATE webhook_subscriptions SET url = $2 WHERE id = $1")
          .execute(Tuple.of(UUID.fromString(id), loopback.url("localhost"))));
      assertEquals(200, api.post("/cpms/v1/webhooks/" + id + "/test", key, null).status());
      eventually("every attempt refused", () -> {
        JsonArray ds = deliveries(key, id);
        return !ds.isEmpty() && "Failed".equals(ds.getJsonObject(0).getString("status"));
      });
      JsonObject d = deliveries(key, id).getJsonObject(0);
      assertEquals(3, d.getInteger("attempts"));
      assertEquals("refused_address", d.getString("last_error"));
      assertEquals(null, d.getValue("http_status"));
      assertEquals(0, loopback.requests.get(), "nothing reached the loopback receiver");
    }
  }

  @Test
  void aReceiverOnTheAllowlistIsReachedOverPlainHttp() throws Exception {
    String key = key();
    try (Receiver allowed = new Receiver("127.0.0.2")) {
      Result created = create(key, allowed.url("127.0.0.2"));
      assertEquals(201, created.status(), created.raw());
      String id = created.data().getString("id");
      assertEquals(200, api.post("/cpms/v1/webhooks/" + id + "/test", key, null).status());
      eventually("delivered", () -> allowed.requests.get() == 1);
      eventually("recorded as delivered", () -> "Delivered".equals(deliveries(key, id).getJsonObject(0).getString("status")));
    }
  }

  @Test
  void aFailedAttemptIsRecordedAsAnOutcomeClassNotAsTheNetworkError() throws Exception {
    String key = key();
    String url;
    try (Receiver gone = new Receiver("127.0.0.2")) {
      url = gone.url("127.0.0.2");
    }
    Result created = create(key, url);
    assertEquals(201, created.status(), created.raw());
    String id = created.data().getString("id");
    api.post("/cpms/v1/webhooks/" + id + "/test", key, null);
    eventually("an attempt recorded", () -> {
      JsonArray ds = deliveries(key, id);
      return !ds.isEmpty() && ds.getJsonObject(0).getInteger("attempts") >= 1;
    });
    assertEquals("connect_failed", deliveries(key, id).getJsonObject(0).getString("last_error"));
  }

  @Test
  void anAllowlistEntryMustBeAnAddressBlockOrAHostName() throws Exception {
    PrivateTargets t = PrivateTargets.parse(" 10.20.0.0/16 , hooks.corp.example., fd12::/16 ");
    assertTrue(t.allowsHost("HOOKS.corp.example"));
    assertTrue(t.allowsAddress(InetAddress.getByName("10.20.3.4")), "an IP literal is parsed, not looked up");
    assertEquals(true, PrivateTargets.parse("").isEmpty());
    for (String bad : List.of("10.0.0.0/33", "http://x/", "a b", "::1/129")) {
      try {
        PrivateTargets.parse(bad);
        throw new AssertionError(bad + " was accepted");
      } catch (IllegalArgumentException expected) {
        // refused at start-up
      }
    }
  }
}
