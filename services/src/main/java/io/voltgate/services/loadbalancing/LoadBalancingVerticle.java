package io.voltgate.services.loadbalancing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.services.events.StreamEvent;
import io.voltgate.store.Backends;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.store.model.EventType;
import io.voltgate.store.redis.ConsumerGroupReader;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.StreamEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
  private ConsumerGroupReader trigger;
  private LoadBalancer balancer;
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
    // Acknowledged as soon as the batch is looked at: a rebalance is cheap to redo, and the next
    // event of a busy site triggers one anyway, so nothing is claimed or retried.
    trigger = ConsumerGroupReader.batches(vertx, redis, reader,
        ConsumerGroupReader.Options.of(RedisKeys.EVENTS, GROUP, nodeId).withBatch(500).withBlock(Duration.ofSeconds(2)),
        this::onBatch);
    return trigger.start();
  }

  private Future<Void> onBatch(List<StreamEntry> entries) {
    for (StreamEntry entry : entries) {
      if (relevant(EventType.fromWire(entry.field("type")))) {
        onEvent(StreamEvent.from(entry));
      }
    }
    return Future.succeededFuture();
  }

  private void onEvent(StreamEvent e) {
    boolean relevant = switch (EventType.fromWire(e.type())) {
      case SESSION_STARTED, SESSION_COMPLETED -> true;
      case METER_VALUES -> powerMoved(e);
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
  private static boolean relevant(EventType type) {
    return type == EventType.SESSION_STARTED || type == EventType.SESSION_COMPLETED || type == EventType.METER_VALUES;
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
    Future<Void> c = trigger == null ? Future.succeededFuture() : trigger.stop();
    return c.eventually(() -> reader.close()).eventually(() -> redis.close());
  }
}
