package io.voltgate.perf.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * REST reads while the fleet runs: {@code /health/ready} (no key), {@code /cpms/v1/me} and
 * {@code /cpms/v1/networks} (X-API-Key), round-robin at {@code apiRate} per second. The latency of
 * each is recorded as "GET path"; statuses are counted as {@code http.STATUS}. Mind the key's hourly
 * rate limit (10,000 by default): a run that exceeds it sees 429s, which are counted, not hidden.
 */
final class ApiReader {

  private static final List<String> PATHS = List.of("/health/ready", "/cpms/v1/me", "/cpms/v1/networks");
  private static final int MAX_IN_FLIGHT = 256;

  private final Vertx vertx;
  private final Fleet fleet;
  private final AtomicInteger inFlight = new AtomicInteger();
  private HttpClient http;
  private long timer = -1;
  private double budget;
  private int rotation;
  private String host;
  private int port;

  ApiReader(Vertx vertx, Fleet fleet) {
    this.vertx = vertx;
    this.fleet = fleet;
  }

  void start() {
    URI uri = URI.create(fleet.options.apiUrl);
    host = uri.getHost();
    port = uri.getPort();
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
    double perTick = fleet.options.apiRate / 100.0;
    vertx.runOnContext(v -> timer = vertx.setPeriodic(10, t -> {
      budget = Math.min(budget + perTick, 100);
      while (budget >= 1) {
        budget -= 1;
        readOne();
      }
    }));
  }

  void stop() {
    vertx.runOnContext(v -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    });
  }

  private void readOne() {
    if (inFlight.get() >= MAX_IN_FLIGHT) {
      fleet.stats.inc("http.skipped_in_flight_bound");
      return;
    }
    String path = PATHS.get(rotation++ % PATHS.size());
    RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI(path)
        .setTimeout(10_000);
    if (!path.startsWith("/health")) {
      req.putHeader("X-API-Key", fleet.options.apiKey);
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
