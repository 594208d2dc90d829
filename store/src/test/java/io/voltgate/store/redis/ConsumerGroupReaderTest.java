package io.voltgate.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.store.embedded.EmbeddedRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ConsumerGroupReader} against a real embedded Redis, spoken to in RESP3 and in RESP2 (the
 * replies of XREADGROUP differ in shape): entries are handed over and acknowledged once, entries a
 * consumer left pending are claimed by another after the idle time, a failed entry stays pending.
 */
@Timeout(60)
class ConsumerGroupReaderTest {

  private static EmbeddedRedisServer server;
  private static Vertx vertx;
  private static Context loop;
  private static int streams;

  @BeforeAll
  static void start() {
    server = EmbeddedRedisServer.start(0, "5eca1d0c0ffee5eca1d0c0ffee");
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
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
  void resp3RepliesAreRead() throws Exception {
    handsOverAcksOnceAndClaimsWhatADeadConsumerLeft(ProtocolVersion.RESP3);
  }

  @Test
  void resp2RepliesAreRead() throws Exception {
    handsOverAcksOnceAndClaimsWhatADeadConsumerLeft(ProtocolVersion.RESP2);
  }

  @Test
  void entryByEntryStopsAtTheFirstFailureAndLeavesTheRestPending() throws Exception {
    Redis redis = client(ProtocolVersion.RESP3);
    String stream = newStream();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    ConsumerGroupReader reader = ConsumerGroupReader.eachEntry(vertx, redis, redis,
        ConsumerGroupReader.Options.of(stream, "g", "c1").withBlock(Duration.ofMillis(100)),
        e -> {
          seen.add(e.field("n"));
          return "2".equals(e.field("n")) ? Future.failedFuture("not now") : Future.succeededFuture();
        });
    // The group exists before the entries, so the first read returns all three in one batch.
    await(redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("g").arg("0").arg("MKSTREAM")));
    for (int i = 1; i <= 3; i++) {
      await(add(redis, stream, i));
    }
    await(onLoop(reader::start));
    eventually(() -> seen.contains("2"));
    Thread.sleep(1_500); // past the reader's retry: nothing new comes, nothing is redelivered
    assertEquals(List.of("1", "2"), seen, "handled in order, stopped at the failure");
    assertEquals(2, pending(redis, stream), "the failed entry and the one after it stay pending");
    await(onLoop(reader::stop));
    await(redis.close());
  }

  private void handsOverAcksOnceAndClaimsWhatADeadConsumerLeft(ProtocolVersion protocol) throws Exception {
    Redis redis = client(protocol);
    String stream = newStream();
    List<String> first = Collections.synchronizedList(new ArrayList<>());
    ConsumerGroupReader.Options options = ConsumerGroupReader.Options.of(stream, "g", "c1")
        .withBatch(10).withBlock(Duration.ofMillis(100)).readingOwnPendingFirst();
    ConsumerGroupReader reader = ConsumerGroupReader.batches(vertx, redis, redis, options, entries -> {
      entries.forEach(e -> first.add(e.field("n")));
      return Future.succeededFuture();
    });
    await(onLoop(reader::start));
    for (int i = 1; i <= 25; i++) {
      await(add(redis, stream, i));
    }
    eventually(() -> first.size() == 25);
    eventually(() -> pending(redis, stream) == 0);
    await(onLoop(reader::stop));

    // The reply shape this test exercised is the one the protocol promises.
    Response raw = await(redis.send(Request.cmd(Command.XREAD).arg("COUNT").arg(1).arg("STREAMS").arg(stream).arg("0")));
    assertEquals(protocol == ProtocolVersion.RESP3, raw.isMap(), "reply shape of " + protocol);

    // Restarted with the same name, reading its own pending entries first: acknowledged ones do not come back.
    List<String> again = Collections.synchronizedList(new ArrayList<>());
    ConsumerGroupReader restarted = ConsumerGroupReader.batches(vertx, redis, redis, options, entries -> {
      entries.forEach(e -> again.add(e.field("n")));
      return Future.succeededFuture();
    });
    await(onLoop(restarted::start));
    await(add(redis, stream, 26));
    eventually(() -> again.contains("26"));
    assertEquals(List.of("26"), again);
    await(onLoop(restarted::stop));

    // A consumer that reads and dies before acknowledging leaves its entries pending...
    for (int i = 27; i <= 29; i++) {
      await(add(redis, stream, i));
    }
    Response taken = await(redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg("g").arg("dead")
        .arg("COUNT").arg(10).arg("STREAMS").arg(stream).arg(">")));
    assertEquals(3, StreamEntry.fromRead(taken, stream).size());
    assertEquals(3, pending(redis, stream));

    // ...which another consumer claims once they have been idle long enough, and acknowledges.
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    ConsumerGroupReader survivor = ConsumerGroupReader.batches(vertx, redis, redis,
        ConsumerGroupReader.Options.of(stream, "g", "c2").withBlock(Duration.ofMillis(100))
            .claimingAfter(Duration.ofMillis(200), Duration.ofMillis(100)),
        entries -> {
          entries.forEach(e -> claimed.add(e.field("n")));
          return Future.succeededFuture();
        });
    await(onLoop(survivor::start));
    eventually(() -> claimed.size() == 3);
    assertEquals(List.of("27", "28", "29"), claimed);
    eventually(() -> pending(redis, stream) == 0);
    await(onLoop(survivor::stop));
    await(redis.close());
  }

  private static Redis client(ProtocolVersion protocol) {
    return Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url())
        .setPreferredProtocolVersion(protocol).setMaxPoolSize(4));
  }

  private static synchronized String newStream() {
    return "test:stream:" + (++streams);
  }

  private static Future<Response> add(Redis redis, String stream, int n) {
    return redis.send(Request.cmd(Command.XADD).arg(stream).arg("*").arg("n").arg(n));
  }

  private static long pending(Redis redis, String stream) {
    try {
      return await(redis.send(Request.cmd(Command.XPENDING).arg(stream).arg("g"))).get(0).toLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> Future<T> onLoop(Supplier<Future<T>> work) {
    return Future.future(p -> loop.runOnContext(v -> work.get().onComplete(p)));
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    CompletableFuture<T> cf = new CompletableFuture<>();
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        cf.complete(ar.result());
      } else {
        cf.completeExceptionally(ar.cause());
      }
    });
    return cf.get(30, TimeUnit.SECONDS);
  }
}
