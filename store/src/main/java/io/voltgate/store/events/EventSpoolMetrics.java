package io.voltgate.store.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.voltgate.metrics.MetricNames;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the event spool counts: events spooled ({@code voltgate_events_spooled_total}), appended to the
 * stream again ({@code voltgate_events_republished_total}), lost because the spool itself could not
 * take them ({@code voltgate_events_dropped_total}), and the spool's depth
 * ({@code voltgate_events_spool_depth}: rows in Postgres, every node's, as the drainer last read them).
 * Implementations are thread-safe: every event loop's writer and the process's drainer share one.
 */
public interface EventSpoolMetrics {

  EventSpoolMetrics NOOP = new EventSpoolMetrics() {
    @Override
    public void spooled(int n) {
    }

    @Override
    public void dropped(int n) {
    }

    @Override
    public void republished(int n) {
    }

    @Override
    public void depth(long n) {
    }
  };

  /** Events written to the spool. */
  void spooled(int n);

  /** Events lost: the spool's buffer was full, or Postgres refused them until shutdown. */
  void dropped(int n);

  /** Spooled events appended to the stream again (and deleted from the spool). */
  void republished(int n);

  /** The spool's depth as last read. */
  void depth(long n);

  /** The process's Micrometer meters on {@code registry} (one instance per registry; all start at 0). */
  static EventSpoolMetrics of(MeterRegistry registry) {
    return Meters.BY_REGISTRY.computeIfAbsent(registry, Meters::new);
  }

  /** Micrometer counters and the depth gauge. */
  final class Meters implements EventSpoolMetrics {

    private static final Map<MeterRegistry, EventSpoolMetrics> BY_REGISTRY =
        Collections.synchronizedMap(new WeakHashMap<>());

    private final Counter spooled;
    private final Counter dropped;
    private final Counter republished;
    private final AtomicLong depth = new AtomicLong();

    private Meters(MeterRegistry registry) {
      spooled = Counter.builder(MetricNames.EVENTS_SPOOLED)
          .description("Events the Redis stream did not take, written to the Postgres spool").register(registry);
      dropped = Counter.builder(MetricNames.EVENTS_DROPPED)
          .description("Events lost: the spool's bounded buffer was full or Postgres refused them").register(registry);
      republished = Counter.builder(MetricNames.EVENTS_REPUBLISHED)
          .description("Spooled events appended to the Redis stream again").register(registry);
      Gauge.builder(MetricNames.EVENTS_SPOOL_DEPTH, depth, AtomicLong::get).strongReference(true)
          .description("Events waiting in the Postgres spool (all nodes')").register(registry);
    }

    @Override
    public void spooled(int n) {
      spooled.increment(n);
    }

    @Override
    public void dropped(int n) {
      dropped.increment(n);
    }

    @Override
    public void republished(int n) {
      republished.increment(n);
    }

    @Override
    public void depth(long n) {
      depth.set(n);
    }
  }
}
