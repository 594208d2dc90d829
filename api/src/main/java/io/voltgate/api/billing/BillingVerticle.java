package io.voltgate.api.billing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.Backends;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices completed sessions into CDRs, two ways:
 * <ol>
 *   <li>the event stream: a blocking {@code XREADGROUP} loop (group {@link BillingOptions#group()},
 *       consumer = node id) on a dedicated connection; {@code session.completed} entries are priced and
 *       acknowledged ({@code XACK}) only after the CDR is committed; other entries are acknowledged at
 *       once. Entries left unacknowledged (a node died, Postgres failed) are claimed with
 *       {@code XAUTOCLAIM} after {@link BillingOptions#claimAfter()} and retried;</li>
 *   <li>a periodic sweep of completed sessions without a CDR (downtime, a trimmed stream).</li>
 * </ol>
 * Both are safe on any number of API nodes: a CDR is written at most once per session.
 */
public final class BillingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BillingVerticle.class);
  private static final int BLOCK_MS = 5_000;
  private static final long RETRY_MS = 1_000;

  private final BillingOptions options;
  private final Backends backends;
  private final String consumer;
  private final Clock clock;
  private Pool pg;
  private Redis redis;
  private RedisConnection reader;
  private SessionBilling billing;
  private long sweepTimer = -1;
  private long claimTimer = -1;
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
    connectAndRead();
    sweepTimer = vertx.setPeriodic(Math.min(2_000, options.sweepInterval().toMillis()),
        options.sweepInterval().toMillis(), id -> sweep());
    claimTimer = vertx.setPeriodic(options.claimAfter().toMillis(), id -> claim());
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
    return billing.unpriced(before, options.batch())
        .compose(ids -> sequentially(ids, 0, 0))
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

  private Future<Integer> sequentially(List<UUID> ids, int index, int priced) {
    if (index >= ids.size() || stopped) {
      return Future.succeededFuture(priced);
    }
    return billing.bill(ids.get(index)).compose(outcome ->
        sequentially(ids, index + 1, priced + (outcome == SessionBilling.Outcome.PRICED ? 1 : 0)));
  }

  private void connectAndRead() {
    if (stopped) {
      return;
    }
    redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RedisKeys.EVENTS).arg(options.group()).arg("$")
            .arg("MKSTREAM"))
        .recover(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP")
            ? Future.succeededFuture() : Future.failedFuture(e))
        .compose(v -> redis.connect())
        .onSuccess(conn -> {
          reader = conn;
          read();
        })
        .onFailure(e -> retry("connect", e));
  }

  private void read() {
    if (stopped) {
      return;
    }
    reader.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(options.group()).arg(consumer)
            .arg("COUNT").arg(options.batch()).arg("BLOCK").arg(BLOCK_MS)
            .arg("STREAMS").arg(RedisKeys.EVENTS).arg(">"))
        .compose(result -> handle(entries(result)))
        .onSuccess(v -> read())
        .onFailure(e -> retry("read", e));
  }

  private void retry(String phase, Throwable e) {
    if (stopped) {
      return;
    }
    LOG.warn("billing stream {} failed, retrying in {} ms: {}", phase, RETRY_MS, e.getMessage());
    if (reader != null) {
      reader.close();
      reader = null;
    }
    vertx.setTimer(RETRY_MS, id -> connectAndRead());
  }

  /** Retries entries another consumer (or this one) received but never acknowledged. */
  private void claim() {
    if (stopped) {
      return;
    }
    redis.send(Request.cmd(Command.XAUTOCLAIM).arg(RedisKeys.EVENTS).arg(options.group()).arg(consumer)
            .arg(options.claimAfter().toMillis()).arg("0-0").arg("COUNT").arg(options.batch()))
        .compose(result -> handle(result == null || result.size() < 2 ? List.of() : list(result.get(1))))
        .onFailure(e -> LOG.debug("billing claim failed: {}", e.getMessage()));
  }

  /** Prices each entry in turn; stops at the first failure, leaving the rest pending. */
  private Future<Void> handle(List<Response> entries) {
    Future<Void> chain = Future.succeededFuture();
    for (Response raw : entries) {
      chain = chain.compose(v -> {
        if (raw == null) {
          return Future.succeededFuture();
        }
        StreamEntry entry = StreamEntry.from(raw);
        return process(entry).compose(ok -> ack(entry.streamId()));
      });
    }
    return chain;
  }

  private Future<Void> process(StreamEntry entry) {
    if (!"session.completed".equals(entry.type()) || entry.data().getBoolean("orphan", false)) {
      return Future.succeededFuture();
    }
    UUID sessionId;
    try {
      sessionId = UUID.fromString(entry.data().getString("sessionId", ""));
    } catch (IllegalArgumentException e) {
      LOG.warn("session.completed entry {} without a session id, skipped", entry.streamId());
      return Future.succeededFuture();
    }
    return billing.bill(sessionId).map(outcome -> {
      LOG.debug("session {} billing outcome {}", sessionId, outcome);
      return null;
    });
  }

  private Future<Void> ack(String streamId) {
    return redis.send(Request.cmd(Command.XACK).arg(RedisKeys.EVENTS).arg(options.group()).arg(streamId)).mapEmpty();
  }

  /** The entries of {@code vg:events} in an XREADGROUP reply (RESP2 array or RESP3 map). */
  private static List<Response> entries(Response result) {
    if (result == null) {
      return List.of();
    }
    if (result.isMap()) {
      return list(result.get(RedisKeys.EVENTS));
    }
    for (Response stream : result) {
      if (stream != null && stream.size() == 2 && RedisKeys.EVENTS.equals(stream.get(0).toString())) {
        return list(stream.get(1));
      }
    }
    return List.of();
  }

  private static List<Response> list(Response array) {
    List<Response> out = new ArrayList<>();
    if (array != null) {
      array.forEach(out::add);
    }
    return out;
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(claimTimer);
    Future<Void> closing = reader != null ? reader.close() : Future.succeededFuture();
    return closing.recover(e -> Future.succeededFuture())
        .eventually(() -> redis.close())
        .eventually(() -> pg.close());
  }
}
