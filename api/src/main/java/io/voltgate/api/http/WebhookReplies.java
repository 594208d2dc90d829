package io.voltgate.api.http;

import io.vertx.core.json.JsonObject;
import io.voltgate.store.query.WebhookQueries.Delivery;
import io.voltgate.store.query.WebhookQueries.Subscription;

/**
 * How a webhook subscription and a delivery appear in responses of every family that manages
 * webhooks (shared, like {@link CommandReplies}, so the words are the same everywhere): the snake
 * case fields the operator's and the eMSP seed show alike. Each family's endpoints add what only its
 * own seed shows.
 */
public final class WebhookReplies {

  private WebhookReplies() {
  }

  /** {@code {id, url, events, description, is_active, consecutive_failures, disabled_at, disabled_reason, created_at, updated_at}}. */
  public static JsonObject subscription(Subscription w) {
    return new JsonObject()
        .put("id", Json.id(w.id()))
        .put("url", w.url())
        .put("events", String.join(",", w.events()))
        .put("description", w.description())
        .put("is_active", w.active())
        .put("consecutive_failures", w.consecutiveFailures())
        .put("disabled_at", Json.time(w.disabledAt()))
        .put("disabled_reason", w.disabledReason())
        .put("created_at", Json.time(w.createdAt()))
        .put("updated_at", Json.time(w.updatedAt()));
  }

  /**
   * {@code {id, event_type, http_status, success, status, attempts, created_at, completed_at}}:
   * {@code status} is Pending, InFlight, Retrying, Delivered or Failed, {@code success} true once delivered.
   */
  public static JsonObject delivery(Delivery d) {
    return new JsonObject()
        .put("id", Json.id(d.id()))
        .put("event_type", d.eventType())
        .put("http_status", d.httpStatus())
        .put("success", "delivered".equals(d.status()))
        .put("status", status(d.status()))
        .put("attempts", d.attempts())
        .put("created_at", Json.time(d.createdAt()))
        .put("completed_at", Json.time(d.completedAt()));
  }

  /** When the next attempt is due, only while one is (pending or retrying); else null. */
  public static String nextRetryAt(Delivery d) {
    return "retrying".equals(d.status()) || "pending".equals(d.status()) ? Json.time(d.nextRetryAt()) : null;
  }

  private static String status(String status) {
    return switch (status) {
      case "delivered" -> "Delivered";
      case "failed" -> "Failed";
      case "retrying" -> "Retrying";
      case "in_flight" -> "InFlight";
      default -> "Pending";
    };
  }
}
