package io.voltgate.api.webhooks;

import io.voltgate.services.webhooks.EventCatalog;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.services.webhooks.WebhookSigner;
import io.voltgate.services.webhooks.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.model.EventType;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.WebhookQueries;
import io.voltgate.store.security.SecretBox;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /cpms/v1/webhooks*}: subscriptions (secret shown once, stored encrypted), the event
 * catalog, test events, the deliveries log and manual retries. Subscriptions belong to one network
 * ({@code networkUuid}, or the key's only network); unrestricted keys may subscribe to all networks.
 */
public final class WebhookEndpoints {

  private final WebhookQueries webhooks;
  private final NetworkQueries networks;
  private final Clock clock;
  private final SecretBox secrets;
  private final WebhookOptions options;
  private final WebhookUrls urls;

  /** {@code vertx} resolves target host names when checking a URL is not a private address. */
  public WebhookEndpoints(WebhookQueries webhooks, NetworkQueries networks, Clock clock, SecretBox secrets,
      WebhookOptions options, Vertx vertx) {
    this.webhooks = Objects.requireNonNull(webhooks);
    this.networks = Objects.requireNonNull(networks);
    this.clock = Objects.requireNonNull(clock);
    this.secrets = Objects.requireNonNull(secrets);
    this.options = Objects.requireNonNull(options);
    this.urls = new WebhookUrls(vertx, options.allowedPrivateTargets());
  }

  public void register(ApiRoutes routes) {
    routes.tag("Webhooks")
        .get("/cpms/v1/webhooks/event-types", "cpms:webhooks:read", "Catalog of webhook event types",
            (ctx, p) -> Future.succeededFuture(Reply.ok(new JsonArray(EventCatalog.types()))))
        .get("/cpms/v1/webhooks", "cpms:webhooks:read", "List the operator's webhook subscriptions",
            (ctx, p) -> list(p))
        .create("/cpms/v1/webhooks", "cpms:webhooks:write", "Create a webhook subscription (the HMAC secret is shown once)",
            "webhook-create", (ctx, p) -> create(p, Params.queryUuid(ctx, "networkUuid"), BodySchemas.validated(ctx, "webhook-create")))
        .patch("/cpms/v1/webhooks/{webhookId}", "cpms:webhooks:write", "Update / re-enable a webhook subscription",
            "webhook-update", (ctx, p) -> update(p, Params.pathUuid(ctx, "webhookId"), BodySchemas.validated(ctx, "webhook-update")))
        .delete("/cpms/v1/webhooks/{webhookId}", "cpms:webhooks:write", "Delete a webhook subscription",
            (ctx, p) -> delete(p, Params.pathUuid(ctx, "webhookId")))
        .post("/cpms/v1/webhooks/{webhookId}/test", "cpms:webhooks:write", "Send a test event to a webhook subscription",
            null, (ctx, p) -> test(p, Params.pathUuid(ctx, "webhookId")))
        .get("/cpms/v1/webhooks/{webhookId}/deliveries", "cpms:webhooks:read", "Delivery attempts of a subscription, most recent first",
            (ctx, p) -> deliveries(p, Params.pathUuid(ctx, "webhookId"), PageRequest.from(ctx)))
        .post("/cpms/v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry", "cpms:webhooks:write", "Retry a webhook delivery",
            null, (ctx, p) -> retry(p, Params.pathUuid(ctx, "webhookId"), Params.pathUuid(ctx, "deliveryId")));
  }

  private Future<Reply> list(ApiPrincipal p) {
    return webhooks.list(p.scope()).map(found -> {
      JsonArray out = new JsonArray();
      found.forEach(w -> out.add(render(w)));
      return Reply.ok(out);
    });
  }

  private Future<Reply> create(ApiPrincipal p, UUID networkUuid, JsonObject body) {
    List<String> events = events(body.getValue("events"));
    UUID network = network(p, networkUuid);
    String secret = WebhookSigner.newSecret();
    UUID id = UUID.randomUUID();
    return urls.check(body.getString("url"))
        .compose(ok -> network == null ? Future.succeededFuture() : networks.live(p.scope(), network)
            .compose(live -> live ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("Network"))))
        .compose(ok -> webhooks.create(id, network, body.getString("url"), events, body.getString("description"),
            secrets.seal(secret)))
        .map(created -> {
          JsonObject out = render(created);
          out.put("hmac_secret", secret);
          return Reply.created(out);
        });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    Future<Void> urlCheck = body.containsKey("url")
        ? urls.check(body.getString("url")) : Future.succeededFuture();
    List<String> events = body.containsKey("events") ? events(body.getValue("events")) : null;
    Boolean active = body.getBoolean("isActive");
    return urlCheck.compose(ok -> webhooks.update(p.scope(), id, body.getString("url"), events,
            body.containsKey("description"), body.getString("description"), active))
        .map(updated -> Reply.ok(render(updated.orElseThrow(() -> ApiException.notFound("Webhook")))));
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return webhooks.delete(p.scope(), id).map(deleted -> {
      if (!deleted) {
        throw ApiException.notFound("Webhook");
      }
      return Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true));
    });
  }

  private Future<Reply> test(ApiPrincipal p, UUID id) {
    String eventId = UUID.randomUUID().toString();
    JsonObject payload = new JsonObject().put("id", eventId).put("type", EventType.WEBHOOK_TEST.wire())
        .put("timestamp", clock.instant().toString()).put("networkId", null).put("chargePointId", null)
        .put("data", new JsonObject().put("webhookId", id.toString()).put("message", "This is a test event from Voltgate"));
    return visible(p, id).compose(v -> webhooks.enqueue(id, eventId, EventType.WEBHOOK_TEST.wire(), payload, options.maxAttempts()))
        .map(v -> Reply.ok(new JsonObject().put("webhook_id", id.toString()).put("test_enqueued", true)));
  }

  private Future<Reply> deliveries(ApiPrincipal p, UUID id, PageRequest page) {
    return visible(p, id).compose(v -> webhooks.deliveries(id, page.pageSize(), page.offset()))
        .map(found -> Reply.page(found.items().stream().map(d -> new JsonObject()
            .put("id", Json.id(d.id()))
            .put("event_id", d.eventId())
            .put("event_type", d.eventType())
            .put("http_status", d.httpStatus())
            .put("success", "delivered".equals(d.status()))
            .put("status", displayStatus(d.status()))
            .put("attempts", d.attempts())
            .put("max_attempts", d.maxAttempts())
            .put("duration_ms", d.durationMs())
            .put("next_retry_at", "retrying".equals(d.status()) || "pending".equals(d.status())
                ? Json.time(d.nextRetryAt()) : null)
            .put("last_error", d.lastError())
            .put("created_at", Json.time(d.createdAt()))
            .put("completed_at", Json.time(d.completedAt()))).toList(), page, found.total()));
  }

  private Future<Reply> retry(ApiPrincipal p, UUID id, UUID deliveryId) {
    return visible(p, id).compose(v -> webhooks.retry(id, deliveryId))
        .map(retried -> {
          if (!retried) {
            throw ApiException.notFound("Delivery");
          }
          return Reply.accepted(new JsonObject().put("delivery_id", deliveryId.toString()).put("retry_enqueued", true));
        });
  }

  private Future<Void> visible(ApiPrincipal p, UUID id) {
    return webhooks.visible(p.scope(), id)
        .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("Webhook")));
  }

  private static UUID network(ApiPrincipal p, UUID requested) {
    if (requested != null) {
      if (!p.sees(requested)) {
        throw ApiException.notFound("Network");
      }
      return requested;
    }
    if (p.unrestricted()) {
      return null;
    }
    if (p.networkIds().size() == 1) {
      return p.networkIds().get(0);
    }
    throw ApiException.badRequest("networkUuid", "networkUuid is required for a key with several networks");
  }

  /** Comma list, '*' or array → validated list of catalog types. */
  static List<String> events(Object raw) {
    Set<String> out = new LinkedHashSet<>();
    if (raw instanceof String str) {
      for (String part : str.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    } else if (raw instanceof JsonArray arr) {
      arr.forEach(o -> out.add(String.valueOf(o).trim()));
    }
    if (out.isEmpty()) {
      throw ApiException.badRequest("events", "events must name at least one event type or '*'");
    }
    for (String e : out) {
      if (!e.equals("*") && !EventCatalog.known(e)) {
        throw ApiException.badRequest("events", "unknown event type " + e + " (see GET /cpms/v1/webhooks/event-types)");
      }
    }
    return out.contains("*") ? List.of("*") : List.copyOf(out);
  }

  private static String displayStatus(String status) {
    return switch (status) {
      case "delivered" -> "Delivered";
      case "failed" -> "Failed";
      case "retrying" -> "Retrying";
      case "in_flight" -> "InFlight";
      default -> "Pending";
    };
  }

  private static JsonObject render(WebhookQueries.Subscription w) {
    UUID network = w.networkId();
    return new JsonObject()
        .put("id", Json.id(w.id()))
        .put("network_id", network == null ? null : network.toString())
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
}
