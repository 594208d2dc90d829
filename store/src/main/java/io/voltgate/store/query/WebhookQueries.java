package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhook subscriptions of one API family ({@code cpms}, {@code emsp}) within a scope, and their
 * deliveries. Each family sees only the subscriptions made through it; delivery does not care which
 * family made a subscription ({@code WebhookOutbox}). A subscription of all networks
 * ({@code network_id} null) is visible to an unrestricted scope only.
 */
public final class WebhookQueries {

  private static final String COLUMNS = "id, network_id, url, events, description, is_active, consecutive_failures,"
      + " disabled_at, disabled_reason, created_at, updated_at";

  private static final String DELIVERY_COLUMNS = "id, event_id, event_type, status, http_status, attempts,"
      + " max_attempts, duration_ms, next_retry_at, created_at, completed_at, last_error";

  private final Pool pg;
  /** The API family whose subscriptions these are ({@code webhook_subscriptions.family}). */
  private final String family;

  /** The operator ({@code cpms}) family's subscriptions. */
  public WebhookQueries(Pool pg) {
    this(pg, "cpms");
  }

  /** @param family the API family whose subscriptions these are: lower-case letters, written into the SQL */
  public WebhookQueries(Pool pg, String family) {
    this.pg = Objects.requireNonNull(pg);
    if (!family.matches("[a-z]{2,16}")) {
      throw new IllegalArgumentException("not a family name: " + family);
    }
    this.family = family;
  }

  /** Subscriptions the scope ($1) may touch. */
  private String visible(Scope scope) {
    return "deleted_at IS NULL AND family = '" + family + "' AND " + scope.networkPredicate("network_id", 1);
  }

  /** A subscription; {@code networkId} null for all networks. */
  public record Subscription(UUID id, UUID networkId, String url, List<String> events, String description,
      boolean active, int consecutiveFailures, OffsetDateTime disabledAt, String disabledReason,
      OffsetDateTime createdAt, OffsetDateTime updatedAt) {
  }

  /** The scope's subscriptions, oldest first. */
  public Future<List<Subscription>> list(Scope scope) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE " + visible(scope) + " ORDER BY created_at, id")
        .execute(Tuple.of(scope.networkBind()))
        .map(rows -> {
          List<Subscription> out = new ArrayList<>();
          rows.forEach(r -> out.add(toSubscription(r)));
          return out;
        });
  }

  /** Whether the subscription is the scope's. */
  public Future<Boolean> visible(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT 1 FROM webhook_subscriptions WHERE id = $2 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(rows -> rows.size() > 0);
  }

  /** Creates a subscription on a network already resolved within the caller's scope (null: all networks). */
  public Future<Subscription> create(UUID id, UUID network, String url, List<String> events, String description,
      String sealedSecret) {
    return pg.preparedQuery("INSERT INTO webhook_subscriptions (id, network_id, family, url, events,"
            + " description, secret_encrypted) VALUES ($1, $2, $7, $3, $4, $5, $6) RETURNING " + COLUMNS)
        .execute(Tuple.from(new Object[] {id, network, url, events.toArray(new String[0]), description, sealedSecret,
            family}))
        .map(rows -> toSubscription(rows.iterator().next()));
  }

  /**
   * A partial update: null url, events or active leave the field; the description changes when
   * {@code setDescription}. Re-enabling clears the failure streak and the disable note.
   */
  public Future<Optional<Subscription>> update(Scope scope, UUID id, String url, List<String> events,
      boolean setDescription, String description, Boolean active) {
    return pg.preparedQuery("UPDATE webhook_subscriptions SET"
            + " url = COALESCE($3, url), events = COALESCE($4, events),"
            + " description = CASE WHEN $5 THEN $6 ELSE description END,"
            + " is_active = COALESCE($7, is_active),"
            + " consecutive_failures = CASE WHEN $7 IS TRUE THEN 0 ELSE consecutive_failures END,"
            + " disabled_at = CASE WHEN $7 IS TRUE THEN NULL ELSE disabled_at END,"
            + " disabled_reason = CASE WHEN $7 IS TRUE THEN NULL ELSE disabled_reason END,"
            + " updated_at = now() WHERE id = $2 AND " + visible(scope) + " RETURNING " + COLUMNS)
        .execute(Tuple.from(new Object[] {scope.networkBind(), id, url, events == null ? null : events.toArray(new String[0]),
            setDescription, description, active}))
        .map(rows -> Rows.first(rows).map(WebhookQueries::toSubscription));
  }

  /** Deletes (soft) and deactivates the scope's subscription; false when there is none. */
  public Future<Boolean> delete(Scope scope, UUID id) {
    return pg.preparedQuery("UPDATE webhook_subscriptions SET deleted_at = now(), is_active = false"
            + " WHERE id = $2 AND " + visible(scope) + " RETURNING id")
        .execute(Tuple.of(scope.networkBind(), id))
        .map(rows -> rows.size() > 0);
  }

  /** Queues a delivery of an event to a subscription the caller found visible. */
  public Future<Void> enqueue(UUID subscription, String eventId, String eventType, JsonObject payload, int maxAttempts) {
    return pg.preparedQuery("INSERT INTO webhook_deliveries (id, subscription_id,"
            + " event_id, event_type, payload, max_attempts) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(UUID.randomUUID(), subscription, eventId, eventType, payload, maxAttempts))
        .mapEmpty();
  }

  /** A delivery attempt record; status is pending, in_flight, retrying, delivered or failed. */
  public record Delivery(UUID id, String eventId, String eventType, String status, Integer httpStatus, int attempts,
      int maxAttempts, Integer durationMs, OffsetDateTime nextRetryAt, OffsetDateTime createdAt,
      OffsetDateTime completedAt, String lastError) {
  }

  /** Deliveries of a subscription the caller found visible, most recent first. */
  public Future<Page<Delivery>> deliveries(UUID subscription, int limit, int offset) {
    return Paging.page(pg, DELIVERY_COLUMNS,
        "FROM webhook_deliveries WHERE subscription_id = $1", "created_at DESC, id", Tuple.of(subscription),
        limit, offset, WebhookQueries::toDelivery);
  }

  /** A delivery with what was sent and what the receiver answered. */
  public record DeliveryDetail(Delivery delivery, JsonObject payload, String responseBody) {
  }

  /** One delivery of a subscription the caller found visible; empty when the subscription has no such delivery. */
  public Future<Optional<DeliveryDetail>> delivery(UUID subscription, UUID delivery) {
    return pg.preparedQuery("SELECT " + DELIVERY_COLUMNS + ", payload, response_body FROM webhook_deliveries"
            + " WHERE id = $1 AND subscription_id = $2")
        .execute(Tuple.of(delivery, subscription))
        .map(rows -> Rows.first(rows).map(r -> new DeliveryDetail(toDelivery(r), r.getJsonObject("payload"),
            r.getString("response_body"))));
  }

  private static Delivery toDelivery(Row r) {
    return new Delivery(r.getUUID("id"), r.getString("event_id"), r.getString("event_type"),
        r.getString("status"), r.getInteger("http_status"), r.getInteger("attempts"), r.getInteger("max_attempts"),
        r.getInteger("duration_ms"), r.getOffsetDateTime("next_retry_at"), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("completed_at"), r.getString("last_error"));
  }

  /** Queues a delivery of a subscription the caller found visible again (not while in flight); false when none. */
  public Future<Boolean> retry(UUID subscription, UUID delivery) {
    return pg.preparedQuery("UPDATE webhook_deliveries SET status = 'pending',"
            + " next_retry_at = now(), completed_at = NULL, locked_until = NULL,"
            + " max_attempts = GREATEST(max_attempts, attempts + 1)"
            + " WHERE id = $1 AND subscription_id = $2 AND status <> 'in_flight' RETURNING id")
        .execute(Tuple.of(delivery, subscription))
        .map(rows -> rows.size() > 0);
  }

  private static Subscription toSubscription(Row r) {
    return new Subscription(r.getUUID("id"), r.getUUID("network_id"), r.getString("url"),
        List.of(r.getArrayOfStrings("events")), r.getString("description"), r.getBoolean("is_active"),
        r.getInteger("consecutive_failures"), r.getOffsetDateTime("disabled_at"), r.getString("disabled_reason"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }
}
