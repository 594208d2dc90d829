package io.voltgate.app.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.Backends;
import io.voltgate.store.events.EventSpool;
import io.voltgate.store.events.EventSpoolDrainer;
import io.voltgate.store.events.EventSpoolMetrics;
import io.voltgate.store.events.SessionEventReplay;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per process, every role: runs the {@link EventSpoolDrainer}, which appends the events the Redis
 * stream could not take (kept in Postgres by every event loop's spool writer, any node's) to the stream
 * again once Redis answers, in spool order, and exports the spool's depth. Its own small Postgres pool
 * and Redis client, on its own event loop: nothing is shared with the verticles that spool. It also
 * watches for a Redis that lost its data ({@link SessionEventReplay}) and appends the recent
 * {@code session.started} and {@code session.completed} events again.
 */
public final class EventSpoolVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EventSpoolVerticle.class);

  /** Events per drained batch (one transaction, one pipelined batch of XADDs). */
  static final int BATCH = 500;
  /** How often the spool is looked at: republishing starts within this long of Redis answering. */
  static final long INTERVAL_MS = 1_000;

  private final Backends backends;
  private final long streamMaxLen;
  private final MeterRegistry registry;
  private Pool pg;
  private Redis redis;
  private EventSpoolDrainer drainer;
  private SessionEventReplay replay;
  private long replayTimer = -1;
  private boolean replaying;

  /** @param streamMaxLen the stream's approximate bound ({@code VOLTGATE_EVENT_STREAM_MAXLEN}) */
  public EventSpoolVerticle(Backends backends, long streamMaxLen, MeterRegistry registry) {
    this.backends = Objects.requireNonNull(backends);
    this.streamMaxLen = streamMaxLen;
    this.registry = Objects.requireNonNull(registry);
  }

  @Override
  public Future<?> start() {
    pg = PgClients.ownPool(vertx, backends.pgUrl(), 2, 16);
    redis = RedisClients.client(vertx, backends.redisUrl(), 2);
    drainer = new EventSpoolDrainer(vertx, new EventSpool(pg), redis, streamMaxLen, EventSpoolMetrics.of(registry),
        BATCH, INTERVAL_MS);
    drainer.start();
    replay = new SessionEventReplay(pg, redis, streamMaxLen, SessionEventReplay.WINDOW);
    replayTimer = vertx.setPeriodic(1, INTERVAL_MS, id -> lookForLostStream());
    return Future.succeededFuture();
  }

  /** One look at a time: a replay of many session events may outlast the interval. */
  private void lookForLostStream() {
    if (replaying) {
      return;
    }
    replaying = true;
    replay.checkOnce(Instant.now())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.warn("Redis had lost its data: {} session.started/session.completed event(s) of the last {} appended again", n,
                SessionEventReplay.WINDOW);
          }
        })
        .onFailure(e -> LOG.warn("replay of recent session events failed, trying again: {}", e.getMessage()))
        .onComplete(ar -> replaying = false);
  }

  @Override
  public Future<?> stop() {
    if (replayTimer >= 0) {
      vertx.cancelTimer(replayTimer);
    }
    Future<Void> stopped = drainer == null ? Future.succeededFuture() : drainer.stop();
    return stopped
        .eventually(() -> redis == null ? Future.succeededFuture() : redis.close())
        .eventually(() -> pg == null ? Future.succeededFuture() : pg.close());
  }
}
