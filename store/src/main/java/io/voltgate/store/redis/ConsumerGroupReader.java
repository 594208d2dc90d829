package io.voltgate.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a Redis stream consumer group, non-blocking: a {@code XREADGROUP ... BLOCK} loop
 * on a dedicated connection (a blocked read would hold up every other command on a shared one),
 * entries handed to a handler, {@code XACK} after the handler succeeded, and, when asked to, a
 * periodic {@code XAUTOCLAIM} of entries left pending too long (their consumer died, or the
 * handler failed) so they are handled again. Reads both RESP2 and RESP3 reply shapes.
 *
 * <p>The group is created at the stream's end ({@code $}) if missing when the reader first starts
 * (at its start, {@code 0}, when the stream does not exist yet: {@code MKSTREAM}). A failed read or
 * handler closes the connection; after {@link Options#retryDelay()} the group is ensured again and reading resumes on a new connection, so
 * the loop outlives Redis restarts. A group found missing then was lost with Redis's data (a restart
 * without persistence): it is created again at the stream's <em>start</em> ({@code 0}), since every
 * entry the stream holds now was appended after the loss and none was read by the group (entries
 * appended while the group did not exist, such as spooled events republished at once, would be
 * skipped by {@code $}). Consumers deduplicate by event id, so an entry read twice is harmless.
 * Entries whose handler failed stay pending: only a claim (or a restart reading its own pending
 * entries first) delivers them again.
 *
 * <p>All methods are called on the owning verticle's context.
 */
public final class ConsumerGroupReader {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupReader.class);
  /**
   * Creates the group (KEYS[1] stream, ARGV[1] group) at ARGV[2], or at {@code 0} when the stream does
   * not exist yet: then nothing is skipped, not even an entry appended between this and the first read.
   * Fails with BUSYGROUP when the group exists.
   */
  private static final String CREATE_GROUP = "if redis.call('EXISTS', KEYS[1]) == 0 then"
      + " return redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM') end"
      + " return redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], ARGV[2], 'MKSTREAM')";

  /** Handles a batch; the whole batch is acknowledged once the returned future succeeds. */
  @FunctionalInterface
  public interface BatchHandler {
    Future<Void> handle(List<StreamEntry> entries);
  }

  /** Handles one entry; it is acknowledged once the returned future succeeds. */
  @FunctionalInterface
  public interface EntryHandler {
    Future<Void> handle(StreamEntry entry);
  }

  /**
   * @param stream the stream key
   * @param group the consumer group
   * @param consumer this consumer's name in the group (the node id: a restarted node finds its own
   *     pending entries again)
   * @param batch {@code COUNT} of each read and claim, 1..10,000
   * @param block how long a read of new entries waits ({@code BLOCK}), 1 ms..60 s
   * @param claimIdle an entry pending this long is claimed and handled again; null: never claim
   * @param claimEvery how often to claim
   * @param ownPendingFirst on (re)connecting, first re-read this consumer's own pending entries
   *     ({@code 0}) until none are left, then new ones ({@code >})
   * @param retryDelay wait after a failure before reconnecting
   */
  public record Options(String stream, String group, String consumer, int batch, Duration block,
      Duration claimIdle, Duration claimEvery, boolean ownPendingFirst, Duration retryDelay) {

    public Options {
      Objects.requireNonNull(stream);
      Objects.requireNonNull(group);
      Objects.requireNonNull(consumer);
      if (batch < 1 || batch > 10_000) {
        throw new IllegalArgumentException("batch must be 1..10000, got " + batch);
      }
      if (block.toMillis() < 1 || block.toMillis() > 60_000) {
        throw new IllegalArgumentException("block must be 1 ms..60 s, got " + block);
      }
      if (claimIdle != null && (claimIdle.toMillis() < 1 || claimEvery == null || claimEvery.toMillis() < 1)) {
        throw new IllegalArgumentException("claiming needs a positive idle time and period");
      }
      Objects.requireNonNull(retryDelay);
    }

    /** Batches of 100, a 2 s block, no claiming, new entries only, 1 s between retries. */
    public static Options of(String stream, String group, String consumer) {
      return new Options(stream, group, consumer, 100, Duration.ofSeconds(2), null, null, false, Duration.ofSeconds(1));
    }

    public Options withBatch(int n) {
      return new Options(stream, group, consumer, n, block, claimIdle, claimEvery, ownPendingFirst, retryDelay);
    }

    public Options withBlock(Duration d) {
      return new Options(stream, group, consumer, batch, d, claimIdle, claimEvery, ownPendingFirst, retryDelay);
    }

    /** Claims entries pending at least {@code idle}, checking every {@code every}. */
    public Options claimingAfter(Duration idle, Duration every) {
      return new Options(stream, group, consumer, batch, block, idle, every, ownPendingFirst, retryDelay);
    }

    public Options readingOwnPendingFirst() {
      return new Options(stream, group, consumer, batch, block, claimIdle, claimEvery, true, retryDelay);
    }

    public Options withRetryDelay(Duration d) {
      return new Options(stream, group, consumer, batch, block, claimIdle, claimEvery, ownPendingFirst, d);
    }
  }

  private final Vertx vertx;
  private final Redis commands;
  private final Redis connections;
  private final Options options;
  private final BatchHandler batchHandler;
  private final EntryHandler entryHandler;
  private RedisConnection connection;
  private boolean readingPending;
  private boolean claiming;
  private boolean stopped;
  /** The group has been ensured once: from then on a missing group is re-created at {@code 0}. */
  private boolean groupEnsured;
  private long claimTimer = -1;
  private long retryTimer = -1;

  private ConsumerGroupReader(Vertx vertx, Redis commands, Redis connections, Options options,
      BatchHandler batchHandler, EntryHandler entryHandler) {
    this.vertx = Objects.requireNonNull(vertx);
    this.commands = Objects.requireNonNull(commands);
    this.connections = Objects.requireNonNull(connections);
    this.options = Objects.requireNonNull(options);
    this.batchHandler = batchHandler;
    this.entryHandler = entryHandler;
  }

  /**
   * A reader that hands over whole batches and acknowledges a batch (every entry, trimmed ones
   * included) in one {@code XACK} after its handler succeeded.
   *
   * @param commands client for {@code XGROUP}, {@code XACK}, {@code XAUTOCLAIM}
   * @param connections client the dedicated reading connection is taken from (may be the same)
   */
  public static ConsumerGroupReader batches(Vertx vertx, Redis commands, Redis connections, Options options,
      BatchHandler handler) {
    return new ConsumerGroupReader(vertx, commands, connections, options, Objects.requireNonNull(handler), null);
  }

  /**
   * A reader that hands over entries one at a time, in order, acknowledging each after its handler
   * succeeded; the first failure leaves it and the rest of its batch pending.
   */
  public static ConsumerGroupReader eachEntry(Vertx vertx, Redis commands, Redis connections, Options options,
      EntryHandler handler) {
    return new ConsumerGroupReader(vertx, commands, connections, options, null, Objects.requireNonNull(handler));
  }

  /**
   * Ensures the group, connects and starts reading (and claiming). Fails, leaving nothing running,
   * when the group cannot be created or no connection is had.
   */
  public Future<Void> start() {
    return connect()
        .onSuccess(v -> {
          startClaiming();
          read();
        })
        .onFailure(e -> stopped = true);
  }

  /**
   * Starts without waiting for Redis: claiming begins at once, and a failed first connection is
   * retried every {@link Options#retryDelay()} until it succeeds or the reader is stopped.
   */
  public void startInBackground() {
    startClaiming();
    connectAndRead();
  }

  private void startClaiming() {
    if (options.claimIdle() != null && !stopped) {
      claimTimer = vertx.setPeriodic(options.claimEvery().toMillis(), id -> claim());
    }
  }

  private Future<Void> connect() {
    if (stopped) {
      return Future.failedFuture("stopped");
    }
    String from = groupEnsured ? "0" : "$";
    return commands.send(Request.cmd(Command.EVAL).arg(CREATE_GROUP).arg(1).arg(options.stream())
            .arg(options.group()).arg(from))
        .onSuccess(created -> {
          if (groupEnsured) {
            LOG.info("stream group {} was missing (Redis lost its data): created again from the stream's start",
                options.group());
          }
        })
        .recover(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP")
            ? Future.succeededFuture() : Future.failedFuture(e))
        .onSuccess(v -> groupEnsured = true)
        .compose(v -> connections.connect())
        .compose(conn -> {
          if (stopped) {
            return conn.close().transform(ar -> Future.failedFuture("stopped"));
          }
          connection = conn;
          readingPending = options.ownPendingFirst();
          return Future.succeededFuture();
        });
  }

  private void read() {
    if (stopped) {
      return;
    }
    boolean pending = readingPending;
    Request xread = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(options.group()).arg(options.consumer())
        .arg("COUNT").arg(options.batch());
    if (!pending) {
      // Only new entries are waited for; re-reading our own pending ones answers at once.
      xread.arg("BLOCK").arg(options.block().toMillis());
    }
    xread.arg("STREAMS").arg(options.stream()).arg(pending ? "0" : ">");
    connection.send(xread)
        .compose(reply -> {
          List<StreamEntry> entries = StreamEntry.fromRead(reply, options.stream());
          return deliver(entries).map(entries.size());
        })
        .onSuccess(n -> {
          if (pending && n == 0) {
            readingPending = false;
          }
          read();
        })
        .onFailure(e -> retry("read", e, this::connectAndRead));
  }

  private void connectAndRead() {
    connect().onSuccess(v -> read()).onFailure(e -> retry("connect", e, this::connectAndRead));
  }

  private void retry(String phase, Throwable e, Runnable then) {
    if (stopped) {
      return;
    }
    LOG.warn("stream group {} consumer {}: {} failed, retrying in {} ms: {}", options.group(), options.consumer(),
        phase, options.retryDelay().toMillis(), e.getMessage());
    if (connection != null) {
      connection.close();
      connection = null;
    }
    retryTimer = vertx.setTimer(options.retryDelay().toMillis(), id -> then.run());
  }

  /** Handles entries another consumer (or this one) received but never acknowledged. */
  private void claim() {
    if (stopped || claiming) {
      return;
    }
    claiming = true;
    commands.send(Request.cmd(Command.XAUTOCLAIM).arg(options.stream()).arg(options.group())
            .arg(options.consumer()).arg(options.claimIdle().toMillis()).arg("0-0").arg("COUNT").arg(options.batch()))
        .compose(reply -> deliver(StreamEntry.fromAutoClaim(reply)))
        .onFailure(e -> LOG.debug("stream group {} claim failed: {}", options.group(), e.getMessage()))
        .onComplete(ar -> claiming = false);
  }

  private Future<Void> deliver(List<StreamEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    if (batchHandler != null) {
      return batchHandler.handle(entries).compose(v -> ack(entries));
    }
    Future<Void> chain = Future.succeededFuture();
    for (StreamEntry entry : entries) {
      chain = chain.compose(v -> stopped ? Future.failedFuture("stopped")
          : entryHandler.handle(entry).compose(ok -> ack(List.of(entry))));
    }
    return chain;
  }

  private Future<Void> ack(List<StreamEntry> entries) {
    Request xack = Request.cmd(Command.XACK).arg(options.stream()).arg(options.group());
    entries.forEach(e -> xack.arg(e.id()));
    return commands.send(xack).mapEmpty();
  }

  /** Stops reading and claiming and closes the reading connection; pending entries stay pending. */
  public Future<Void> stop() {
    stopped = true;
    if (claimTimer >= 0) {
      vertx.cancelTimer(claimTimer);
    }
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    RedisConnection c = connection;
    connection = null;
    return c == null ? Future.succeededFuture() : c.close().recover(e -> Future.succeededFuture());
  }
}
