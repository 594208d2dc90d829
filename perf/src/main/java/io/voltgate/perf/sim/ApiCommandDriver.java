package io.voltgate.perf.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends remote commands as an operator does: HTTP requests to the control endpoints
 * {@code /cpms/v1/chargers/{uuid}/...} with {@code X-API-Key}, round-robin over change-availability,
 * trigger-message (Heartbeat), configuration GET and POST and variables/get, at {@code commandRate}
 * per second to random ready chargers. The chargers' UUIDs are those their registration answered
 * (preRegister), else resolved from their chargePointIds once the fleet has booted
 * ({@link OperatorApi#resolve}).
 *
 * <p>Recorded: the HTTP round trip per endpoint ("cmd POST trigger-message", …: request written →
 * response read, which includes the whole command path: API → command service → gateway node →
 * CALL → the charger's CALLRESULT → answer), outcome counters {@code command.OUTCOME} from the
 * response's {@code outcome} (accepted, rejected, offline, timeout, callError, busy), HTTP statuses
 * {@code http.STATUS}, transport failures {@code command.failed}. A non-accepted command is timed
 * under "cmd … (outcome)" or "cmd … (HTTP status)". The connection pool is sized for the rate
 * (rate ÷ 5, 8..200 sockets); requests in flight are bounded (10 s worth of the rate, at least 64).
 */
final class ApiCommandDriver implements Fleet.Driver {

  /** One control endpoint: method, path after {@code /cpms/v1/chargers/{uuid}}, body, latency label. */
  private record Endpoint(HttpMethod method, String path, JsonObject body, String label) {
  }

  private static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint(HttpMethod.POST, "/change-availability",
          new JsonObject().put("connectorNumber", 0).put("type", "Operative"), "cmd POST change-availability"),
      new Endpoint(HttpMethod.POST, "/trigger-message",
          new JsonObject().put("requestedMessage", "Heartbeat"), "cmd POST trigger-message"),
      new Endpoint(HttpMethod.GET, "/configuration?keys=HeartbeatInterval", null, "cmd GET configuration"),
      new Endpoint(HttpMethod.POST, "/configuration",
          new JsonObject().put("key", "HeartbeatInterval").put("value", "300"), "cmd POST configuration"),
      new Endpoint(HttpMethod.POST, "/variables/get",
          new JsonObject().put("variables", new JsonArray()
              .add(new JsonObject().put("component", "OCPPCommCtrlr").put("variable", "HeartbeatInterval"))),
          "cmd POST variables/get"));

  private record Target(SimCharger charger, String uuid) {
  }

  private final Vertx vertx;
  private final Fleet fleet;
  private final OperatorApi api;
  private final List<SimCharger> chargers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxInFlight;
  private final int connections;
  private HttpClient http;
  private volatile List<Target> targets = List.of();
  private volatile boolean stopped;
  private RatePacer pacer;
  private int rotation;

  ApiCommandDriver(Vertx vertx, Fleet fleet, OperatorApi api, List<SimCharger> chargers) {
    this.vertx = vertx;
    this.fleet = fleet;
    this.api = api;
    this.chargers = chargers;
    double rate = fleet.options.commandRate;
    this.connections = (int) Math.max(8, Math.min(200, Math.ceil(rate / 5)));
    this.maxInFlight = (int) Math.max(64, Math.min(10_000, rate * 10));
  }

  @Override
  public void start() {
    http = api.client(connections);
    // Chargers registered by this simulator (preRegister) know their UUIDs; the others are looked up.
    Set<String> ids = new LinkedHashSet<>();
    Map<String, String> known = new HashMap<>();
    chargers.forEach(c -> {
      if (c.uuid != null) {
        known.put(c.id, c.uuid);
      } else {
        ids.add(c.id);
      }
    });
    long t0 = System.nanoTime();
    vertx.runOnContext(v -> (ids.isEmpty() ? Future.succeededFuture(Map.<String, String>of()) : api.resolve(ids))
        .onComplete(ar -> {
      if (ar.failed()) {
        fleet.stats.inc("resolve.failed");
        fleet.noteError("resolving charger ids: " + ar.cause());
        fleet.out().println("sim: could not resolve charger ids, no commands sent: " + ar.cause());
        return;
      }
      Map<String, String> found = new HashMap<>(known);
      found.putAll(ar.result());
      List<Target> list = new ArrayList<>();
      for (SimCharger c : chargers) {
        String uuid = found.get(c.id);
        if (uuid != null) {
          list.add(new Target(c, uuid));
        }
      }
      targets = List.copyOf(list);
      fleet.stats.set("resolve.found", list.size());
      fleet.stats.set("resolve.missing", chargers.size() - list.size());
      fleet.out().printf("sim: resolved %d of %d charger ids in %.1f s; commands through the API at %.1f/s"
              + " (%d connections, at most %d in flight)%n", list.size(), chargers.size(),
          (System.nanoTime() - t0) / 1e9, fleet.options.commandRate, connections, maxInFlight);
      if (stopped || list.isEmpty()) {
        return;
      }
      pacer = new RatePacer(vertx, fleet.options.commandRate, 1_000, this::sendOne);
      pacer.start();
    }));
  }

  @Override
  public void stop() {
    stopped = true;
    vertx.runOnContext(v -> {
      if (pacer != null) {
        pacer.stop();
      }
    });
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
  }

  private void sendOne() {
    if (inFlight.get() >= maxInFlight) {
      fleet.stats.inc("command.skipped_in_flight_bound");
      return;
    }
    List<Target> list = targets;
    Target target = null;
    for (int tries = 0; tries < 8 && target == null; tries++) {
      Target t = list.get(ThreadLocalRandom.current().nextInt(list.size()));
      if (t.charger().ready) {
        target = t;
      }
    }
    if (target == null) {
      fleet.stats.inc("command.no_ready_charger");
      return;
    }
    Endpoint ep = ENDPOINTS.get(rotation++ % ENDPOINTS.size());
    String cp = target.charger().id;
    inFlight.incrementAndGet();
    fleet.stats.inc("command.sent");
    long t0 = System.nanoTime();
    api.send(http, ep.method(), "/cpms/v1/chargers/" + target.uuid() + ep.path(), ep.body(),
            fleet.options.commandTimeoutMs)
        .onComplete(ar -> {
          long rtt = System.nanoTime() - t0;
          inFlight.decrementAndGet();
          if (ar.failed()) {
            fleet.stats.inc("command.failed");
            fleet.stats.latency(ep.label() + " (failed)").recordNanos(rtt);
            fleet.noteError(ep.label() + " to " + cp + ": " + ar.cause());
            return;
          }
          OperatorApi.Answer a = ar.result();
          fleet.stats.inc("http." + a.status());
          if (a.status() != 200) {
            fleet.stats.latency(ep.label() + " (HTTP " + a.status() + ")").recordNanos(rtt);
            fleet.noteError(ep.label() + " to " + cp + " -> " + a.status() + " " + a.snippet());
            return;
          }
          String outcome;
          try {
            outcome = a.json().getJsonObject("data").getString("outcome", "missing");
          } catch (RuntimeException e) {
            outcome = "unparseable";
          }
          fleet.stats.inc("command." + outcome);
          if ("accepted".equals(outcome)) {
            fleet.stats.latency(ep.label()).recordNanos(rtt);
          } else {
            fleet.stats.latency(ep.label() + " (" + outcome + ")").recordNanos(rtt);
            // The reason tells which hop answered; it sits past the snippet's cut.
            String reason = reasonOf(a);
            fleet.noteError(ep.label() + " to " + cp + ": " + outcome + (reason == null ? "" : " (" + reason + ")")
                + " " + a.snippet());
          }
        });
  }

  private static String reasonOf(OperatorApi.Answer a) {
    try {
      return a.json().getJsonObject("data").getString("reason");
    } catch (RuntimeException e) {
      return null;
    }
  }
}
