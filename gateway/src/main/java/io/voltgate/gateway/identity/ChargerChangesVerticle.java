package io.voltgate.gateway.identity;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.voltgate.gateway.config.GatewayAddresses;
import io.voltgate.store.Backends;
import io.voltgate.store.identity.ChargerChanges;
import io.voltgate.store.identity.IdentityCache;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.RedisSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per gateway process: keeps the process's {@link IdentityCache} a replica of the live chargers.
 * <ul>
 *   <li><b>Full load</b> at start and every {@code resyncInterval}: every live charger in pages; a
 *       complete load that fits the cache makes it authoritative (a miss is "no such charger", see
 *       {@link IdentityCache}); cached chargers the load did not see are dropped (a lost deletion
 *       notice). The periodic load also refreshes each entry before its TTL ends.</li>
 *   <li><b>Changes</b> on {@link RedisKeys#CHARGER_CHANGES}: the charger is marked reloading at once
 *       (handshakes for it go to the backends meanwhile), and announced chargers are loaded in batches,
 *       one {@code = ANY($1)} query per {@link #LOAD_TICK_MS}, not one per id; then this process's
 *       gateway verticles are told ({@link GatewayAddresses#CHARGER_CHANGED}) and close the socket of a
 *       deleted charger, or of one that now requires credentials. A creation announced for a charger
 *       already cached (this node registered it) needs no load.</li>
 * </ul>
 * Whenever the subscription is (re)established the whole cache is dropped and loaded again, since
 * messages may have been missed meanwhile. All state here is confined to this verticle's event loop.
 */
public final class ChargerChangesVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChargerChangesVerticle.class);
  private static final int WARM_PAGE = 5_000;
  /** Announced chargers wait at most this long to be loaded together (well inside the 1 s guarantee). */
  static final long LOAD_TICK_MS = 50;
  /** Ids per load query. */
  private static final int LOAD_BATCH = 2_000;
  /** A failed load is retried after this long (the ids stay "reloading": looked up at the handshake). */
  private static final long LOAD_RETRY_MS = 1_000;

  private final Backends backends;
  private final IdentityCache cache;
  private final long warmLimit;
  private final Duration resyncInterval;
  private RedisSubscription subscription;
  private Pool pg;
  private ChargerRepository chargers;
  /** Per announced id, the number of its latest notice: a load started before it must not win. */
  private final Map<String, Long> notices = new HashMap<>();
  private final Set<String> toLoad = new HashSet<>();
  /** Ids announced while a full load runs: its (older) pages must not overwrite them. */
  private Set<String> changedDuringLoad;
  private long noticeCount;
  private long loadTimer = -1;
  private boolean loading;
  private long resyncTimer = -1;
  private boolean fullLoadRunning;
  private boolean fullLoadAgain;

  /**
   * @param warmLimit most chargers loaded (the cache's own bound)
   * @param resyncInterval time between full loads; below the cache's TTL for known chargers
   */
  public ChargerChangesVerticle(Backends backends, IdentityCache cache, long warmLimit, Duration resyncInterval) {
    this.backends = Objects.requireNonNull(backends);
    this.cache = Objects.requireNonNull(cache);
    this.warmLimit = warmLimit;
    this.resyncInterval = Objects.requireNonNull(resyncInterval);
  }

  @Override
  public Future<?> start() {
    pg = PgClients.ownPool(vertx, backends.pgUrl(), 2, PgClients.DEFAULT_MAX_WAIT_QUEUE);
    chargers = new ChargerRepository(pg);
    return subscribe().compose(v -> fullLoad()).onSuccess(v ->
        resyncTimer = vertx.setPeriodic(resyncInterval.toMillis(), id -> fullLoad()
            .onFailure(e -> LOG.warn("identity cache resync failed: {}", e.getMessage()))));
  }

  /** Loads every live charger (up to the bound), then reconciles and decides the cache's authority. */
  private Future<Void> fullLoad() {
    if (fullLoadRunning) {
      fullLoadAgain = true;
      return Future.succeededFuture();
    }
    fullLoadRunning = true;
    changedDuringLoad = new HashSet<>();
    Set<String> before = cache.knownIds();
    Set<String> seen = new HashSet<>();
    long t0 = System.nanoTime();
    return page(null, seen).map(complete -> {
      if (complete) {
        for (String cp : before) {
          if (!seen.contains(cp) && !changedDuringLoad.contains(cp) && cache.get(cp) != null
              && cache.get(cp).isPresent()) {
            // Live when cached, not live now, and no notice said so: a deletion notice was lost.
            cache.invalidate(cp);
          }
        }
        cache.fleetLoaded(seen.size());
      }
      LOG.info("identity cache loaded with {} chargers in {} ms ({})", seen.size(),
          (System.nanoTime() - t0) / 1_000_000, cache.authoritative() ? "authoritative"
              : "not authoritative: misses are looked up");
      return (Void) null;
    }).eventually(() -> {
      fullLoadRunning = false;
      changedDuringLoad = null;
      if (fullLoadAgain) {
        fullLoadAgain = false;
        return fullLoad();
      }
      return Future.succeededFuture();
    });
  }

  /** True when the whole fleet was read (false when the bound stopped it). */
  private Future<Boolean> page(String after, Set<String> seen) {
    if (seen.size() >= warmLimit) {
      return Future.succeededFuture(false);
    }
    return chargers.pageLive(after, WARM_PAGE).compose(page -> {
      for (ChargerRecord c : page) {
        seen.add(c.chargePointId());
        // A notice that arrived while the page was read is newer than the page.
        if (!changedDuringLoad.contains(c.chargePointId()) && !cache.reloading(c.chargePointId())) {
          cache.put(c.chargePointId(), Optional.of(c));
        }
      }
      if (page.size() < WARM_PAGE) {
        return Future.succeededFuture(true);
      }
      return page(page.get(page.size() - 1).chargePointId(), seen);
    });
  }

  private Future<Void> subscribe() {
    return RedisSubscription.open(vertx, backends.redisUrl(), List.of(RedisKeys.CHARGER_CHANGES), "charger-changes",
            this::onMessage, this::resubscribed)
        .onSuccess(s -> subscription = s)
        .mapEmpty();
  }

  /** Messages may have been missed while not subscribed: forget everything, then load it again. */
  private void resubscribed() {
    cache.invalidateAll();
    notices.clear();
    toLoad.clear();
    if (subscription != null) {
      // Not on the first subscription: start() loads then.
      fullLoad().onFailure(e -> LOG.warn("identity cache reload failed: {}", e.getMessage()));
    }
  }

  private void onMessage(RedisSubscription.Message message) {
    JsonObject change;
    try {
      change = new JsonObject(message.payload());
    } catch (DecodeException e) {
      LOG.warn("ignoring malformed charger-change message: {}", e.getMessage());
      return;
    }
    String cp = change.getString("cp");
    if (cp == null) {
      return;
    }
    if (ChargerChanges.CREATED.equals(change.getString("kind")) && !cache.reloading(cp)) {
      Optional<ChargerRecord> cached = cache.get(cp);
      if (cached != null && cached.isPresent()) {
        // Registered by this node (cached as it did), or already loaded: nothing is stale.
        return;
      }
    }
    cache.changed(cp);
    if (changedDuringLoad != null) {
      changedDuringLoad.add(cp);
    }
    notices.put(cp, ++noticeCount);
    toLoad.add(cp);
    if (loadTimer < 0 && !loading) {
      loadTimer = vertx.setTimer(LOAD_TICK_MS, id -> {
        loadTimer = -1;
        loadAnnounced();
      });
    }
  }

  /** One query for the ids announced since the last load; then the gateway verticles are told. */
  private void loadAnnounced() {
    if (toLoad.isEmpty() || loading) {
      return;
    }
    List<String> ids = new ArrayList<>(Math.min(toLoad.size(), LOAD_BATCH));
    for (String cp : toLoad) {
      if (ids.size() == LOAD_BATCH) {
        break;
      }
      ids.add(cp);
    }
    ids.forEach(toLoad::remove);
    Map<String, Long> asOf = new HashMap<>();
    ids.forEach(cp -> asOf.put(cp, notices.get(cp)));
    loading = true;
    chargers.findLive(ids).onComplete(ar -> {
      loading = false;
      if (ar.succeeded()) {
        Map<String, ChargerRecord> found = new HashMap<>();
        ar.result().forEach(c -> found.put(c.chargePointId(), c));
        for (String cp : ids) {
          // A newer notice for the id came while this query ran: its own load will settle it.
          if (Objects.equals(notices.get(cp), asOf.get(cp))) {
            notices.remove(cp);
            cache.reloaded(cp, Optional.ofNullable(found.get(cp)));
          }
        }
      } else {
        LOG.warn("loading {} announced chargers failed ({}); retrying", ids.size(), ar.cause().getMessage());
        for (String cp : ids) {
          if (Objects.equals(notices.get(cp), asOf.get(cp))) {
            toLoad.add(cp);
          }
        }
      }
      // Told after the load (a cache hit for each socket's re-check), or after the failure (the
      // ids are still reloading, so the re-check asks the backends itself).
      ids.forEach(cp -> vertx.eventBus().publish(GatewayAddresses.CHARGER_CHANGED, cp));
      if (!toLoad.isEmpty() && loadTimer < 0) {
        loadTimer = vertx.setTimer(ar.succeeded() ? LOAD_TICK_MS : LOAD_RETRY_MS, id -> {
          loadTimer = -1;
          loadAnnounced();
        });
      }
    });
  }

  @Override
  public Future<?> stop() {
    if (resyncTimer >= 0) {
      vertx.cancelTimer(resyncTimer);
    }
    Future<Void> closed = subscription == null ? Future.succeededFuture() : subscription.close();
    return closed.eventually(() -> pg.close());
  }
}
