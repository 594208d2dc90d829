package io.voltgate.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
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
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
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
 * Fleet-wide gauges, refreshed periodically by the one node holding a Redis lease (so that N nodes do
 * not scan N times and dashboards see one series): chargers online/offline, connectors by status,
 * chargers with a fault, active sessions, event-stream length, age of its newest entry and consumer
 * group backlog. A node that loses or never holds the lease exports none of these gauges.
 *
 * <p>Live state is read with {@code SCAN ... COUNT} (never {@code KEYS}) and pipelined reads of each
 * charger's {@code conn} and {@code status} hashes; counts come from one Postgres query.
 */
public final class FleetMetricsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FleetMetricsVerticle.class);
  static final int SCAN_COUNT = 1000;
  private static final String CONN_PATTERN = "vg:{cp:*}:conn";
  private static final String CONN_SUFFIX = ":conn";
  /** Takes or extends the lease when free or already ours; answers 1 when this node holds it. */
  private static final String LEASE = "local v = redis.call('GET', KEYS[1]) "
      + "if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end "
      + "if v then return 0 end "
      + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1";
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  /** Whether a charger counts as online or offline. */
  enum ChargerState {
    ONLINE, OFFLINE;

    Tags tags() {
      return Tags.of("state", name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final String nodeId;
  private final Backends backends;
  private final MeterRegistry registry;
  private final Duration interval;
  private final Duration onlineWindow;
  private final Map<String, MultiGauge> gauges = new HashMap<>();
  private Timer refreshTimer;
  private Redis redis;
  private Pool pg;
  private long timer = -1;
  private boolean running;
  private boolean leader;

  public FleetMetricsVerticle(String nodeId, Backends backends, MeterRegistry registry, Duration interval,
      Duration onlineWindow) {
    this.nodeId = Objects.requireNonNull(nodeId);
    this.backends = Objects.requireNonNull(backends);
    this.registry = Objects.requireNonNull(registry);
    this.interval = Objects.requireNonNull(interval);
    this.onlineWindow = Objects.requireNonNull(onlineWindow);
  }

  @Override
  public Future<?> start() {
    redis = RedisClients.client(vertx, backends.redisUrl(), 2);
    pg = PgClients.pool(vertx, backends.pgUrl(), backends.options().pgPoolSize());
    for (String name : List.of(MetricNames.CHARGERS, MetricNames.CHARGERS_FAULTED, MetricNames.CONNECTORS,
        MetricNames.SESSIONS_ACTIVE, MetricNames.EVENTS_STREAM_LENGTH, MetricNames.EVENTS_STREAM_LAST_ENTRY_AGE,
        MetricNames.EVENTS_STREAM_GROUP_PENDING, MetricNames.EVENTS_STREAM_GROUP_LAG)) {
      gauges.put(name, MultiGauge.builder(name).description(description(name))
          .baseUnit(name.equals(MetricNames.EVENTS_STREAM_LAST_ENTRY_AGE) ? "seconds" : null)
          .register(registry));
    }
    timer = vertx.setPeriodic(1, interval.toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    lease().compose(held -> {
      if (!held) {
        if (leader) {
          LOG.info("fleet metrics lease moved to another node; node={} stops exporting fleet gauges", nodeId);
        }
        leader = false;
        clear();
        return Future.succeededFuture();
      }
      leader = true;
      return refresh();
    }).onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.debug("fleet metrics refresh failed: {}", ar.cause().toString());
      }
    });
  }

  private Future<Boolean> lease() {
    long ttl = interval.toMillis() * 3;
    return redis.send(Request.cmd(Command.EVAL).arg(LEASE).arg(1).arg(RedisKeys.FLEET_METRICS_LEASE)
        .arg(nodeId).arg(ttl)).map(r -> r != null && r.toLong() == 1L);
  }

  private Future<Void> refresh() {
    long t0 = System.nanoTime();
    long now = System.currentTimeMillis();
    FleetSnapshot snapshot = new FleetSnapshot();
    return scan("0", snapshot, now - onlineWindow.toMillis())
        .compose(v -> pg.query("SELECT (SELECT count(*) FROM chargers WHERE deleted_at IS NULL), "
            + "(SELECT count(*) FROM charging_sessions WHERE status = 'ACTIVE')").execute())
        .compose(rows -> {
          Row row = rows.iterator().next();
          long registered = row.getLong(0);
          set(MetricNames.CHARGERS, List.of(
              MultiGauge.Row.of(ChargerState.ONLINE.tags(), snapshot.online),
              MultiGauge.Row.of(ChargerState.OFFLINE.tags(), Math.max(0, registered - snapshot.online))));
          set(MetricNames.CHARGERS_FAULTED, List.of(MultiGauge.Row.of(Tags.empty(), snapshot.faulted)));
          List<MultiGauge.Row<?>> connectorRows = new ArrayList<>();
          snapshot.connectors.forEach((status, n) -> connectorRows.add(MultiGauge.Row.of(Tags.of("status", status), n)));
          set(MetricNames.CONNECTORS, connectorRows);
          set(MetricNames.SESSIONS_ACTIVE, List.of(MultiGauge.Row.of(Tags.empty(), row.getLong(1))));
          return stream(now);
        })
        .onSuccess(v -> refreshTimer().record(System.nanoTime() - t0, TimeUnit.NANOSECONDS));
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
          continue;
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

  /** XLEN, the newest entry's age and, when consumer groups exist, their backlog. */
  private Future<Void> stream(long nowMs) {
    return redis.batch(List.of(Request.cmd(Command.XLEN).arg(RedisKeys.EVENTS),
        Request.cmd(Command.XREVRANGE).arg(RedisKeys.EVENTS).arg("+").arg("-").arg("COUNT").arg(1)))
        .compose(r -> {
          long length = r.get(0).toLong();
          set(MetricNames.EVENTS_STREAM_LENGTH, List.of(MultiGauge.Row.of(Tags.empty(), length)));
          Response newest = r.get(1);
          if (newest != null && newest.size() > 0) {
            String id = newest.get(0).get(0).toString();
            long ms = parseLong(id.substring(0, id.indexOf('-')));
            set(MetricNames.EVENTS_STREAM_LAST_ENTRY_AGE,
                List.of(MultiGauge.Row.of(Tags.empty(), Math.max(0, nowMs - ms) / 1000.0)));
          }
          return groups();
        });
  }

  private Future<Void> groups() {
    return redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(RedisKeys.EVENTS))
        .otherwise(e -> null) // no stream yet
        .map(groups -> {
          List<MultiGauge.Row<?>> pending = new ArrayList<>();
          List<MultiGauge.Row<?>> lag = new ArrayList<>();
          if (groups != null) {
            for (Response g : groups) {
              Tags tags = Tags.of("group", g.get("name").toString());
              pending.add(MultiGauge.Row.of(tags, g.get("pending").toLong()));
              Response l = g.containsKey("lag") ? g.get("lag") : null;
              if (l != null) { // Redis 7+; null when the server cannot tell
                lag.add(MultiGauge.Row.of(tags, l.toLong()));
              }
            }
          }
          set(MetricNames.EVENTS_STREAM_GROUP_PENDING, pending);
          set(MetricNames.EVENTS_STREAM_GROUP_LAG, lag);
          return null;
        });
  }

  private void set(String name, List<MultiGauge.Row<?>> rows) {
    gauges.get(name).register(rows, true);
  }

  private void clear() {
    gauges.values().forEach(g -> g.register(List.of(), true));
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

  private static String description(String name) {
    return switch (name) {
      case MetricNames.CHARGERS -> "Registered chargers by state (online: connected and heard from within the online window)";
      case MetricNames.CHARGERS_FAULTED -> "Online chargers reporting Faulted on the charger or a connector";
      case MetricNames.CONNECTORS -> "Connectors of online chargers by their last reported status";
      case MetricNames.SESSIONS_ACTIVE -> "Charging sessions in state ACTIVE";
      case MetricNames.EVENTS_STREAM_LENGTH -> "Entries in the Redis event stream";
      case MetricNames.EVENTS_STREAM_LAST_ENTRY_AGE -> "Time since the newest entry of the Redis event stream";
      case MetricNames.EVENTS_STREAM_GROUP_PENDING -> "Event-stream entries delivered to a consumer group and not acknowledged";
      case MetricNames.EVENTS_STREAM_GROUP_LAG -> "Event-stream entries not yet delivered to a consumer group";
      default -> name;
    };
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    clear();
    Future<?> release = leader
        ? redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(RedisKeys.FLEET_METRICS_LEASE).arg(nodeId))
            .otherwiseEmpty()
        : Future.succeededFuture();
    return release.eventually(() -> redis.close());
  }
}
