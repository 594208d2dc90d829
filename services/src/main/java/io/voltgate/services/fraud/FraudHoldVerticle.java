package io.voltgate.services.fraud;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.Backends;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.query.FraudQueries;
import io.voltgate.store.redis.RedisClients;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the fraud-hold rule to every driver every {@link FraudOptions#sweepInterval()} on each API
 * node ({@link FraudHolds#sweep()}); rounds never overlap on a node, and concurrent rounds of several
 * nodes change each hold once (the statement's conditions).
 */
public final class FraudHoldVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FraudHoldVerticle.class);

  private final Backends backends;
  private final FraudOptions options;
  private Pool pg;
  private Redis redis;
  private FraudHolds holds;
  private long timer = -1;
  private boolean running;

  public FraudHoldVerticle(Backends backends, FraudOptions options) {
    this.backends = Objects.requireNonNull(backends);
    this.options = Objects.requireNonNull(options);
  }

  @Override
  public Future<?> start() {
    pg = PgClients.pool(vertx, backends.pgUrl(), 1);
    redis = RedisClients.client(vertx, backends.redisUrl(), 2);
    holds = new FraudHolds(new FraudQueries(pg), redis, options);
    timer = vertx.setPeriodic(options.sweepInterval().toMillis(), id -> round());
    return Future.succeededFuture();
  }

  private void round() {
    if (running) {
      return;
    }
    running = true;
    holds.sweep()
        .onSuccess(changes -> changes.forEach(c -> LOG.info("fraud hold {} for driver {}", c.held() ? "placed" : "lifted",
            c.driverId())))
        .onFailure(e -> LOG.warn("fraud-hold sweep failed: {}", e.getMessage()))
        .onComplete(v -> running = false);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    Future<Void> closed = pg == null ? Future.succeededFuture() : pg.close();
    return closed.eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }
}
