package io.voltgate.api.loadbalancing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.sse.StreamEvent;
import io.voltgate.store.Backends;
import io.voltgate.store.commands.CommandClient;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebalances sites when their load changes: a session starts or ends, or an EVSE's power moves by
 * more than {@link #POWER_THRESHOLD_KW}. Reads the event stream in the consumer group
 * {@code loadbalancing} (one API node handles each event) and debounces per site. Most of the
 * stream is not its business: an entry is looked at by its type field first and only session and
 * meter events are decoded; a charger's site is remembered for a minute instead of being read from
 * Postgres for every meter event (a charger moved to another site is followed within that minute).
 */
public final class LoadBalancingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancingVerticle.class);
  static final double POWER_THRESHOLD_KW = 1.0;
  private static final String GROUP = "loadbalancing";
  private static final long DEBOUNCE_MS = 500;

  private final Backends backends;
  private final String nodeId;
  private final long commandTimeoutMs;
  private Redis redis;
  private Redis reader;
  private RedisConnection connection;
  private LoadBalancer balancer;
  private boolean stopped;
  private final Map<String, Double> lastPower = new HashMap<>();
  private final Set<UUID> scheduled = new HashSet<>();
  /** chargePointId → its site (empty: none), so meter events of a busy fleet do not each query Postgres. */
  private final Cache<String, Optional<UUID>> sites = Caffeine.newBuilder()
      .maximumSize(200_000).expireAfterWrite(Duration.ofMinutes(1)).build();

  public LoadBalancingVerticle(Backends backends, String nodeId, long commandTimeoutMs) {
    this.backends = Objects.requireNonNull(backends);
    this.nodeId = Objects.requireNonNull(nodeId);
    this.commandTimeoutMs = commandTimeoutMs;
  }

  @Override
  public Future<?> start() {
    Pool pg = backends.pgPool(vertx);
    redis = RedisClients.client(vertx, backends.redisUrl(), 2);
    reader = RedisClients.client(vertx, backends.redisUrl(), 1);
    balancer = new LoadBalancer(pg, redis, new CommandClient(vertx), Clock.systemUTC(), commandTimeoutMs);
    return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RedisKeys.EVENTS).arg(GROUP).arg("$").arg("MKSTREAM"))
        .recover(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(e))
        .compose(v -> reader.connect())
        .onSuccess(conn -> {
          connection = conn;
          read();
        });
  }

  private void read() {
    if (stopped) {
      return;
    }
    connection.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(nodeId).arg("COUNT").arg(500)
            .arg("BLOCK").arg(2_000).arg("STREAMS").arg(RedisKeys.EVENTS).arg(">"))
        .onSuccess(result -> {
          Response entries = result == null ? null
              : result.getKeys() != null && result.getKeys().contains(RedisKeys.EVENTS) ? result.get(RedisKeys.EVENTS)
              : result.size() > 0 ? result.get(0).get(1) : null;
          if (entries != null) {
            Request ack = Request.cmd(Command.XACK).arg(RedisKeys.EVENTS).arg(GROUP);
            for (Response entry : entries) {
              ack.arg(entry.get(0).toString());
              if (entry.get(1) != null && relevantType(entry.get(1))) {
                onEvent(StreamEvent.from(entry));
              }
            }
            redis.send(ack);
          }
          read();
        })
        .onFailure(e -> {
          if (!stopped) {
            LOG.warn("load-balancing trigger read failed: {}", e.getMessage());
            vertx.setTimer(1_000, t -> read());
          }
        });
  }

  private void onEvent(StreamEvent e) {
    boolean relevant = switch (e.type()) {
      case "session.started", "session.completed" -> true;
      case "meter.values" -> powerMoved(e);
      default -> false;
    };
    if (relevant && e.chargePointId() != null) {
      siteOf(e.chargePointId()).onSuccess(location -> {
        if (location != null && scheduled.add(location)) {
          vertx.setTimer(DEBOUNCE_MS, t -> {
            scheduled.remove(location);
            balancer.rebalance(location).onFailure(err -> LOG.warn("rebalance of {} failed: {}", location, err.getMessage()));
          });
        }
      });
    }
  }

  /** Only session and meter events can move a site's load; the rest are skipped undecoded. */
  private static boolean relevantType(Response fields) {
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if ("type".equals(fields.get(i).toString())) {
        return switch (fields.get(i + 1).toString()) {
          case "session.started", "session.completed", "meter.values" -> true;
          default -> false;
        };
      }
    }
    return false;
  }

  private Future<UUID> siteOf(String chargePointId) {
    Optional<UUID> known = sites.getIfPresent(chargePointId);
    if (known != null) {
      return Future.succeededFuture(known.orElse(null));
    }
    return balancer.locationOf(chargePointId).onSuccess(location -> sites.put(chargePointId, Optional.ofNullable(location)));
  }

  private boolean powerMoved(StreamEvent e) {
    Double kw = e.data().getJsonObject("live") == null ? null : e.data().getJsonObject("live").getDouble("powerKw");
    if (kw == null) {
      return false;
    }
    String key = e.chargePointId() + "/" + e.data().getInteger("evseId");
    Double before = lastPower.put(key, kw);
    if (lastPower.size() > 200_000) {
      lastPower.clear();
    }
    return before == null || Math.abs(before - kw) > POWER_THRESHOLD_KW;
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    Future<Void> c = connection == null ? Future.succeededFuture() : connection.close();
    return c.eventually(() -> reader.close()).eventually(() -> redis.close());
  }
}
