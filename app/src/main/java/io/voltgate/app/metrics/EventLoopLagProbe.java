package io.voltgate.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.voltgate.metrics.MetricNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late each Vert.x event loop runs a task scheduled on it: every {@link #INTERVAL} a
 * task is scheduled directly on the loop and, when it runs, records its delay beyond the interval
 * as {@code voltgate_eventloop_lag_seconds{loop}}. A loop busy with blocking or long work shows it
 * here before anything else does. The probe itself does nothing but read the clock.
 */
public final class EventLoopLagProbe implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofMillis(200);

  private final List<Loop> loops = new ArrayList<>();
  private volatile boolean closed;

  private EventLoopLagProbe() {
  }

  /** Starts one probe per event loop of this Vert.x instance. */
  public static EventLoopLagProbe start(Vertx vertx, MeterRegistry registry) {
    EventLoopLagProbe probe = new EventLoopLagProbe();
    EventLoopGroup group = ((VertxInternal) vertx).eventLoopGroup();
    int index = 0;
    for (EventExecutor executor : group) {
      Timer timer = Timer.builder(MetricNames.EVENT_LOOP_LAG)
          .description("Delay of a task scheduled on a Vert.x event loop beyond its due time")
          .tag("loop", Integer.toString(index++))
          .serviceLevelObjectives(MetricsSetup.durations(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5))
          .register(registry);
      Loop loop = probe.new Loop(executor, timer);
      probe.loops.add(loop);
      loop.schedule();
    }
    return probe;
  }

  @Override
  public void close() {
    closed = true;
    loops.forEach(Loop::cancel);
  }

  /** The probe of one event loop: reschedules itself after each run. */
  private final class Loop implements Runnable {
    private final EventExecutor executor;
    private final Timer timer;
    private volatile ScheduledFuture<?> next;
    private long due;

    Loop(EventExecutor executor, Timer timer) {
      this.executor = executor;
      this.timer = timer;
    }

    void schedule() {
      if (closed || executor.isShuttingDown()) {
        return;
      }
      due = System.nanoTime() + INTERVAL.toNanos();
      try {
        next = executor.schedule(this, INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // the loop is shutting down
      }
    }

    @Override
    public void run() {
      timer.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
      schedule();
    }

    void cancel() {
      ScheduledFuture<?> f = next;
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
