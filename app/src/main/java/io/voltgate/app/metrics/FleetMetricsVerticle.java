package io.voltgate.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.voltgate.metrics.MetricNames;
import io.voltgate.store.Backends;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.OnlineWindow;
import io.voltgate.store.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet-wide gauges ({@link FleetGauges}), refreshed periodically by the one node holding a Redis
 * lease, so that N nodes do not scan N times and dashboards see one series: chargers online/offline,
 * connectors by status, chargers with a fault, active sessions, the event stream's length, the age of
 * its newest entry and its consumer groups' backlog. A node without the lease exports none of them.
 *
 * <p>Live state is read with {@code SCAN ... MATCH vg:{cp:*}:conn COUNT 1000} (never {@code KEYS}) and
 * one pipelined batch per page reading each charger's {@code conn.lastSeen} and {@code status} hash;
 * counts come from one Postgres query. Everything is asynchronous on this verticle's event loop.
 */
public final class FleetMetricsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FleetMetricsVerticle.class);
  static final int SCAN_COUNT = 1000;
  private static final String CONN_PATTERN = "vg:{cp:*}:conn";
  private static final String CONN_SUFFIX = ":conn";
  /** Takes the lease when free, extends it when ours; answers 1 when this node holds it. */
  private static final String LEASE = "local v = redis.call('GET', KEYS[1]) "
      + "if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end "
      + "if v then return 0 end "
      + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1";
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  private final String nodeId;
  private final Backends backends;
  private final MeterRegistry registry;
  private final Duration interval;
  private final OnlineWindow onlineWindow;
  private final FleetGauges gauges;
  private Timer refreshTimer;
  private Redis redis;
  private Pool pg;
  private long timer = -1;
  private boolean running;

  public FleetMetricsVerticle(String nodeId, Backends backends, MeterRegistry registry, Duration interval,
      OnlineWindow onlineWindow) {
    this.nodeId = Objects.requireNonNull(nodeId);
    this.backends = Objects.requireNonNull(backends);
    this.registry = Objects.requireNonNull(registry);
    this.interval = Objects.requireNonNull(interval);
    this.onlineWindow = Objects.requireNonNull(onlineWindow);
    this.gauges = new FleetGauges(registry);
  }

  @Override
  public Future<?> start() {
    redis = RedisClients.client(vertx, backends.redisUrl(), 2);
    pg = backends.pgPool(vertx);
    timer = vertx.setPeriodic(1, interval.toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    lease().compose(held -> {
      if (held) {
        return refresh();
      }
      if (gauges.publishing()) {
        LOG.info("fleet metrics lease held by another node; node={} stops exporting fleet gauges", nodeId);
        gauges.clear();
      }
      return Future.succeededFuture();
    }).onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.debug("fleet metrics refresh failed: {}", ar.cause().toString());
      }
    });
  }

  private Future<Boolean> lease() {
    return redis.send(Request.cmd(Command.EVAL).arg(LEASE).arg(1).arg(RedisKeys.FLEET_METRICS_LEASE)
        .arg(nodeId).arg(interval.toMillis() * 3)).map(r -> r != null && r.toLong() == 1L);
  }

  private Future<Void> refresh() {
    long t0 = System.nanoTime();
    long now = System.currentTimeMillis();
    FleetSnapshot snapshot = new FleetSnapshot();
    return scan("0", snapshot, onlineWindow.onlineSinceMs(now))
        .compose(v -> pg.query("SELECT (SELECT count(*) FROM chargers WHERE deleted_at IS NULL), "
            + "(SELECT count(*) FROM charging_sessions WHERE status = 'ACTIVE')").execute())
        .compose(rows -> {
          Row row = rows.iterator().next();
          snapshot.registered = row.getLong(0);
          snapshot.sessionsActive = row.getLong(1);
          return stream(snapshot, now);
        })
        .compose(v -> groups(snapshot))
        .onSuccess(v -> {
          gauges.publish(snapshot);
          refreshTimer().record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        });
  }

  /** Walks the connection registry {@link #SCAN_COUNT} keys at a time. */
  private Future<Void> scan(String cursor, FleetSnapshot snapshot, long onlineSinceMs) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(CONN_PATTERN)
        .arg("COUNT").arg(SCAN_COUNT)).compose(page -> {
          String next = page.get(0).toString();
          List<String> keys = new ArrayList<>();
          page.get(1).forEach(k -> keys.add(k.toString()));
          Future<Void> done = keys.isEmpty() ? Future.succeededFuture() : readChargers(keys, snapshot, onlineSinceMs);
          return "0".equals(next) ? done : done.compose(v -> scan(next, snapshot, onlineSinceMs));
        });
  }

  private Future<Void> readChargers(List<String> connKeys, FleetSnapshot snapshot, long onlineSinceMs) {
    List<Request> batch = new ArrayList<>(connKeys.size() * 2);
    for (String key : connKeys) {
      batch.add(Request.cmd(Command.HGET).arg(key).arg("lastSeen"));
      batch.add(Request.cmd(Command.HGETALL).arg(key.substring(0, key.length() - CONN_SUFFIX.length()) + ":status"));
    }
    return redis.batch(batch).map(responses -> {
      for (int i = 0; i + 1 < responses.size(); i += 2) {
        Response lastSeen = responses.get(i);
        if (lastSeen == null || parseLong(lastSeen.toString()) < onlineSinceMs) {
          continue; // gone since the SCAN, or not heard from within the window
        }
        Map<String, String> statuses = new HashMap<>();
        Response hash = responses.get(i + 1);
        if (hash != null) {
          for (String field : hash.getKeys()) {
            statuses.put(field, hash.get(field).toString());
          }
        }
        snapshot.onlineCharger(statuses);
      }
      return null;
    });
  }

  /** XLEN and the age of the newest entry. */
  private Future<Void> stream(FleetSnapshot snapshot, long nowMs) {
    return redis.batch(List.of(Request.cmd(Command.XLEN).arg(RedisKeys.EVENTS),
        Request.cmd(Command.XREVRANGE).arg(RedisKeys.EVENTS).arg("+").arg("-").arg("COUNT").arg(1)))
        .map(r -> {
          snapshot.streamLength = r.get(0).toLong();
          Response newest = r.get(1);
          if (newest != null && newest.size() > 0) {
            String id = newest.get(0).get(0).toString();
            long ms = parseLong(id.substring(0, id.indexOf('-')));
            snapshot.lastEntryAgeSeconds = Math.max(0, nowMs - ms) / 1000.0;
          }
          return null;
        });
  }

  /** The stream's consumer groups (SSE, webhooks) and their backlog. */
  private Future<Void> groups(FleetSnapshot snapshot) {
    return redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(RedisKeys.EVENTS))
        .otherwise(e -> null) // no stream yet
        .map(groups -> {
          if (groups != null) {
            for (Response g : groups) {
              String name = g.get("name").toString();
              snapshot.groupPending.put(name, g.get("pending").toLong());
              Response lag = g.containsKey("lag") ? g.get("lag") : null;
              if (lag != null) { // Redis 7+; null when the server cannot tell
                snapshot.groupLag.put(name, lag.toLong());
              }
            }
          }
          return null;
        });
  }

  private Timer refreshTimer() {
    if (refreshTimer == null) {
      refreshTimer = Timer.builder(MetricNames.FLEET_REFRESH)
          .description("Time to compute the fleet gauges (Redis scan and Postgres counts)").register(registry);
    }
    return refreshTimer;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0L;
    }
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    boolean held = gauges.publishing();
    gauges.clear();
    Future<?> release = held
        ? redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(RedisKeys.FLEET_METRICS_LEASE).arg(nodeId))
            .otherwiseEmpty()
        : Future.succeededFuture();
    return release.eventually(() -> redis.close());
  }
}
