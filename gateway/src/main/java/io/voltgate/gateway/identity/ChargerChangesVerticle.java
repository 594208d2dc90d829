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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per gateway process. Warms the identity cache from Postgres in bulk at start, then follows
 * {@link RedisKeys#CHARGER_CHANGES}: each message drops the charger from the cache and tells this
 * process's gateway verticles ({@link GatewayAddresses#CHARGER_CHANGED}), which close the socket of a
 * deleted charger. Whenever the subscription is (re)established the whole cache is dropped, since
 * messages may have been missed meanwhile.
 */
public final class ChargerChangesVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChargerChangesVerticle.class);
  private static final int WARM_PAGE = 5_000;

  private final Backends backends;
  private final IdentityCache cache;
  private final long warmLimit;
  private RedisSubscription subscription;
  private Pool pg;

  /** @param warmLimit most chargers loaded at start (the cache's own bound) */
  public ChargerChangesVerticle(Backends backends, IdentityCache cache, long warmLimit) {
    this.backends = Objects.requireNonNull(backends);
    this.cache = Objects.requireNonNull(cache);
    this.warmLimit = warmLimit;
  }

  @Override
  public Future<?> start() {
    pg = PgClients.ownPool(vertx, backends.pgUrl(), 2, PgClients.DEFAULT_MAX_WAIT_QUEUE);
    return subscribe().compose(v -> {
      long t0 = System.nanoTime();
      return warm(new ChargerRepository(pg), null, 0).onSuccess(n -> LOG.info(
          "identity cache warmed with {} chargers in {} ms", n, (System.nanoTime() - t0) / 1_000_000));
    });
  }

  private Future<Long> warm(ChargerRepository chargers, String after, long loaded) {
    if (loaded >= warmLimit) {
      return Future.succeededFuture(loaded);
    }
    return chargers.pageLive(after, WARM_PAGE).compose(page -> {
      for (ChargerRecord c : page) {
        // A change published while warming already dropped the entry; do not bring it back stale.
        if (cache.get(c.chargePointId()) == null) {
          cache.put(c.chargePointId(), Optional.of(c));
        }
      }
      if (page.size() < WARM_PAGE) {
        return Future.succeededFuture(loaded + page.size());
      }
      return warm(chargers, page.get(page.size() - 1).chargePointId(), loaded + page.size());
    });
  }

  private Future<Void> subscribe() {
    // Messages may have been missed while not subscribed: forget everything on every (re)subscription.
    return RedisSubscription.open(vertx, backends.redisUrl(), List.of(RedisKeys.CHARGER_CHANGES), "charger-changes",
            this::onMessage, cache::invalidateAll)
        .onSuccess(s -> subscription = s)
        .mapEmpty();
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
    if (ChargerChanges.CREATED.equals(change.getString("kind"))) {
      // Only an "unknown" answer is stale. A socket may be open under the id (a pending charger just
      // accepted): its gateway verticle decides whether it may stay.
      cache.forgetUnknown(cp);
    } else {
      cache.invalidate(cp);
    }
    vertx.eventBus().publish(GatewayAddresses.CHARGER_CHANGED, cp);
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = subscription == null ? Future.succeededFuture() : subscription.close();
    return closed.eventually(() -> pg.close());
  }
}
