package io.voltgate.app.ocpplog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.voltgate.metrics.MetricNames;
import io.voltgate.store.Backends;
import io.voltgate.store.pg.OcppLogPartitions;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per process, every role: at start and every {@link #ROUND_MS} runs {@link OcppLogPartitions#maintain}
 * (only one node acts per round: the others fail to take its advisory lock), and every
 * {@link #SIZES_MS} publishes the partitions' sizes ({@code voltgate_ocpp_log_partition_size_bytes}
 * by partition). A failed round is logged and tried at the next one; partitions exist
 * {@link OcppLogPartitions#DAYS_AHEAD} days ahead, so a missed round loses nothing.
 */
public final class OcppLogMaintenanceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OcppLogMaintenanceVerticle.class);
  static final long ROUND_MS = 3_600_000;
  static final long SIZES_MS = 60_000;

  private final Backends backends;
  private final int defaultRetentionDays;
  private final MeterRegistry registry;
  private final Clock clock;
  private Pool pg;
  private OcppLogPartitions partitions;
  private MultiGauge sizes;
  private Counter dropped;
  private long roundTimer = -1;
  private long sizeTimer = -1;

  public OcppLogMaintenanceVerticle(Backends backends, int defaultRetentionDays, MeterRegistry registry, Clock clock) {
    this.backends = Objects.requireNonNull(backends);
    this.defaultRetentionDays = defaultRetentionDays;
    this.registry = Objects.requireNonNull(registry);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<?> start() {
    pg = backends.pgPool(vertx);
    partitions = new OcppLogPartitions(pg);
    sizes = MultiGauge.builder(MetricNames.OCPP_LOG_PARTITION_SIZE).baseUnit("bytes")
        .description("Size of each daily partition of the OCPP message log (table and indexes)").register(registry);
    dropped = Counter.builder(MetricNames.OCPP_LOG_PARTITIONS_DROPPED)
        .description("Daily partitions of the OCPP message log dropped by retention").register(registry);
    roundTimer = vertx.setPeriodic(1, ROUND_MS, id -> round());
    sizeTimer = vertx.setPeriodic(SIZES_MS, SIZES_MS, id -> publishSizes());
    // The sizes are exported from the start (the migration made the first partitions); a failure only logs.
    return publishSizes().otherwiseEmpty();
  }

  private void round() {
    partitions.maintain(clock.instant(), defaultRetentionDays)
        .onSuccess(r -> {
          if (r.ran() && (!r.created().isEmpty() || !r.dropped().isEmpty())) {
            LOG.info("ocpp message log partitions created={} dropped={} retentionDays={}", r.created(), r.dropped(),
                r.retentionDays());
          }
          dropped.increment(r.dropped().size());
        })
        .onFailure(e -> LOG.warn("ocpp message log maintenance failed: {}", e.getMessage()));
  }

  private Future<Void> publishSizes() {
    return partitions.sizes()
        .onSuccess(rows -> sizes.register(rows.stream().map(r -> MultiGauge.Row.of(
            Tags.of("partition", r.getString("name")), r.getLong("bytes"))).toList(), true))
        .onFailure(e -> LOG.debug("ocpp message log partition sizes not read: {}", e.getMessage()))
        .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    if (roundTimer >= 0) {
      vertx.cancelTimer(roundTimer);
    }
    if (sizeTimer >= 0) {
      vertx.cancelTimer(sizeTimer);
    }
    return Future.succeededFuture();
  }
}
