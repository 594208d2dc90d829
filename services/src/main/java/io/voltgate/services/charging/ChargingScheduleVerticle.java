package io.voltgate.services.charging;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.store.Backends;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.query.ChargingScheduleQueries;
import io.voltgate.store.query.FraudQueries;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires scheduled charges ({@link ScheduleFiring}) every {@link #INTERVAL} on each API node; rounds
 * never overlap on a node, and nodes never fire the same schedule (the claim is in Postgres).
 */
public final class ChargingScheduleVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChargingScheduleVerticle.class);
  /** A due schedule fires within about this long of its time. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final Backends backends;
  private final String nodeId;
  private final Duration commandTimeout;
  private Pool pg;
  private ScheduleFiring firing;
  private long timer = -1;
  private boolean running;

  public ChargingScheduleVerticle(Backends backends, String nodeId, Duration commandTimeout) {
    this.backends = Objects.requireNonNull(backends);
    this.nodeId = Objects.requireNonNull(nodeId);
    this.commandTimeout = Objects.requireNonNull(commandTimeout);
  }

  @Override
  public Future<?> start() {
    pg = PgClients.pool(vertx, backends.pgUrl(), 2);
    firing = new ScheduleFiring(new ChargingScheduleQueries(pg),
        new ChargerCommands(new CommandClient(vertx), commandTimeout), nodeId, new FraudQueries(pg));
    timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> round());
    return Future.succeededFuture();
  }

  private void round() {
    if (running) {
      return;
    }
    running = true;
    firing.round()
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("fired {} scheduled charge(s)", n);
          }
        })
        .onFailure(e -> LOG.warn("scheduled charging round failed: {}", e.getMessage()))
        .onComplete(v -> running = false);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return pg == null ? Future.succeededFuture() : pg.close();
  }
}
