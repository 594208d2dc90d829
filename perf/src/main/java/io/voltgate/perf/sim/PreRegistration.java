package io.voltgate.perf.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code preRegister=true}: registers every charger of this process through the operator API
 * ({@code POST /cpms/v1/chargers} with {@code serial} = chargePointId, its OCPP version and
 * {@code securityProfile}) before any of them dials, as an operator onboarding a fleet would. With
 * securityProfile 1 the response carries the generated Basic-auth password (shown once); it is kept
 * on the charger and sent on every handshake.
 *
 * <p>Bounded: at most {@code preRegisterConcurrency} requests in flight, and nothing new is sent after
 * {@code preRegisterTimeoutS}; chargers left unregistered dial anyway (Voltgate then treats them as
 * unknown chargers). Counted as {@code prereg.ok}, {@code prereg.http.STATUS} (non-201),
 * {@code prereg.failed} (transport errors), {@code prereg.no_password}, {@code prereg.not_attempted};
 * {@code prereg.millis} is the time it took; timed under "POST /cpms/v1/chargers (pre-register)".
 */
final class PreRegistration {

  private static final long REQUEST_TIMEOUT_MS = 30_000;

  private final Fleet fleet;
  private final OperatorApi operator;
  private final List<SimCharger> chargers;

  PreRegistration(Fleet fleet, OperatorApi operator, List<SimCharger> chargers) {
    this.fleet = fleet;
    this.operator = operator;
    this.chargers = chargers;
  }

  /** Blocking: registers every charger or stops at the time limit. */
  void run() {
    SimOptions o = fleet.options;
    int workers = Math.min(o.preRegisterConcurrency, Math.max(1, chargers.size()));
    HttpClient http = operator.client(workers);
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(o.preRegisterTimeoutS);
    AtomicInteger next = new AtomicInteger();
    Promise<Void>[] done = newPromises(workers);
    fleet.out().printf("sim: pre-registering %d chargers (securityProfile %d, %d at a time, at most %d s)%n",
        chargers.size(), o.securityProfile, workers, o.preRegisterTimeoutS);
    for (int w = 0; w < workers; w++) {
      Promise<Void> p = done[w];
      fleet.vertx().runOnContext(v -> worker(http, next, deadline, p));
    }
    try {
      Future.join(List.of(done).stream().map(Promise::future).toList()).toCompletionStage().toCompletableFuture()
          .get(o.preRegisterTimeoutS + REQUEST_TIMEOUT_MS / 1000 + 10, TimeUnit.SECONDS);
    } catch (Exception e) {
      fleet.out().println("sim: pre-registration did not finish in time: " + e);
    }
    http.close();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    fleet.stats.set("prereg.millis", millis);
    fleet.stats.set("prereg.not_attempted", Math.max(0, chargers.size() - Math.min(next.get(), chargers.size())));
    fleet.out().printf("sim: pre-registered %d of %d chargers in %.1f s (%s)%n", fleet.stats.get("prereg.ok"),
        chargers.size(), millis / 1000.0, fleet.stats.counters().entrySet().stream()
            .filter(e -> e.getKey().startsWith("prereg.") && !e.getKey().equals("prereg.millis"))
            .map(e -> e.getKey().substring(7) + "=" + e.getValue()).toList());
  }

  @SuppressWarnings("unchecked")
  private static Promise<Void>[] newPromises(int n) {
    Promise<Void>[] p = new Promise[n];
    for (int i = 0; i < n; i++) {
      p[i] = Promise.promise();
    }
    return p;
  }

  /** One of the concurrent workers: takes the next charger until none is left or time is up. */
  private void worker(HttpClient http, AtomicInteger next, long deadline, Promise<Void> done) {
    int i = next.get() < chargers.size() && System.nanoTime() < deadline ? next.getAndIncrement() : chargers.size();
    if (i >= chargers.size()) {
      done.tryComplete();
      return;
    }
    SimCharger c = chargers.get(i);
    JsonObject body = new JsonObject().put("serial", c.id).put("ocppVersion", c.v201 ? "2.0.1" : "1.6")
        .put("securityProfile", fleet.options.securityProfile);
    long t0 = System.nanoTime();
    operator.send(http, HttpMethod.POST, "/cpms/v1/chargers", body, REQUEST_TIMEOUT_MS).onComplete(ar -> {
      if (ar.failed()) {
        fleet.stats.inc("prereg.failed");
        fleet.noteError("POST /cpms/v1/chargers " + c.id + ": " + ar.cause());
      } else if (ar.result().status() != 201) {
        fleet.stats.inc("prereg.http." + ar.result().status());
        fleet.noteError("POST /cpms/v1/chargers " + c.id + " -> " + ar.result().status() + " " + ar.result().snippet());
      } else {
        fleet.stats.latency("POST /cpms/v1/chargers (pre-register)").recordNanos(System.nanoTime() - t0);
        fleet.stats.inc("prereg.ok");
        JsonObject created = ar.result().json().getJsonObject("data", new JsonObject());
        c.uuid = created.getString("id");
        if (fleet.options.securityProfile == 1) {
          String pw = created.getString("password");
          if (pw == null) {
            fleet.stats.inc("prereg.no_password");
          } else {
            c.password = pw;
          }
        }
      }
      worker(http, next, deadline, done);
    });
  }
}
