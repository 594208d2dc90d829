package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook outbox: an event becomes one pending delivery per active subscription of its network
 * (or of every network) that asks for its type, whichever API family the subscription was made in.
 * Idempotent per subscription and event id, so a re-read event is never delivered twice.
 *
 * <p>A batch first reads the active subscriptions of its networks (one query), matches them here and
 * writes only the deliveries there are: a fleet's status events that nobody subscribed to cost one
 * read per batch, not one insert statement per event.
 */
public final class WebhookOutbox {

  /** An event to deliver. */
  public record Event(String eventId, String type, JsonObject payload, UUID networkId, int maxAttempts) {
  }

  /** An active subscription: its network (null = every network) and the event types it asks for. */
  private record Subscription(UUID id, UUID networkId, Set<String> events) {

    boolean wants(Event e) {
      return (networkId == null || networkId.equals(e.networkId()))
          && (events.contains("*") || events.contains(e.type()));
    }
  }

  private static final String SUBSCRIPTIONS = "SELECT id, network_id, events FROM webhook_subscriptions"
      + " WHERE deleted_at IS NULL AND is_active AND (network_id IS NULL OR network_id = ANY($1))";

  private static final String INSERT = "INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type,"
      + " payload, max_attempts) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)"
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
    UUID[] networks = events.stream().map(Event::networkId).distinct().toArray(UUID[]::new);
    return client.preparedQuery(SUBSCRIPTIONS).execute(Tuple.of(networks))
        .compose(rows -> {
          List<Subscription> subscriptions = new ArrayList<>();
          for (Row r : rows) {
            subscriptions.add(new Subscription(r.getUUID("id"), r.getUUID("network_id"),
                new LinkedHashSet<>(List.of(r.getArrayOfStrings("events")))));
          }
          List<Tuple> deliveries = new ArrayList<>();
          for (Event e : events) {
            for (Subscription s : subscriptions) {
              if (s.wants(e)) {
                deliveries.add(Tuple.of(s.id(), e.eventId(), e.type(), e.payload(), e.maxAttempts()));
              }
            }
          }
          return deliveries.isEmpty() ? Future.succeededFuture()
              : client.preparedQuery(INSERT).executeBatch(deliveries).mapEmpty();
        });
  }
}
