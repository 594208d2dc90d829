package io.voltgate.perf.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.store.commands.Command;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.services.commands.CommandRouterVerticle;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code commandPath=redis}: sends commands to the simulated chargers through the command path below
 * the API's control endpoints: {@link CommandClient} → this process's {@link CommandRouterVerticle}
 * (its own node id on the deployment's Redis) → Redis registry lookup → the owning gateway node's
 * channel → {@code CommandExecutor} → CALL to the charger → its CALLRESULT → outcome back over Redis.
 * The latency recorded is that whole round trip, per facade operation ("cmd OP").
 */
public final class CommandDriver implements Fleet.Driver {

  private static final int MAX_IN_FLIGHT = 2_000;

  private final Vertx vertx;
  private final Fleet fleet;
  private final List<SimCharger> chargers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private CommandClient client;
  private RatePacer pacer;
  private int rotation;

  CommandDriver(Vertx vertx, Fleet fleet, List<SimCharger> chargers) {
    this.vertx = vertx;
    this.fleet = fleet;
    this.chargers = chargers;
  }

  @Override
  public void start() {
    String node = "perf-driver-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    Fleet.await(vertx.deployVerticle(new CommandRouterVerticle(node, fleet.options.redisUrl)), 30);
    client = new CommandClient(vertx);
    pacer = new RatePacer(vertx, fleet.options.commandRate, 1_000, this::sendOne);
    vertx.runOnContext(v -> pacer.start());
  }

  @Override
  public void stop() {
    pacer.stop();
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  private void sendOne() {
    if (inFlight.get() >= MAX_IN_FLIGHT) {
      fleet.stats.inc("command.skipped_in_flight_bound");
      return;
    }
    SimCharger target = null;
    for (int tries = 0; tries < 8 && target == null; tries++) {
      SimCharger c = chargers.get(ThreadLocalRandom.current().nextInt(chargers.size()));
      if (c.ready) {
        target = c;
      }
    }
    if (target == null) {
      fleet.stats.inc("command.no_ready_charger");
      return;
    }
    Command.Op op;
    JsonObject params;
    switch (rotation++ % 5) {
      case 0 -> {
        op = Command.Op.AVAILABILITY;
        params = new JsonObject().put("connectorNumber", 0).put("type", "Operative");
      }
      case 1 -> {
        op = Command.Op.TRIGGER;
        params = new JsonObject().put("requestedMessage", "Heartbeat");
      }
      case 2 -> {
        op = Command.Op.READ_CONFIG;
        params = new JsonObject().put("keys", new JsonArray().add("HeartbeatInterval"));
      }
      case 3 -> {
        op = Command.Op.WRITE_CONFIG;
        params = new JsonObject().put("key", "HeartbeatInterval").put("value", "300");
      }
      default -> {
        op = Command.Op.CLEAR_CACHE;
        params = new JsonObject();
      }
    }
    inFlight.incrementAndGet();
    fleet.stats.inc("command.sent");
    long t0 = System.nanoTime();
    String cp = target.id;
    client.send(new Command(cp, op, null, params, fleet.options.commandTimeoutMs)).onComplete(ar -> {
      inFlight.decrementAndGet();
      CommandOutcome o = ar.succeeded() ? ar.result()
          : CommandOutcome.failure(CommandOutcome.Kind.TIMEOUT, String.valueOf(ar.cause()));
      fleet.stats.inc("command." + o.kind().wire());
      if (o.accepted()) {
        fleet.stats.latency("cmd " + op).recordNanos(System.nanoTime() - t0);
      } else {
        fleet.stats.latency("cmd " + op + " (" + o.kind().wire() + ")").recordNanos(System.nanoTime() - t0);
        fleet.noteError("command " + op + " to " + cp + ": " + o.kind().wire() + " " + o.reason());
      }
    });
  }
}
