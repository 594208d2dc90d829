package io.voltgate.api.sse;

import io.voltgate.services.events.EventFilter;
import io.voltgate.services.events.StreamEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.store.redis.RedisKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events from the Redis event stream, for one HTTP verticle (event loop). A single
 * blocking XREAD loop on a dedicated connection fans new entries out to the local subscribers;
 * {@code Last-Event-ID} replays the missed entries with XRANGE before the client joins the live
 * feed (live entries that arrive meanwhile are queued and de-duplicated by stream id). Every gateway
 * node appends to the same stream, so every API node sees every node's events.
 */
public final class EventFeed {

  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
  static final long HEARTBEAT_MS = 15_000;
  private static final int BLOCK_MS = 5_000;
  private static final int BATCH = 1_000;

  private final Vertx vertx;
  private final Redis reader;
  private final Redis redis;
  private final List<SseClient> clients = new ArrayList<>();
  private final OpenStreams open;
  /** How to take each client out of {@link #open} again. */
  private final Map<SseClient, Runnable> forget = new HashMap<>();
  private final io.voltgate.api.ops.SseMetrics metrics;
  private final Clock clock;
  private RedisConnection connection;
  private String lastId;
  private boolean running;
  private boolean stopped;
  private long heartbeatTimer = -1;

  /**
   * @param reader a client used only for the blocking XREAD connection
   * @param redis the verticle's shared client (replays)
   */
  public EventFeed(Vertx vertx, Redis reader, Redis redis) {
    this(vertx, reader, redis, null);
  }

  /** @param metrics counts open streams ({@code voltgate_sse_clients}); may be null */
  public EventFeed(Vertx vertx, Redis reader, Redis redis, io.voltgate.api.ops.SseMetrics metrics) {
    this(vertx, reader, redis, metrics, Clock.systemUTC());
  }

  /** @param clock tells when a stream's key has expired */
  public EventFeed(Vertx vertx, Redis reader, Redis redis, io.voltgate.api.ops.SseMetrics metrics, Clock clock) {
    this(vertx, reader, redis, metrics, clock, new OpenStreams());
  }

  /** @param open where each stream is recorded by its API key, so that revoking the key ends it */
  public EventFeed(Vertx vertx, Redis reader, Redis redis, io.voltgate.api.ops.SseMetrics metrics, Clock clock,
      OpenStreams open) {
    this.open = Objects.requireNonNull(open);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = metrics;
    this.vertx = Objects.requireNonNull(vertx);
    this.reader = Objects.requireNonNull(reader);
    this.redis = Objects.requireNonNull(redis);
  }

  /** Number of connected subscribers on this event loop. */
  public int clients() {
    return clients.size();
  }

  /**
   * Starts streaming to a response that already has its SSE headers.
   *
   * @param principal the caller, whose key's revocation or expiry ends the stream
   * @param filter which events the caller receives
   */
  public Future<Void> subscribe(HttpServerResponse response, ApiPrincipal principal, EventFilter filter,
      String lastEventId) {
    SseClient client = new SseClient(response, principal, filter, lastEventId);
    clients.add(client);
    forget.put(client, open.add(client.keyId(), () -> {
      client.comment("API key revoked");
      drop(client);
    }));
    if (metrics != null) {
      metrics.opened();
    }
    response.closeHandler(v -> drop(client));
    response.write("retry: 3000\n\n");
    ensureRunning();
    if (lastEventId == null) {
      client.replayDone();
      return Future.succeededFuture();
    }
    return replay(client, lastEventId).onComplete(ar -> client.replayDone());
  }

  /** Ends a stream and forgets it (once, however often it is ended). */
  private void drop(SseClient client) {
    client.close();
    clients.remove(client);
    Runnable out = forget.remove(client);
    if (out != null) {
      out.run();
    }
    if (client.release() && metrics != null) {
      metrics.closed();
    }
  }

  private Future<Void> replay(SseClient client, String after) {
    return redis.send(Request.cmd(Command.XRANGE).arg(RedisKeys.EVENTS).arg("(" + after).arg("+").arg("COUNT").arg(BATCH))
        .compose(range -> {
          if (range == null || range.size() == 0 || client.closed()) {
            return Future.succeededFuture();
          }
          String last = after;
          for (Response entry : range) {
            StreamEvent e = StreamEvent.from(entry);
            if (!client.send(e)) {
              return Future.succeededFuture();
            }
            last = e.streamId();
          }
          return range.size() < BATCH ? Future.succeededFuture() : replay(client, last);
        });
  }

  private void ensureRunning() {
    if (running || stopped) {
      return;
    }
    running = true;
    if (heartbeatTimer < 0) {
      startHeartbeats();
    }
    // A feed that ran before (Redis went away) resumes after its last entry, never at the newest one:
    // entries appended since, such as spooled events republished after a restart, are not skipped.
    Future<String> from = lastId != null ? Future.succeededFuture(lastId)
        : redis.send(Request.cmd(Command.XREVRANGE).arg(RedisKeys.EVENTS).arg("+").arg("-").arg("COUNT").arg(1))
            .map(r -> r == null || r.size() == 0 ? "0-0" : r.get(0).get(0).toString());
    from
        .compose(start -> {
          lastId = start;
          return reader.connect();
        })
        .onSuccess(conn -> {
          connection = conn;
          readLoop();
        })
        .onFailure(e -> restart("start", e));
  }

  /** One timer for the feed's life: keep-alives, and streams whose key or token expired end. */
  private void startHeartbeats() {
    heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MS, id -> {
      // An expiry needs no message: a stream outliving its key ends at the next heartbeat.
      Instant now = clock.instant();
      List.copyOf(clients).stream().filter(c -> c.keyExpiredAt(now)).forEach(c -> {
        c.comment("API key expired");
        drop(c);
      });
      List.copyOf(clients).stream().filter(c -> c.driverTokenExpiredAt(now)).forEach(c -> {
        c.comment("access token expired: reconnect with a fresh one and Last-Event-ID");
        drop(c);
      });
      // Dropped, not just removed: a stream closed before its close handler was set still stops its filter.
      List.copyOf(clients).stream().filter(SseClient::closed).forEach(this::drop);
      clients.forEach(c -> c.comment("keep-alive"));
    });
  }

  private void readLoop() {
    if (stopped) {
      return;
    }
    connection.send(Request.cmd(Command.XREAD).arg("COUNT").arg(BATCH).arg("BLOCK").arg(BLOCK_MS)
            .arg("STREAMS").arg(RedisKeys.EVENTS).arg(lastId))
        .onSuccess(result -> {
          if (result != null) {
            for (Response stream : result) {
              Response entries = stream.size() == 2 && stream.get(1) != null ? stream.get(1)
                  : result.get(RedisKeys.EVENTS);
              dispatch(entries);
            }
          }
          readLoop();
        })
        .onFailure(e -> restart("read", e));
  }

  private void dispatch(Response entries) {
    if (entries == null) {
      return;
    }
    for (Response entry : entries) {
      StreamEvent e;
      try {
        e = StreamEvent.from(entry);
      } catch (RuntimeException bad) {
        LOG.warn("skipping malformed event stream entry: {}", bad.getMessage());
        continue;
      }
      lastId = e.streamId();
      // Dropped, not just removed: the stream is counted as closed (voltgate_sse_clients) at once.
      for (SseClient c : List.copyOf(clients)) {
        if (!c.offer(e)) {
          if (c.slow()) {
            LOG.debug("SSE client of key {} dropped: its write queue was full (it stopped reading)", c.keyId());
          }
          drop(c);
        }
      }
    }
  }

  private void restart(String phase, Throwable e) {
    if (stopped) {
      return;
    }
    LOG.warn("event feed {} failed, retrying in 1 s: {}", phase, e.getMessage());
    if (connection != null) {
      connection.close();
      connection = null;
    }
    running = false;
    vertx.setTimer(1_000, id -> {
      if (connection == null && lastId != null && !stopped) {
        running = true;
        reader.connect().onSuccess(conn -> {
          connection = conn;
          readLoop();
        }).onFailure(err -> restart("reconnect", err));
      } else {
        ensureRunning();
      }
    });
  }

  /** Ends every stream and the read loop. */
  public Future<Void> stop() {
    stopped = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    clients.forEach(SseClient::close);
    clients.clear();
    Promise<Void> done = Promise.promise();
    if (connection != null) {
      connection.close().onComplete(ar -> done.complete());
    } else {
      done.complete();
    }
    return done.future();
  }
}
