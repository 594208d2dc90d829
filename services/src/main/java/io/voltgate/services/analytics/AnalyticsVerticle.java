package io.voltgate.services.analytics;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.services.events.StreamEvent;
import io.voltgate.store.Backends;
import io.voltgate.store.model.EventType;
import io.voltgate.store.pg.AnalyticsRollups;
import io.voltgate.store.pg.AnalyticsRollups.ConnectionEvent;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.ConsumerGroupReader;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.StreamEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the analytics rollups that are not written with a CDR, off the OCPP hot path:
 * <ol>
 *   <li>the connection history: {@code charger.online} / {@code charger.offline} entries of
 *       {@code vg:events}, read in the consumer group {@value #GROUP} (consumer = node id; a batch is
 *       acknowledged once recorded; recording is idempotent by stream id; entries a dead node left are
 *       claimed after a minute), become {@code charger_connection_events} rows and each charger's
 *       {@code charger_uptime};</li>
 *   <li>the utilization rollup: every {@code interval}, status history after the watermark becomes
 *       connector time per network day ({@link StatusRollup}), in batches, each in one transaction that
 *       holds the watermark row locked, so any number of API nodes run it without counting twice.</li>
 * </ol>
 */
public final class AnalyticsVerticle extends VerticleBase {

  static final String GROUP = "analytics";
  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsVerticle.class);
  /** Status reports per transaction. */
  static final int STATUS_BATCH = 50_000;
  /**
   * Reports received this recently are left for the next run: a writer's transaction that took an
   * id earlier may still be uncommitted (ids are not committed in order).
   */
  static final Duration SETTLE = Duration.ofSeconds(10);

  private final Backends backends;
  private final String consumer;
  private final Duration interval;
  private final Clock clock;
  private Pool pg;
  private Redis redis;
  private Redis readerRedis;
  private ConsumerGroupReader reader;
  private long timer = -1;
  private Future<Integer> running;
  private boolean stopped;

  public AnalyticsVerticle(Backends backends, String nodeId, Duration interval) {
    this(backends, nodeId, interval, Clock.systemUTC());
  }

  public AnalyticsVerticle(Backends backends, String nodeId, Duration interval, Clock clock) {
    this.backends = Objects.requireNonNull(backends);
    this.consumer = Objects.requireNonNull(nodeId);
    this.interval = Objects.requireNonNull(interval);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Completes at once; the loops start in the background and survive backend outages. */
  @Override
  public Future<?> start() {
    pg = PgClients.pool(vertx, backends.pgUrl(), 2);
    redis = RedisClients.client(vertx, backends.redisUrl(), 2);
    readerRedis = RedisClients.client(vertx, backends.redisUrl(), 1);
    reader = ConsumerGroupReader.batches(vertx, redis, readerRedis,
        ConsumerGroupReader.Options.of(RedisKeys.EVENTS, GROUP, consumer).withBatch(500)
            .withBlock(Duration.ofSeconds(2)).claimingAfter(Duration.ofMinutes(1), Duration.ofSeconds(30))
            .readingOwnPendingFirst(),
        this::connections);
    reader.startInBackground();
    timer = vertx.setPeriodic(Math.min(5_000, interval.toMillis()), interval.toMillis(), id -> catchUp());
    return Future.succeededFuture();
  }

  /** The connection events of a batch, recorded in order in one transaction. */
  private Future<Void> connections(List<StreamEntry> entries) {
    List<ConnectionEvent> events = new ArrayList<>();
    for (StreamEntry entry : entries) {
      if (entry.trimmed()) {
        continue;
      }
      String type = entry.field("type");
      boolean online = EventType.CHARGER_ONLINE.wire().equals(type);
      if (!online && !EventType.CHARGER_OFFLINE.wire().equals(type)) {
        continue;
      }
      ConnectionEvent e = connectionEvent(StreamEvent.from(entry), online);
      if (e != null) {
        events.add(e);
      }
    }
    return AnalyticsRollups.recordConnections(pg, events);
  }

  static ConnectionEvent connectionEvent(StreamEvent e, boolean online) {
    JsonObject data = e.data() == null ? new JsonObject() : e.data();
    try {
      UUID charger = UUID.fromString(data.getString("chargerId", ""));
      Instant at = Instant.parse(e.timestamp());
      if (e.networkId() == null) {
        return null;
      }
      return new ConnectionEvent(e.streamId(), charger, e.networkId(), online, data.getString("node"), at);
    } catch (IllegalArgumentException | NullPointerException | DateTimeParseException ex) {
      LOG.warn("event=analytics_connection_skipped stream_id={} reason={}", e.streamId(), ex.toString());
      return null;
    }
  }

  /**
   * Rolls status history up until the backlog is drained (then every connector's current state up
   * to now); completes with the number of reports read. A run already going is joined, not doubled.
   */
  public Future<Integer> catchUp() {
    if (stopped) {
      return Future.succeededFuture(0);
    }
    if (running != null) {
      return running;
    }
    running = rounds(0).onFailure(e -> LOG.warn("event=analytics_status_rollup_failed error={}", e.toString()))
        .eventually(() -> {
          running = null;
          return Future.succeededFuture();
        });
    return running;
  }

  private Future<Integer> rounds(int done) {
    // n >= 0: a full batch of n, go on; n < 0: the last batch, of -1 - n reports.
    return statusRound().compose(n -> n >= 0 && !stopped ? rounds(done + n) : Future.succeededFuture(done + (n < 0 ? -1 - n : 0)));
  }

  /** One batch in one transaction; completes with its size if full, else with -1 - its size. */
  private Future<Integer> statusRound() {
    Instant cutoff = clock.instant().minus(SETTLE);
    return pg.withTransaction(conn -> AnalyticsRollups.readStatusBatch(conn, cutoff, STATUS_BATCH).compose(batch -> {
      StatusRollup.Result r = StatusRollup.apply(batch.watermark(), batch.rows(), batch.cursors(), batch.drained(),
          cutoff);
      // A full batch asks for another round at once.
      return AnalyticsRollups.writeStatusBatch(conn, r.days(), r.cursors(), r.lastId())
          .map(batch.more() ? batch.rows().size() : -1 - batch.rows().size());
    }));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    Future<Void> closing = reader != null ? reader.stop() : Future.succeededFuture();
    return closing.eventually(() -> readerRedis.close()).eventually(() -> redis.close()).eventually(() -> pg.close());
  }
}
