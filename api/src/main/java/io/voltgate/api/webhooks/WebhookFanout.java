package io.voltgate.api.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.sse.StreamEvent;
import io.voltgate.store.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stream events into durable webhook deliveries (the outbox in Postgres). Reads
 * {@code vg:events} in the consumer group {@code webhooks}, so several API nodes share the work;
 * an entry is acknowledged only after its deliveries are committed (idempotent per subscription and
 * event id), and entries a dead node left unacknowledged are claimed after a minute.
 */
final class WebhookFanout {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookFanout.class);
  static final String GROUP = "webhooks";
  private static final int BATCH = 200;
  private static final int BLOCK_MS = 2_000;
  private static final long CLAIM_IDLE_MS = 60_000;

  private final Vertx vertx;
  private final Pool pg;
  private final Redis redis;
  private final Redis reader;
  private final String consumer;
  private final int maxAttempts;
  private final Runnable onNewDeliveries;
  private RedisConnection connection;
  private boolean stopped;
  private long claimTimer = -1;

  WebhookFanout(Vertx vertx, Pool pg, Redis redis, Redis reader, String consumer, int maxAttempts, Runnable onNewDeliveries) {
    this.vertx = Objects.requireNonNull(vertx);
    this.pg = Objects.requireNonNull(pg);
    this.redis = Objects.requireNonNull(redis);
    this.reader = Objects.requireNonNull(reader);
    this.consumer = Objects.requireNonNull(consumer);
    this.maxAttempts = maxAttempts;
    this.onNewDeliveries = Objects.requireNonNull(onNewDeliveries);
  }

  Future<Void> start() {
    return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RedisKeys.EVENTS).arg(GROUP).arg("$").arg("MKSTREAM"))
        .recover(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(e))
        .compose(ok -> reader.connect())
        .onSuccess(conn -> {
          connection = conn;
          // First our own unacknowledged entries (a restart mid-fan-out), then new ones.
          read("0");
          claimTimer = vertx.setPeriodic(CLAIM_IDLE_MS / 2, id -> claimStale());
        })
        .mapEmpty();
  }

  private void read(String from) {
    if (stopped) {
      return;
    }
    Request xread = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(consumer).arg("COUNT").arg(BATCH);
    if (">".equals(from)) {
      xread.arg("BLOCK").arg(BLOCK_MS);
    }
    connection.send(xread.arg("STREAMS").arg(RedisKeys.EVENTS).arg(from))
        .compose(result -> {
          List<Response> entries = entries(result);
          return process(entries).map(entries.size());
        })
        .onSuccess(n -> read(">".equals(from) || n == 0 ? ">" : "0"))
        .onFailure(e -> {
          if (!stopped) {
            LOG.warn("webhook fan-out read failed, retrying: {}", e.getMessage());
            vertx.setTimer(1_000, t -> read(from));
          }
        });
  }

  private void claimStale() {
    redis.send(Request.cmd(Command.XAUTOCLAIM).arg(RedisKeys.EVENTS).arg(GROUP).arg(consumer).arg(CLAIM_IDLE_MS)
            .arg("0-0").arg("COUNT").arg(BATCH))
        .compose(r -> r == null || r.size() < 2 ? Future.succeededFuture() : process(list(r.get(1))))
        .onFailure(e -> LOG.debug("claiming stale webhook events failed: {}", e.getMessage()));
  }

  private Future<Void> process(List<Response> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Response entry : entries) {
      ids.add(entry.get(0).toString());
      if (entry.get(1) == null) {
        continue; // trimmed from the stream meanwhile
      }
      StreamEvent e = StreamEvent.from(entry);
      if (e.type() == null || e.networkId() == null) {
        continue;
      }
      rows.add(Tuple.of(e.eventId() == null ? e.streamId() : e.eventId(), e.type(), e.toJson(), e.networkId(), maxAttempts));
    }
    Future<Void> stored = rows.isEmpty() ? Future.succeededFuture()
        : pg.preparedQuery("INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, payload, max_attempts)"
                + " SELECT gen_random_uuid(), w.id, $1, $2, $3, $5 FROM webhook_subscriptions w"
                + " WHERE w.deleted_at IS NULL AND w.is_active AND w.family = 'cpms'"
                + " AND (w.network_id IS NULL OR w.network_id = $4) AND ('*' = ANY(w.events) OR $2 = ANY(w.events))"
                + " ON CONFLICT (subscription_id, event_id) DO NOTHING")
            .executeBatch(rows).mapEmpty();
    return stored.compose(v -> {
      Request ack = Request.cmd(Command.XACK).arg(RedisKeys.EVENTS).arg(GROUP);
      ids.forEach(ack::arg);
      return redis.send(ack);
    }).onSuccess(v -> {
      if (!rows.isEmpty()) {
        onNewDeliveries.run();
      }
    }).mapEmpty();
  }

  /** XREADGROUP's answer (RESP2 array or RESP3 map) → the entries of vg:events. */
  private static List<Response> entries(Response result) {
    if (result == null) {
      return List.of();
    }
    Response entries;
    if (result.getKeys() != null && result.getKeys().contains(RedisKeys.EVENTS)) {
      entries = result.get(RedisKeys.EVENTS);
    } else {
      entries = result.size() > 0 ? result.get(0).get(1) : null;
    }
    return list(entries);
  }

  private static List<Response> list(Response r) {
    List<Response> out = new ArrayList<>();
    if (r != null) {
      for (Response x : r) {
        out.add(x);
      }
    }
    return out;
  }

  Future<Void> stop() {
    stopped = true;
    if (claimTimer >= 0) {
      vertx.cancelTimer(claimTimer);
    }
    return connection == null ? Future.succeededFuture() : connection.close();
  }
}
