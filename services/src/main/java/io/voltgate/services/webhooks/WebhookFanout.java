package io.voltgate.services.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.services.events.StreamEvent;
import io.voltgate.store.pg.WebhookOutbox;
import io.voltgate.store.redis.ConsumerGroupReader;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.StreamEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns stream events into durable webhook deliveries (the outbox in Postgres). Reads
 * {@code vg:events} in the consumer group {@code webhooks}, so several API nodes share the work;
 * a batch is acknowledged only after its deliveries are committed (idempotent per subscription and
 * event id), a (re)started consumer first re-reads its own unacknowledged entries, and entries a
 * dead node left unacknowledged are claimed after a minute.
 */
final class WebhookFanout {

  static final String GROUP = "webhooks";
  private static final int BATCH = 200;
  private static final Duration BLOCK = Duration.ofSeconds(2);
  private static final Duration CLAIM_IDLE = Duration.ofMinutes(1);

  private final Pool pg;
  private final int maxAttempts;
  private final Runnable onNewDeliveries;
  private final ConsumerGroupReader reader;

  WebhookFanout(Vertx vertx, Pool pg, Redis redis, Redis reader, String consumer, int maxAttempts, Runnable onNewDeliveries) {
    this.pg = Objects.requireNonNull(pg);
    this.maxAttempts = maxAttempts;
    this.onNewDeliveries = Objects.requireNonNull(onNewDeliveries);
    this.reader = ConsumerGroupReader.batches(vertx, redis, reader,
        ConsumerGroupReader.Options.of(RedisKeys.EVENTS, GROUP, consumer).withBatch(BATCH).withBlock(BLOCK)
            .claimingAfter(CLAIM_IDLE, CLAIM_IDLE.dividedBy(2)).readingOwnPendingFirst(),
        this::store);
  }

  /** Fails when the group cannot be created or Redis not reached. */
  Future<Void> start() {
    return reader.start();
  }

  /** One batch → its deliveries, in one Postgres batch; trimmed and unaddressed entries are skipped. */
  private Future<Void> store(List<StreamEntry> entries) {
    List<WebhookOutbox.Event> rows = new ArrayList<>();
    for (StreamEntry entry : entries) {
      if (entry.trimmed()) {
        continue;
      }
      StreamEvent e = StreamEvent.from(entry);
      if (e.type() == null || e.networkId() == null) {
        continue;
      }
      rows.add(new WebhookOutbox.Event(e.eventId() == null ? e.streamId() : e.eventId(), e.type(), e.toJson(),
          e.networkId(), maxAttempts));
    }
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    return WebhookOutbox.enqueue(pg, rows)
        // Committed: the dispatcher may start on them while the batch is being acknowledged.
        .onSuccess(v -> onNewDeliveries.run())
        .mapEmpty();
  }

  Future<Void> stop() {
    return reader.stop();
  }
}
