package io.voltgate.store.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.voltgate.store.embedded.EmbeddedRedisServer;
import io.voltgate.store.redis.RedisWriteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verified credentials shared through a real Redis: a node with the deployment's key (or this node
 * after a restart: a new cache) accepts a pair another node verified, without bcrypt; a node with
 * another key, another stored hash (a rotation) or another password does not.
 */
@Timeout(60)
class VerifiedCredentialsTest {

  private static final String HASH = "$2a$10$abcdefghijklmnopqrstuuSTOREDHASHSTOREDHASHSTOREDHASH12";
  private static final String ROTATED = "$2a$10$zyxwvutsrqponmlkjihgfeROTATEDHASHROTATEDHASHROTATED12";

  private static EmbeddedRedisServer server;
  private static Vertx vertx;
  private static Context loop;
  private static Redis redis;

  @BeforeAll
  static void start() {
    server = EmbeddedRedisServer.start(0, "c0ffee5eca1d0c0ffee5eca1d0");
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()).setMaxPoolSize(4));
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aPairVerifiedOnOneNodeIsKnownToAnotherWithTheSameKeyOnly() throws Exception {
    byte[] deploymentKey = key(1);
    VerifiedCredentials nodeA = node(deploymentKey);
    VerifiedCredentials nodeB = node(deploymentKey);
    VerifiedCredentials otherKey = node(key(2));

    assertFalse(await(onLoop(() -> nodeB.verifiedAnywhere("CP-1", HASH, "s3cret-password"))), "nothing verified yet");
    await(onLoop(() -> {
      nodeA.verified("CP-1", HASH, "s3cret-password");
      return Future.succeededFuture();
    }));
    assertTrue(nodeA.verifiedHere("CP-1", HASH, "s3cret-password"));

    assertTrue(eventually(() -> onLoop(() -> nodeB.verifiedAnywhere("CP-1", HASH, "s3cret-password"))),
        "node B (same key) finds node A's digest");
    assertTrue(nodeB.verifiedHere("CP-1", HASH, "s3cret-password"), "and remembers it without Redis");
    assertFalse(await(onLoop(() -> nodeB.verifiedAnywhere("CP-1", HASH, "wrong-password"))));
    assertFalse(await(onLoop(() -> nodeB.verifiedAnywhere("CP-1", ROTATED, "s3cret-password"))),
        "a rotated password has another stored hash");
    assertFalse(await(onLoop(() -> nodeB.verifiedAnywhere("CP-2", HASH, "s3cret-password"))), "another charger");
    assertFalse(await(onLoop(() -> otherKey.verifiedAnywhere("CP-1", HASH, "s3cret-password"))),
        "a node with another key cannot use the digest");
  }

  private static VerifiedCredentials node(byte[] key) {
    return new VerifiedCredentials(new IdentityCache(100, Duration.ofMinutes(10), Duration.ofSeconds(10), new CredentialDigest(key)),
        new RedisWriteBuffer(loop, redis));
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private static boolean eventually(Supplier<Future<Boolean>> check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (await(check.get())) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static <T> Future<T> onLoop(Supplier<Future<T>> action) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    loop.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
