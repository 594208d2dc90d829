package io.voltgate.perf.analytics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.pg.AnalyticsRollups;
import io.voltgate.store.pg.PgClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The analytics benchmark (perf/analytics-bench, docs/analytics.md): against a running Voltgate,
 * generates networks, locations, chargers and connectors, {@code sessions} completed sessions with
 * their CDRs and {@code statuses} status reports over the year before now (SQL generate_series), then
 * lets the rollups be built by the product — the session rollup by its backfill routine
 * ({@link AnalyticsRollups#rebuildSessions}), the utilization rollup by the running node's analytics
 * job (the bench waits for its watermark) — settles the database (VACUUM ANALYZE of the tables the
 * endpoints read, as autovacuum would after a while) and measures each analytics endpoint over HTTP.
 *
 * <p>Arguments (key=value): pgUrl, httpUrl, apiKey, networks (10), chargersPerNetwork (200),
 * locationsPerNetwork (50), sessions (1000000), statuses (10000000), requests (300), warmup (30),
 * rollupTimeoutS (1200), generate (true; false: measure only, on the data of an earlier run's BENCH_OUT).
 */
public final class AnalyticsBench {

  private AnalyticsBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      o.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String pgUrl = o.get("pgUrl");
    String httpUrl = o.get("httpUrl");
    String apiKey = o.get("apiKey");
    int networks = Integer.parseInt(o.getOrDefault("networks", "10"));
    int chargersPer = Integer.parseInt(o.getOrDefault("chargersPerNetwork", "200"));
    int locationsPer = Integer.parseInt(o.getOrDefault("locationsPerNetwork", "50"));
    long sessions = Long.parseLong(o.getOrDefault("sessions", "1000000"));
    long statuses = Long.parseLong(o.getOrDefault("statuses", "10000000"));
    int requests = Integer.parseInt(o.getOrDefault("requests", "300"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "30"));
    long rollupTimeoutS = Long.parseLong(o.getOrDefault("rollupTimeoutS", "1200"));

    Vertx vertx = Vertx.vertx();
    Pool pg = PgClients.pool(vertx, pgUrl, 4);
    try {
      if (!Boolean.parseBoolean(o.getOrDefault("generate", "true"))) {
        // measure again on a data dir a previous run generated (BENCH_OUT of that run)
        List<UUID> nets = new ArrayList<>();
        await(pg.query("SELECT id FROM networks WHERE name LIKE 'Bench network %' ORDER BY name").execute())
            .forEach(r -> nets.add(r.getUUID("id")));
        log("measuring on the existing data: %d bench networks", nets.size());
        settle(pg);
        measure(httpUrl, apiKey, nets, requests, warmup);
        return;
      }
      long t0 = System.nanoTime();
      List<UUID> nets = generate(pg, networks, chargersPer, locationsPer, sessions, statuses);
      log("generated %d networks, %d sessions, %d status reports in %.1f s", networks, sessions, statuses, secs(t0));
      long t1 = System.nanoTime();
      int days = await(AnalyticsRollups.rebuildSessions(pg));
      log("session rollups rebuilt by AnalyticsRollups.rebuildSessions: %d network days in %.1f s", days, secs(t1));
      long t2 = System.nanoTime();
      long max = await(pg.query("SELECT max(id) AS m FROM status_history").execute()).iterator().next().getLong("m");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(rollupTimeoutS);
      while (true) {
        long wm = await(pg.query("SELECT last_id FROM analytics_watermarks WHERE name = 'status'").execute())
            .iterator().next().getLong("last_id");
        if (wm >= max) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("utilization rollup not done in " + rollupTimeoutS + " s (watermark " + wm
              + " of " + max + ")");
        }
        Thread.sleep(1000);
      }
      log("utilization rollup built by the running analytics job: %d status reports in %.1f s", statuses, secs(t2));
      long rows = await(pg.query("SELECT (SELECT count(*) FROM analytics_session_days) + (SELECT count(*) FROM"
          + " analytics_location_days) + (SELECT count(*) FROM analytics_utilization_days) AS n").execute())
          .iterator().next().getLong("n");
      long monthRows = await(pg.query("SELECT (SELECT count(*) FROM analytics_session_months) + (SELECT count(*) FROM"
          + " analytics_location_months) + (SELECT count(*) FROM analytics_utilization_months) AS n").execute())
          .iterator().next().getLong("n");
      log("rollup rows: %d daily, %d monthly", rows, monthRows);
      settle(pg);
      measure(httpUrl, apiKey, nets, requests, warmup);
    } finally {
      pg.close();
      vertx.close();
    }
  }

  /**
   * What a database that has been running for a while has and a bulk load has not: the tables
   * vacuumed (visibility map set, so the rollups' covering keys give index-only scans; hint bits
   * written) and analyzed (statistics of the generated rows, so the plans are the ones for this size).
   * Autovacuum would do the same some time after the load; the bench does it before timing.
   */
  private static void settle(Pool pg) {
    long t = System.nanoTime();
    for (String table : List.of("analytics_session_days", "analytics_location_days", "analytics_utilization_days",
        "analytics_session_months", "analytics_location_months", "analytics_utilization_months", "networks",
        "locations", "chargers", "connectors", "charger_uptime", "analytics_watermarks", "api_keys")) {
      await(pg.query("VACUUM (ANALYZE) " + table).execute());
    }
    log("settled: rollup, fleet and key tables vacuumed and analyzed in %.1f s", secs(t));
  }

  private static List<UUID> generate(Pool pg, int networks, int chargersPer, int locationsPer, long sessions,
      long statuses) {
    String[] zones = {"Europe/Berlin", "America/New_York", "UTC", "Asia/Tokyo", "Europe/London"};
    List<UUID> nets = new ArrayList<>();
    for (int n = 0; n < networks; n++) {
      UUID id = UUID.randomUUID();
      nets.add(id);
      await(pg.preparedQuery("INSERT INTO networks (id, name, currency, settings) VALUES ($1, $2, 'EUR', $3)")
          .execute(Tuple.of(id, "Bench network " + n, new JsonObject().put("timeZone", zones[n % zones.length]))));
      await(pg.preparedQuery("INSERT INTO locations (id, network_id, name, timezone) SELECT gen_random_uuid(), $1,"
          + " 'Site ' || g, $2 FROM generate_series(1, $3) g").execute(Tuple.of(id, zones[n % zones.length], locationsPer)));
      await(pg.preparedQuery("INSERT INTO chargers (id, network_id, location_id, charge_point_id, created_at)"
          + " SELECT gen_random_uuid(), $1, (SELECT id FROM locations WHERE network_id = $1 ORDER BY id"
          + " OFFSET (g % $3) LIMIT 1), 'BENCH-' || $4 || '-' || g, now() - interval '400 days'"
          + " FROM generate_series(1, $2) g").execute(Tuple.of(id, chargersPer, locationsPer, Integer.toString(n))));
    }
    await(pg.query("INSERT INTO connectors (id, charger_id, evse_id, connector_id, ocpp_connector_id, status)"
        + " SELECT gen_random_uuid(), c.id, 1, 1, 1, 'Available' FROM chargers c WHERE c.charge_point_id LIKE 'BENCH-%'")
        .execute());
    // online time per charger, as the connection history would have accumulated it
    await(pg.query("INSERT INTO charger_uptime (charger_id, network_id, online_seconds, last_event_at)"
        + " SELECT c.id, c.network_id, (random() * 400 * 86400)::bigint, now() FROM chargers c"
        + " WHERE c.charge_point_id LIKE 'BENCH-%'").execute());
    UUID[] ids = nets.toArray(new UUID[0]);
    // sessions: spread evenly over the year before now
    long perNetwork = sessions / networks;
    for (UUID net : nets) {
      // sessions and their CDRs in one statement: the running billing sweep never sees a session without its CDR
      await(pg.preparedQuery("WITH c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n"
              + " FROM chargers WHERE network_id = $1), g AS (SELECT s, now() - (random() * interval '365 days') AS t0,"
              + " 5 + (random() * 115)::int AS minutes, (1000 + random() * 39000)::numeric(16,3) AS wh"
              + " FROM generate_series(1, $2) s), ins AS ("
              + " INSERT INTO charging_sessions (id, network_id, charger_id, evse_id, connector_id, ocpp_version,"
              + " transaction_ref, status, stop_reason, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh)"
              + " SELECT gen_random_uuid(), $1, c.id, 1, 1, '1.6', 'bench-' || g.s, 'COMPLETED',"
              + " CASE WHEN g.s % 40 = 0 THEN 'PowerLoss' ELSE 'Local' END, g.t0, g.t0 + make_interval(mins => g.minutes),"
              + " 0, g.wh, g.wh FROM g JOIN c ON c.i = g.s % c.n"
              + " RETURNING id, network_id, charger_id, energy_wh, started_at, stopped_at)"
              + " INSERT INTO transactions (id, session_id, network_id, charger_id, currency, energy_kwh,"
              + " duration_seconds, subtotal, total, started_at, stopped_at) SELECT gen_random_uuid(), s.id, s.network_id,"
              + " s.charger_id, 'EUR', s.energy_wh / 1000, extract(epoch FROM s.stopped_at - s.started_at)::bigint,"
              + " round(s.energy_wh * 0.00035, 4), round(s.energy_wh * 0.0004165, 4), s.started_at, s.stopped_at FROM ins s")
          .execute(Tuple.of(net, perNetwork)));
    }
    // status reports: per connector in time order, ids rising with time (as a gateway writes them)
    long connectors = (long) networks * chargersPer;
    long perConnector = Math.max(1, statuses / connectors);
    long chunk = Math.max(1, 1_000_000 / connectors);
    for (long k0 = 1; k0 <= perConnector; k0 += chunk) {
      long k1 = Math.min(perConnector, k0 + chunk - 1);
      await(pg.preparedQuery("INSERT INTO status_history (charger_id, evse_id, connector_id, status, reported_at,"
              + " received_at) SELECT c.id, 1, 1, (ARRAY['Available','Preparing','Charging','Finishing','Available',"
              + " 'Charging','SuspendedEV','Available','Faulted','Available'])[1 + (k % 10)],"
              + " now() - interval '365 days' + (k * interval '365 days' / $3) + (random() * interval '10 minutes'),"
              + " now() - interval '1 minute' FROM generate_series($1::bigint, $2::bigint) k"
              + " CROSS JOIN (SELECT id FROM chargers WHERE network_id = ANY($4)) c ORDER BY k")
          .execute(Tuple.of(k0, k1, perConnector + 1, ids)));
    }
    return nets;
  }

  private static void measure(String httpUrl, String apiKey, List<UUID> nets, int requests, int warmup)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    JsonObject mint = new JsonObject().put("name", "analytics bench").put("apiFamily", "emsp")
        .put("networkIds", new JsonArray(nets.stream().map(UUID::toString).toList()));
    HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create(httpUrl + "/cpms/v1/api-keys"))
        .header("X-API-Key", apiKey).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(mint.encode())).build(), HttpResponse.BodyHandlers.ofString());
    if (minted.statusCode() != 201) {
      throw new IllegalStateException("minting an eMSP key: " + minted.statusCode() + " " + minted.body());
    }
    String emspKey = new JsonObject(minted.body()).getJsonObject("data").getString("key");
    String year = "from=" + Instant.now().minus(Duration.ofDays(365)) + "&to=" + Instant.now();
    String one = "networkId=" + nets.get(0);
    List<String[]> cases = List.of(
        new String[] {"/cpms/v1/me", apiKey}, // baseline: authentication and the envelope, no analytics
        new String[] {"/cpms/v1/analytics/revenue", apiKey},
        new String[] {"/cpms/v1/analytics/revenue?period=month&" + year, apiKey},
        new String[] {"/cpms/v1/analytics/energy", apiKey},
        new String[] {"/cpms/v1/analytics/sessions?period=week&" + year, apiKey},
        new String[] {"/cpms/v1/analytics/utilization", apiKey},
        new String[] {"/cpms/v1/analytics/utilization?period=month&" + year, apiKey},
        new String[] {"/cpms/v1/analytics/uptime", apiKey},
        new String[] {"/cpms/v1/analytics/kpis?" + one, apiKey},
        new String[] {"/cpms/v1/analytics/kpis?" + year, apiKey},
        new String[] {"/cpms/v1/analytics/energy?period=month&" + year, apiKey},
        new String[] {"/cpms/v1/analytics/sessions?" + year, apiKey},
        new String[] {"/emsp/v1/analytics/sessions", emspKey},
        new String[] {"/emsp/v1/analytics/revenue", emspKey},
        new String[] {"/emsp/v1/analytics/revenue?" + year, emspKey},
        new String[] {"/emsp/v1/analytics/energy?" + one, emspKey});
    log("%-70s %6s %8s %8s %8s", "endpoint (sequential requests, one client)", "n", "p50 ms", "p99 ms", "max ms");
    for (String[] c : cases) {
      String path = c[0].replace("+", "%2B");
      HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl + path)).header("X-API-Key", c[1])
          .timeout(Duration.ofSeconds(30)).GET().build();
      for (int i = 0; i < warmup; i++) {
        check(http.send(request, HttpResponse.BodyHandlers.ofString()), path);
      }
      double[] ms = new double[requests];
      for (int i = 0; i < requests; i++) {
        long t = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        ms[i] = (System.nanoTime() - t) / 1e6;
        check(r, path);
      }
      Arrays.sort(ms);
      log("%-70s %6d %8.2f %8.2f %8.2f", c[0].length() > 70 ? c[0].substring(0, 67) + "..." : c[0], requests,
          ms[(int) Math.floor(0.50 * (requests - 1))], ms[(int) Math.ceil(0.99 * (requests - 1))], ms[requests - 1]);
    }
  }

  private static void check(HttpResponse<String> r, String path) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
    }
  }

  private static double secs(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.println(String.format(format, args));
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(3600, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
