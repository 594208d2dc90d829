package io.voltgate.perf.gatling;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.perf.sim.Stats;
import io.voltgate.store.commands.Command;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.services.commands.CommandRouterVerticle;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sends facade commands through Voltgate's command path from the Gatling JVM and records their round trips. */
final class GatlingCommandDriver {

  private final String redisUrl;
  private final long timeoutMs;
  private final Stats stats = new Stats();
  private final AtomicInteger rotation = new AtomicInteger();
  private Vertx vertx;
  private CommandClient client;

  GatlingCommandDriver(String redisUrl, long timeoutMs) {
    this.redisUrl = redisUrl;
    this.timeoutMs = timeoutMs;
  }

  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    String node = "gatling-driver-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    try {
      vertx.deployVerticle(new CommandRouterVerticle(node, redisUrl)).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("command router did not start", e);
    }
    client = new CommandClient(vertx);
  }

  void fireAtRandom(Set<String> ready) {
    ArrayList<String> ids = new ArrayList<>(ready);
    if (ids.isEmpty()) {
      stats.inc("command.no_ready_charger");
      return;
    }
    String cp = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    Command.Op op;
    JsonObject params;
    switch (rotation.getAndIncrement() % 4) {
      case 0 -> {
        op = Command.Op.AVAILABILITY;
        params = new JsonObject().put("connectorNumber", 0).put("type", "Operative");
      }
      case 1 -> {
        op = Command.Op.READ_CONFIG;
        params = new JsonObject().put("keys", new JsonArray().add("HeartbeatInterval"));
      }
      case 2 -> {
        op = Command.Op.WRITE_CONFIG;
        params = new JsonObject().put("key", "HeartbeatInterval").put("value", "300");
      }
      default -> {
        op = Command.Op.CLEAR_CACHE;
        params = new JsonObject();
      }
    }
    stats.inc("command.sent");
    long t0 = System.nanoTime();
    client.send(new Command(cp, op, null, params, timeoutMs)).onComplete(ar -> {
      String kind = ar.succeeded() ? ar.result().kind().wire() : "failed";
      stats.inc("command." + kind);
      stats.latency("accepted".equals(kind) ? "cmd " + op : "cmd " + op + " (" + kind + ")")
          .recordNanos(System.nanoTime() - t0);
    });
  }

  Stats stop() {
    try {
      Thread.sleep(Math.min(timeoutMs, 2_000));
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      stats.inc("driver.close_failed");
    }
    return stats;
  }
}
