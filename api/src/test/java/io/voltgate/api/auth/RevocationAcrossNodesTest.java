package io.voltgate.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.RawHttp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two API nodes (separate Vert.x instances, two HTTP event loops each, one key cache per event
 * loop) over the same Postgres and Redis: a key revoked on one is refused by the other at once, on
 * every fresh connection, and its open event streams end.
 */
@Timeout(90)
class RevocationAcrossNodesTest {

  /** Far below the caches' own 5 s backstop: only the revocation message can explain a refusal this soon. */
  private static final long AT_ONCE_MS = 1_500;
  private static final int CONNECTIONS = 6;

  private static ApiTestServer nodeA;
  private static ApiTestServer nodeB;

  @BeforeAll
  static void start() {
    nodeA = ApiTestServer.start(2);
    nodeB = ApiTestServer.start(2);
  }

  @AfterAll
  static void stop() {
    nodeB.close();
    nodeA.close();
  }

  private static JsonObject mint(List<String> scopes) {
    Result r = nodeA.post("/cpms/v1/api-keys", nodeA.adminKey, new JsonObject().put("name", "revocable")
        .put("scopes", new JsonArray(scopes)));
    assertEquals(201, r.status(), r.raw());
    return r.data();
  }

  /** Every event loop of node B has the key cached. */
  private static void warm(String key) {
    for (int i = 0; i < CONNECTIONS; i++) {
      assertEquals(200, RawHttp.status(nodeB.port, "GET", "/cpms/v1/me", key));
    }
  }

  private static void assertRefusedOnEveryFreshConnection(String key) {
    for (int i = 0; i < CONNECTIONS; i++) {
      assertEquals(401, RawHttp.status(nodeB.port, "GET", "/cpms/v1/me", key), "connection " + i);
    }
  }

  /** Polls node B on fresh connections until the key is refused; answers how long that took. */
  private static long millisUntilRefused(String key, long since) {
    while (RawHttp.status(nodeB.port, "GET", "/cpms/v1/me", key) != 401) {
      assertTrue(System.currentTimeMillis() - since < AT_ONCE_MS, "node B still accepts the revoked key");
    }
    return System.currentTimeMillis() - since;
  }

  @Test
  void aKeyRevokedOnNodeAIsRefusedOnNodeBAtOnceOnEveryFreshConnection() {
    JsonObject key = mint(List.of("cpms:networks:read"));
    String secret = key.getString("key");
    warm(secret);

    long revokedAt = System.currentTimeMillis();
    Result revoke = nodeA.call("DELETE", "/cpms/v1/api-keys/" + key.getString("id"), nodeA.adminKey, null);
    assertEquals(200, revoke.status(), revoke.raw());

    millisUntilRefused(secret, revokedAt);
    assertRefusedOnEveryFreshConnection(secret);
  }

  @Test
  void anEventStreamOpenOnNodeBEndsWhenItsKeyIsRevokedOnNodeA() throws Exception {
    JsonObject key = mint(List.of("cpms:events:read"));
    try (RawHttp stream = RawHttp.connect(nodeB.port)) {
      stream.head("GET", "/cpms/v1/events/stream", "X-API-Key: " + key.getString("key"), "Accept: text/event-stream");
      assertEquals(200, stream.status());
      CompletableFuture<String> ended = CompletableFuture.supplyAsync(stream::untilClosed);

      Result revoke = nodeA.call("DELETE", "/cpms/v1/api-keys/" + key.getString("id"), nodeA.adminKey, null);
      assertEquals(200, revoke.status(), revoke.raw());

      // The stream's heartbeat comes every 15 s: an end well before it is the revocation's doing.
      String rest = ended.get(10, TimeUnit.SECONDS);
      assertTrue(rest.contains("revoked"), rest);
    }
  }

  @Test
  void aNodeThatLostItsRevocationSubscriptionServesNoCachedKey() {
    JsonObject key = mint(List.of("cpms:networks:read"));
    String secret = key.getString("key");
    warm(secret);

    // Every subscriber connection is cut; a revocation written meanwhile is never announced.
    ApiTestServer.await(nodeA.redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub")));
    ApiTestServer.await(nodeA.pg.preparedQuery("UPDATE api_keys SET revoked_at = now() WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(key.getString("id")))));

    millisUntilRefused(secret, System.currentTimeMillis());
    assertRefusedOnEveryFreshConnection(secret);
  }

  @Test
  void aCachedKeyIsRefusedTheMomentItExpires() throws InterruptedException {
    OffsetDateTime soon = OffsetDateTime.now().plusSeconds(3);
    String secret = nodeB.key(null, List.of("cpms:networks:read"), 100, soon, null);
    warm(secret);
    Thread.sleep(Math.max(0, soon.toInstant().toEpochMilli() - System.currentTimeMillis()) + 100);
    assertRefusedOnEveryFreshConnection(secret);
  }
}
