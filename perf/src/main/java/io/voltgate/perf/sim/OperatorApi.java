package io.voltgate.perf.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator side of a run: the Voltgate HTTP API at {@code apiUrl} with an {@code X-API-Key}.
 *
 * <p>The key given as {@code apiKey} (perf/bench passes the bootstrap key, whose hourly limit is the
 * default 10,000 requests) is used once, at the start, to mint a dedicated key with
 * {@code apiKeyRateLimit} requests per hour (expiring after the run, revoked at its end), so the
 * rate limit cannot bite during a run. With {@code apiKeyRateLimit=0}, or when minting fails (the key
 * lacks {@code cpms:api-keys:write}), the given key is used as it is.
 *
 * <p>Control endpoints take the charger's UUID, not its chargePointId: {@link #resolve} pages through
 * {@code GET /cpms/v1/chargers} (100 per page; the list has no filter by chargePointId) from the
 * newest page down, four pages at a time, until every wanted charger is found.
 */
final class OperatorApi {

  /** An HTTP answer: status and body. */
  record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String snippet() {
      return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
  }

  private static final int PAGE_SIZE = 100;
  private static final int PAGES_AT_ONCE = 4;
  private static final int RESOLVE_PASSES = 3;

  private final Vertx vertx;
  private final Fleet fleet;
  private final String host;
  private final int port;
  private final HttpClient admin;
  private volatile String key;
  private volatile String mintedKeyId;

  OperatorApi(Vertx vertx, Fleet fleet) {
    this.vertx = vertx;
    this.fleet = fleet;
    URI uri = URI.create(fleet.options.apiUrl);
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : 80;
    this.key = fleet.options.apiKey;
    this.admin = client(PAGES_AT_ONCE);
  }

  /** The key requests carry (the dedicated one once minted). */
  String key() {
    return key;
  }

  /** A keep-alive HTTP/1.1 client with at most {@code connections} sockets to the API. */
  HttpClient client(int connections) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
            .setDefaultHost(host).setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(Math.max(1, connections)));
  }

  RequestOptions request(HttpMethod method, String uri, long timeoutMs) {
    RequestOptions r = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(uri)
        .putHeader("X-API-Key", key);
    if (timeoutMs > 0) {
      r.setTimeout(timeoutMs);
    }
    return r;
  }

  /** One request with an optional JSON body; completes with status and body, fails on transport errors. */
  Future<Answer> send(HttpClient http, HttpMethod method, String uri, JsonObject body, long timeoutMs) {
    RequestOptions r = request(method, uri, timeoutMs);
    if (body != null) {
      r.putHeader("Content-Type", "application/json");
    }
    return http.request(r)
        .compose(req -> body == null ? req.send() : req.send(body.toBuffer()))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString())));
  }

  // ---------------------------------------------------------------- the run's key

  /** Mints the run's dedicated key (blocking, before the run starts). */
  void mintKey() {
    int limit = fleet.options.apiKeyRateLimit;
    if (limit == 0) {
      fleet.out().println("sim: using apiKey as given (apiKeyRateLimit=0): mind its hourly rate limit");
      return;
    }
    JsonObject body = new JsonObject()
        .put("name", "perf simulator " + ProcessHandle.current().pid() + " " + fleet.options.idPrefix)
        .put("description", "minted by io.voltgate.perf.sim for one run; revoked at its end")
        .put("rateLimitPerHour", limit)
        .put("expiresAt", Instant.now().plusSeconds(fleet.options.durationS + 3_600L).toString());
    try {
      Answer a = Fleet.await(send(admin, HttpMethod.POST, "/cpms/v1/api-keys", body, 10_000), 15);
      if (a.status() == 201) {
        JsonObject data = a.json().getJsonObject("data");
        key = data.getString("key");
        mintedKeyId = data.getString("id");
        fleet.stats.inc("apikey.minted");
        fleet.out().println("sim: minted a dedicated API key (" + limit + " requests/hour) for this run");
        return;
      }
      fleet.noteError("POST /cpms/v1/api-keys -> " + a.status() + " " + a.snippet());
    } catch (RuntimeException e) {
      fleet.noteError("POST /cpms/v1/api-keys: " + e);
    }
    fleet.stats.inc("apikey.mint_failed");
    fleet.out().println("sim: could not mint a dedicated API key; using apiKey as given (mind its hourly rate limit)");
  }

  /** Revokes the minted key (bounded), and closes the admin client. */
  void close() {
    String id = mintedKeyId;
    if (id != null) {
      try {
        Answer a = Fleet.await(send(admin, HttpMethod.DELETE, "/cpms/v1/api-keys/" + id, null, 10_000), 15);
        if (a.status() != 200) {
          fleet.noteError("DELETE /cpms/v1/api-keys/" + id + " -> " + a.status());
        }
      } catch (RuntimeException e) {
        fleet.noteError("revoking the run's API key: " + e);
      }
    }
    admin.close();
  }

  // ---------------------------------------------------------------- chargePointId → charger UUID

  /** Resolves chargePointIds to charger UUIDs (those found; several passes 2 s apart for late ones). */
  Future<Map<String, String>> resolve(Set<String> wanted) {
    Map<String, String> found = new ConcurrentHashMap<>();
    return pass(wanted, found, 1);
  }

  private Future<Map<String, String>> pass(Set<String> wanted, Map<String, String> found, int pass) {
    return page(1, wanted, found)
        .compose(pages -> down(pages, wanted, found))
        .compose(v -> {
          if (found.size() >= wanted.size() || pass >= RESOLVE_PASSES) {
            return Future.succeededFuture(found);
          }
          Promise<Map<String, String>> next = Promise.promise();
          vertx.setTimer(2_000, t -> pass(wanted, found, pass + 1).onComplete(next));
          return next.future();
        });
  }

  /** Pages {@code from}, {@code from − 1}, … 2, a few at a time, until everything wanted is found. */
  private Future<Void> down(int from, Set<String> wanted, Map<String, String> found) {
    if (from < 2 || found.size() >= wanted.size()) {
      return Future.succeededFuture();
    }
    List<Future<Integer>> batch = new ArrayList<>();
    for (int p = from; p > Math.max(1, from - PAGES_AT_ONCE); p--) {
      batch.add(page(p, wanted, found));
    }
    return Future.all(batch).compose(v -> down(from - PAGES_AT_ONCE, wanted, found));
  }

  /** Reads one page of chargers; completes with the number of pages. */
  private Future<Integer> page(int n, Set<String> wanted, Map<String, String> found) {
    long t0 = System.nanoTime();
    return send(admin, HttpMethod.GET, "/cpms/v1/chargers?page=" + n + "&pageSize=" + PAGE_SIZE, null, 30_000)
        .compose(a -> {
          fleet.stats.inc("resolve.http." + a.status());
          if (a.status() != 200) {
            return Future.failedFuture("GET /cpms/v1/chargers -> " + a.status() + " " + a.snippet());
          }
          fleet.stats.latency("GET /cpms/v1/chargers (resolving ids)").recordNanos(System.nanoTime() - t0);
          JsonObject j = a.json();
          for (Object o : j.getJsonArray("data", new JsonArray())) {
            JsonObject c = (JsonObject) o;
            String uid = c.getString("uid");
            if (uid != null && wanted.contains(uid)) {
              found.put(uid, c.getString("id"));
            }
          }
          return Future.succeededFuture(j.getJsonObject("pagination", new JsonObject()).getInteger("totalPages", 0));
        });
  }
}
