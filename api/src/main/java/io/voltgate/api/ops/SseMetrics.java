package io.voltgate.api.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.voltgate.metrics.MetricNames;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code voltgate_sse_clients}: open Server-Sent-Events streams of this process. One instance per
 * registry (several HTTP verticles share it): SSE handlers call {@link #opened()} when a stream
 * starts and {@link #closed()} when it ends.
 */
public final class SseMetrics {

  private static final Map<MeterRegistry, SseMetrics> BY_REGISTRY = Collections.synchronizedMap(new WeakHashMap<>());

  private final AtomicInteger clients = new AtomicInteger();

  private SseMetrics(MeterRegistry registry) {
    Gauge.builder(MetricNames.SSE_CLIENTS, clients, AtomicInteger::get)
        .description("Open Server-Sent-Events client streams").strongReference(true).register(registry);
  }

  /** The process's instance for this registry, registering the gauge (at 0) on first use. */
  public static SseMetrics of(MeterRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, SseMetrics::new);
  }

  public void opened() {
    clients.incrementAndGet();
  }

  public void closed() {
    clients.decrementAndGet();
  }

  public int clients() {
    return clients.get();
  }
}
