package io.voltgate.store.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.redis.PublishedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's way into the {@link EventSpool}: the {@link EventPublisher.Fallback} of its
 * publisher. Events the stream did not take are appended in batches (one multi-row INSERT every
 * {@code flushMillis} or per {@code batchSize} events, one batch in flight, so they keep their order),
 * never awaited by the caller. A batch Postgres refuses is kept and tried again after
 * {@code retryMillis}; the buffer is bounded: beyond {@code maxPending} events waiting (Redis and
 * Postgres both unavailable for long) new ones are dropped, counted and logged. Use from one event loop.
 */
public final class EventSpoolWriter implements EventPublisher.Fallback {

  private static final Logger LOG = LoggerFactory.getLogger(EventSpoolWriter.class);
  private static final long DROP_LOG_EVERY_NANOS = 10_000_000_000L;

  private final Vertx vertx;
  private final EventSpool spool;
  private final EventSpoolMetrics metrics;
  private final String node;
  private final int batchSize;
  private final int maxPending;
  private final long flushMillis;
  private final long retryMillis;
  private List<PublishedEvent> pending = new ArrayList<>();
  private Future<Void> inFlight;
  private int inFlightSize;
  private long timerId = -1;
  private long spooled;
  private long dropped;
  private long droppedSinceLog;
  private long lastDropLog;
  private boolean lastFailed;
  /** After a refused batch: the next attempt waits for the retry timer. */
  private boolean backingOff;

  /**
   * @param node this process's node id, recorded with each row
   * @param batchSize events per INSERT, at least 1
   * @param maxPending events waiting (or in the batch in flight) at most, at least {@code batchSize}
   */
  public EventSpoolWriter(Vertx vertx, EventSpool spool, EventSpoolMetrics metrics, String node, int batchSize,
      int maxPending, long flushMillis, long retryMillis) {
    if (batchSize < 1 || maxPending < batchSize) {
      throw new IllegalArgumentException("need 1 <= batchSize <= maxPending, got " + batchSize + ", " + maxPending);
    }
    this.vertx = Objects.requireNonNull(vertx);
    this.spool = Objects.requireNonNull(spool);
    this.metrics = Objects.requireNonNull(metrics);
    this.node = Objects.requireNonNull(node);
    this.batchSize = batchSize;
    this.maxPending = maxPending;
    this.flushMillis = flushMillis;
    this.retryMillis = retryMillis;
  }

  /** Queues one event for the spool; drops and counts it when the buffer is full. */
  @Override
  public void accept(PublishedEvent event) {
    if (pending.size() + inFlightSize >= maxPending) {
      drop(1, "the spool buffer is full (" + maxPending + " events waiting for Postgres)");
      return;
    }
    pending.add(event);
    if (pending.size() >= batchSize && inFlight == null && !backingOff) {
      writeBatch();
    } else {
      schedule(flushMillis);
    }
  }

  /** Events spooled by this writer. */
  public long spooled() {
    return spooled;
  }

  /** Events this writer dropped. */
  public long dropped() {
    return dropped;
  }

  /** Events waiting for (or in) a batch. */
  public int depth() {
    return pending.size() + inFlightSize;
  }

  /**
   * Writes everything queued now (shutdown, tests); when a batch is refused, what is still queued is
   * dropped and counted. Completes when done, never fails.
   */
  public Future<Void> flush() {
    if (inFlight != null) {
      return inFlight.transform(ignored -> flush());
    }
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    return writeBatch().transform(ignored -> {
      if (inFlight == null && pending.size() > 0 && lastFailed) {
        int n = pending.size();
        pending = new ArrayList<>();
        drop(n, "Postgres refused them at shutdown");
        return Future.succeededFuture();
      }
      return flush();
    });
  }

  private void schedule(long delay) {
    if (timerId < 0) {
      timerId = vertx.setTimer(Math.max(1, delay), id -> {
        timerId = -1;
        backingOff = false;
        if (inFlight == null && !pending.isEmpty()) {
          writeBatch();
        }
      });
    }
  }

  private Future<Void> writeBatch() {
    List<PublishedEvent> batch;
    if (pending.size() <= batchSize) {
      batch = pending;
      pending = new ArrayList<>();
    } else {
      batch = new ArrayList<>(pending.subList(0, batchSize));
      pending = new ArrayList<>(pending.subList(batchSize, pending.size()));
    }
    int n = batch.size();
    inFlightSize = n;
    Promise<Void> done = Promise.promise();
    Future<Void> written = done.future();
    inFlight = written;
    spool.append(batch, node).onComplete(ar -> {
      inFlight = null;
      inFlightSize = 0;
      lastFailed = ar.failed();
      if (ar.succeeded()) {
        spooled += n;
        metrics.spooled(n);
      } else {
        // Kept, ahead of what came since, and tried again: the bound above still holds.
        List<PublishedEvent> again = new ArrayList<>(n + pending.size());
        again.addAll(batch);
        again.addAll(pending);
        pending = again;
        LOG.warn("event spool batch of {} not written, retrying in {} ms ({} waiting): {}", n, retryMillis,
            pending.size(), ar.cause().getMessage());
      }
      if (ar.failed()) {
        backingOff = true;
        if (timerId >= 0) {
          vertx.cancelTimer(timerId);
          timerId = -1;
        }
        schedule(retryMillis);
      }
      done.complete();
      if (inFlight != null || ar.failed()) {
        return; // a flush waiting on this batch has sent the next one, or the retry timer will
      }
      if (pending.size() >= batchSize) {
        writeBatch();
      } else if (!pending.isEmpty()) {
        schedule(flushMillis);
      }
    });
    // Not inFlight: a batch refused at once has already cleared it (or started the next).
    return written;
  }

  private void drop(int n, String why) {
    dropped += n;
    droppedSinceLog += n;
    metrics.dropped(n);
    long now = System.nanoTime();
    if (lastDropLog == 0 || now - lastDropLog >= DROP_LOG_EVERY_NANOS) {
      LOG.error("{} event(s) lost: {} ({} lost by this event loop so far)", droppedSinceLog, why, dropped);
      droppedSinceLog = 0;
      lastDropLog = now;
    }
  }
}
