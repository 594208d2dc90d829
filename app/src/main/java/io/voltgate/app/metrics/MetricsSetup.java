package io.voltgate.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.voltgate.metrics.MetricNames;
import java.time.Duration;
import java.util.List;

/**
 * Builds a process's Prometheus registry: the {@code node} common tag on every meter, latency
 * buckets on Vert.x's Postgres and Redis client timers (so dashboards can take quantiles), and the
 * Vert.x options that enable its own, JVM and Netty metrics.
 */
public final class MetricsSetup {

  /** Vert.x client types whose request timers get buckets: vertx_{type}_processing_time_seconds. */
  static final List<String> CLIENT_TYPES = List.of("sql", "redis");

  private static final double[] CLIENT_BUCKETS_S = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  private MetricsSetup() {
  }

  /** A registry for this node; call before Vert.x is built so every meter gets the node tag. */
  public static PrometheusMeterRegistry registry(String nodeId) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags(MetricNames.NODE_TAG, nodeId).meterFilter(clientLatencyBuckets());
    // Vert.x registers its client reset counters on the first failure; register them at 0 so that
    // error panels and rate() have a series from the start (same id: Vert.x reuses these).
    for (String type : CLIENT_TYPES) {
      Counter.builder("vertx." + type + ".resets").description("Total number of requests reset")
          .register(registry);
    }
    return registry;
  }

  /** Vert.x metrics: HTTP/net servers, clients, event bus, pools, JVM, Netty allocators and loops. */
  public static MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setNettyMetricsEnabled(true);
  }

  private static MeterFilter clientLatencyBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        for (String type : CLIENT_TYPES) {
          if (id.getName().equals("vertx." + type + ".processing.time")) {
            return DistributionStatisticConfig.builder()
                .serviceLevelObjectives(seconds(CLIENT_BUCKETS_S))
                .build().merge(config);
          }
        }
        return config;
      }
    };
  }

  /** Seconds to the nanosecond values Micrometer expects for timer SLO boundaries. */
  static double[] seconds(double... s) {
    double[] nanos = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      nanos[i] = s[i] * 1e9;
    }
    return nanos;
  }

  static Duration[] durations(double... s) {
    Duration[] d = new Duration[s.length];
    for (int i = 0; i < s.length; i++) {
      d[i] = Duration.ofNanos((long) (s[i] * 1e9));
    }
    return d;
  }
}
