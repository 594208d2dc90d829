package io.voltgate.perf.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * REST reads while the fleet runs: {@code /health/ready} (no key), {@code /cpms/v1/me} and
 * {@code /cpms/v1/networks} (X-API-Key), round-robin at {@code apiRate} per second. The latency of
 * each is recorded as "GET path"; statuses are counted as {@code http.STATUS}. The key is the run's
 * dedicated one ({@link OperatorApi}), so the hourly rate limit does not bite; with
 * {@code apiKeyRateLimit=0} the given key's limit applies and 429s are counted, not hidden.
 */
final class ApiReader {

  private static final List<String> PATHS = List.of("/health/ready", "/cpms/v1/me", "/cpms/v1/networks");
  private static final int MAX_IN_FLIGHT = 256;

  private final Vertx vertx;
  private final Fleet fleet;
  private final OperatorApi api;
  private final AtomicInteger inFlight = new AtomicInteger();
  private HttpClient http;
  private RatePacer pacer;
  private int rotation;

  ApiReader(Vertx vertx, Fleet fleet, OperatorApi api) {
    this.vertx = vertx;
    this.fleet = fleet;
    this.api = api;
  }

  void start() {
    http = api.client(16);
    pacer = new RatePacer(vertx, fleet.options.apiRate, 100, this::readOne);
    vertx.runOnContext(v -> pacer.start());
  }

  void stop() {
    pacer.stop();
  }

  int inFlight() {
    return inFlight.get();
  }

  void close() {
    http.close();
  }

  private void readOne() {
    if (inFlight.get() >= MAX_IN_FLIGHT) {
      fleet.stats.inc("http.skipped_in_flight_bound");
      return;
    }
    String path = PATHS.get(rotation++ % PATHS.size());
    RequestOptions req = api.request(HttpMethod.GET, path, 10_000);
    if (path.startsWith("/health")) {
      req.removeHeader("X-API-Key");
    }
    inFlight.incrementAndGet();
    long t0 = System.nanoTime();
    http.request(req)
        .compose(r -> r.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
        .onComplete(ar -> {
          inFlight.decrementAndGet();
          if (ar.failed()) {
            fleet.stats.inc("http.error");
            fleet.noteError("GET " + path + ": " + ar.cause());
            return;
          }
          int status = ar.result();
          fleet.stats.inc("http." + status);
          if (status / 100 == 2) {
            fleet.stats.latency("GET " + path).recordNanos(System.nanoTime() - t0);
          } else {
            fleet.noteError("GET " + path + " -> " + status);
          }
        });
  }
}
