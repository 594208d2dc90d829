package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * The webhook outbox: an event becomes one pending delivery per active subscription of its network
 * (or of every network) that asks for its type, whichever API family the subscription was made in.
 * Idempotent per subscription and event id, so a re-read event is never delivered twice.
 */
public final class WebhookOutbox {

  /** An event to deliver. */
  public record Event(String eventId, String type, JsonObject payload, UUID networkId, int maxAttempts) {
  }

  private static final String ENQUEUE = "INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type,"
      + " payload, max_attempts) SELECT gen_random_uuid(), w.id, $1, $2, $3, $5 FROM webhook_subscriptions w"
      + " WHERE w.deleted_at IS NULL AND w.is_active"
      + " AND (w.network_id IS NULL OR w.network_id = $4) AND ('*' = ANY(w.events) OR $2 = ANY(w.events))"
      + " ON CONFLICT (subscription_id, event_id) DO NOTHING";

  private WebhookOutbox() {
  }

  /**
   * Enqueues the events' deliveries through {@code client} (a pool, or a connection inside the
   * caller's transaction).
   */
  public static Future<Void> enqueue(SqlClient client, List<Event> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(ENQUEUE)
        .executeBatch(events.stream()
            .map(e -> Tuple.of(e.eventId(), e.type(), e.payload(), e.networkId(), e.maxAttempts())).toList())
        .mapEmpty();
  }
}
