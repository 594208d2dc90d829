package io.voltgate.services.billing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.Backends;
import io.voltgate.store.model.EventType;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.ConsumerGroupReader;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.StreamEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices completed sessions into CDRs, two ways:
 * <ol>
 *   <li>the event stream, through a {@link ConsumerGroupReader} (group {@link BillingOptions#group()},
 *       consumer = node id, one entry at a time); {@code session.completed} entries are priced and
 *       acknowledged ({@code XACK}) only after the CDR is committed; other entries are acknowledged at
 *       once. Entries left unacknowledged (a node died, Postgres failed) are claimed with
 *       {@code XAUTOCLAIM} after {@link BillingOptions#claimAfter()} and retried;</li>
 *   <li>a periodic sweep of completed sessions without a CDR (downtime, a trimmed stream).</li>
 * </ol>
 * Both are safe on any number of API nodes: a CDR is written at most once per session.
 */
public final class BillingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BillingVerticle.class);
  private static final Duration BLOCK = Duration.ofSeconds(5);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final BillingOptions options;
  private final Backends backends;
  private final String consumer;
  private final Clock clock;
  private Pool pg;
  private Redis redis;
  private ConsumerGroupReader reader;
  private SessionBilling billing;
  private long sweepTimer = -1;
  private boolean sweeping;
  private boolean stopped;

  public BillingVerticle(BillingOptions options, Backends backends, String nodeId) {
    this(options, backends, nodeId, Clock.systemUTC());
  }

  public BillingVerticle(BillingOptions options, Backends backends, String nodeId, Clock clock) {
    this.options = Objects.requireNonNull(options);
    this.backends = Objects.requireNonNull(backends);
    this.consumer = Objects.requireNonNull(nodeId);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Completes at once; the loops start in the background and survive backend outages. */
  @Override
  public Future<?> start() {
    pg = PgClients.pool(vertx, backends.pgUrl(), 4);
    redis = RedisClients.client(vertx, backends.redisUrl(), 4);
    billing = new SessionBilling(pg);
    // One entry at a time, acknowledged only after its CDR is committed; claims retry the rest.
    reader = ConsumerGroupReader.eachEntry(vertx, redis, redis,
        ConsumerGroupReader.Options.of(RedisKeys.EVENTS, options.group(), consumer)
            .withBatch(options.batch()).withBlock(BLOCK).withRetryDelay(RETRY)
            .claimingAfter(options.claimAfter(), options.claimAfter()),
        this::process);
    reader.startInBackground();
    sweepTimer = vertx.setPeriodic(Math.min(2_000, options.sweepInterval().toMillis()),
        options.sweepInterval().toMillis(), id -> sweep());
    return Future.succeededFuture();
  }

  /** Runs one sweep now (also used by tests); completes with the number of CDRs written. */
  public Future<Integer> sweep() {
    if (sweeping || stopped) {
      return Future.succeededFuture(0);
    }
    sweeping = true;
    OffsetDateTime before = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
        .minus(options.sweepDelay());
    return sweepBatches(before, 0)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("billing sweep priced {} session(s) without a transaction", n);
          }
        })
        .onFailure(e -> LOG.warn("billing sweep failed: {}", e.getMessage()))
        .eventually(() -> {
          sweeping = false;
          return Future.succeededFuture();
        });
  }

  /**
   * One batch of unpriced sessions after another while a full batch comes back and prices something:
   * after a Redis outage (the session.completed events of that time lost) the backlog is priced in
   * one sweep rather than one batch a minute.
   */
  private Future<Integer> sweepBatches(OffsetDateTime before, int pricedSoFar) {
    return billing.unpriced(before, options.batch())
        .compose(ids -> sequentially(ids, 0, 0).compose(priced -> {
          int total = pricedSoFar + priced;
          return ids.size() >= options.batch() && priced > 0 && !stopped
              ? sweepBatches(before, total) : Future.succeededFuture(total);
        }));
  }

  private Future<Integer> sequentially(List<UUID> ids, int index, int priced) {
    if (index >= ids.size() || stopped) {
      return Future.succeededFuture(priced);
    }
    return billing.bill(ids.get(index)).compose(outcome ->
        sequentially(ids, index + 1, priced + (outcome == SessionBilling.Outcome.PRICED ? 1 : 0)));
  }

  private Future<Void> process(StreamEntry entry) {
    if (!EventType.SESSION_COMPLETED.wire().equals(entry.field("type"))) {
      return Future.succeededFuture();
    }
    JsonObject data = data(entry);
    if (data.getBoolean("orphan", false)) {
      return Future.succeededFuture();
    }
    UUID sessionId;
    try {
      sessionId = UUID.fromString(data.getString("sessionId", ""));
    } catch (IllegalArgumentException e) {
      LOG.warn("session.completed entry {} without a session id, skipped", entry.id());
      return Future.succeededFuture();
    }
    return billing.bill(sessionId).map(outcome -> {
      LOG.debug("session {} billing outcome {}", sessionId, outcome);
      return null;
    });
  }

  /** The entry's data; a malformed one reads as empty (and is acknowledged unpriced; the sweep catches up). */
  private static JsonObject data(StreamEntry entry) {
    String raw = entry.field("data");
    if (raw == null) {
      return new JsonObject();
    }
    try {
      return new JsonObject(raw);
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(sweepTimer);
    Future<Void> closing = reader != null ? reader.stop() : Future.succeededFuture();
    return closing
        .eventually(() -> redis.close())
        .eventually(() -> pg.close());
  }
}
