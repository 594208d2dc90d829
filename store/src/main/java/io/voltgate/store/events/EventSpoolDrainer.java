package io.voltgate.store.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.store.redis.PublishedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends spooled events to the Redis stream again, one per process, on its owner's event loop.
 * Every {@code intervalMillis} it looks whether anything is spooled (one cheap query); if so it drains
 * batch after batch ({@link EventSpool#drain}): the oldest events in spool order, their {@code XADD}s in
 * one pipelined Redis batch, deleted only once Redis answered them all. While Redis is down the batch
 * fails, nothing is deleted, and the next round tries again; so republishing starts within one interval
 * of Redis answering. At least once: a batch that failed after Redis applied some of its {@code XADD}s
 * is appended again, with the same event ids.
 */
public final class EventSpoolDrainer {

  private static final Logger LOG = LoggerFactory.getLogger(EventSpoolDrainer.class);
  private static final long FAILURE_LOG_EVERY_NANOS = 30_000_000_000L;
  private static final long APPEND_TIMEOUT_S = 10;

  private final Vertx vertx;
  private final EventSpool spool;
  private final Redis redis;
  private final long maxLen;
  private final EventSpoolMetrics metrics;
  private final int batch;
  private final long intervalMillis;
  private long timerId = -1;
  private Future<Void> round;
  private boolean stopped;
  private long republished;
  private long lastFailureLog;

  /**
   * @param redis the client the {@code XADD} batches go through
   * @param maxLen the stream's approximate bound ({@code VOLTGATE_EVENT_STREAM_MAXLEN})
   * @param batch events per drained batch (one transaction, one pipelined Redis batch)
   * @param intervalMillis how often to look at the spool
   */
  public EventSpoolDrainer(Vertx vertx, EventSpool spool, Redis redis, long maxLen, EventSpoolMetrics metrics,
      int batch, long intervalMillis) {
    if (batch < 1 || intervalMillis < 1) {
      throw new IllegalArgumentException("batch and interval must be positive");
    }
    this.vertx = Objects.requireNonNull(vertx);
    this.spool = Objects.requireNonNull(spool);
    this.redis = Objects.requireNonNull(redis);
    this.maxLen = maxLen;
    this.metrics = Objects.requireNonNull(metrics);
    this.batch = batch;
    this.intervalMillis = intervalMillis;
  }

  /** Starts the periodic rounds (the first one at once). Call on the owner's context. */
  public void start() {
    timerId = vertx.setPeriodic(1, intervalMillis, id -> drainNow());
  }

  /**
   * Runs one round now unless one is running; completes with the events republished by that round
   * (0 when another round was running). Never fails: a failed round is logged and retried by the next.
   */
  public Future<Long> drainNow() {
    if (stopped || round != null) {
      return Future.succeededFuture(0L);
    }
    Promise<Void> done = Promise.promise();
    round = done.future();
    long before = republished;
    spool.any()
        .compose(any -> any ? drainAll().compose(v -> spool.depth()) : Future.succeededFuture(0L))
        .onSuccess(metrics::depth)
        .onFailure(this::logFailure)
        .onComplete(ar -> {
          long n = republished - before;
          if (n > 0) {
            LOG.info("event spool: {} spooled event(s) appended to the stream again", n);
          }
          round = null;
          done.complete();
        });
    return done.future().map(v -> republished - before);
  }

  /** Drains batch after batch while full batches come back. */
  private Future<Void> drainAll() {
    if (stopped) {
      return Future.succeededFuture();
    }
    return spool.drain(batch, this::append).compose(n -> {
      republished += n;
      metrics.republished(n);
      return n == batch ? drainAll() : Future.succeededFuture();
    });
  }

  private Future<Void> append(List<PublishedEvent> events) {
    List<Request> xadds = new ArrayList<>(events.size());
    events.forEach(e -> xadds.add(e.xadd(maxLen)));
    // Bounded: the spool rows stay locked in an open transaction while Redis is asked.
    return redis.batch(xadds).timeout(APPEND_TIMEOUT_S, TimeUnit.SECONDS).mapEmpty();
  }

  private void logFailure(Throwable e) {
    long now = System.nanoTime();
    if (lastFailureLog == 0 || now - lastFailureLog >= FAILURE_LOG_EVERY_NANOS) {
      LOG.warn("event spool: not drained this round (Redis or Postgres unavailable?), retrying every {} ms: {}",
          intervalMillis, e.getMessage());
      lastFailureLog = now;
    }
  }

  /** Spooled events this drainer appended to the stream. */
  public long republished() {
    return republished;
  }

  /** Stops the rounds; completes when the running one (if any) has ended. */
  public Future<Void> stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    return round == null ? Future.succeededFuture() : round;
  }
}
