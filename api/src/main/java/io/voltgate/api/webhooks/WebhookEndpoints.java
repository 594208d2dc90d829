package io.voltgate.api.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.WebhookReplies;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.services.webhooks.WebhookSubscriptions;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.WebhookQueries;
import io.voltgate.store.security.SecretBox;
import java.time.Clock;
import java.util.UUID;

/**
 * {@code /cpms/v1/webhooks*}: subscriptions (secret shown once, stored encrypted), the event
 * catalog, test events, the deliveries log and manual retries. Subscriptions belong to one network
 * ({@code networkUuid}, or the key's only network); unrestricted keys may subscribe to all networks.
 * The rules are {@link WebhookSubscriptions}' (shared with {@code /emsp/v1/webhooks}); this renders
 * the operator seed's shapes.
 */
public final class WebhookEndpoints {

  private final WebhookSubscriptions subscriptions;

  /** {@code vertx} resolves target host names when checking a URL is not a private address. */
  public WebhookEndpoints(WebhookQueries webhooks, NetworkQueries networks, Clock clock, SecretBox secrets,
      WebhookOptions options, Vertx vertx) {
    this.subscriptions = new WebhookSubscriptions(webhooks, networks, clock, secrets, options, vertx,
        "/cpms/v1/webhooks/event-types");
  }

  public void register(ApiRoutes routes) {
    routes.tag("Webhooks")
        .get("/cpms/v1/webhooks/event-types", "cpms:webhooks:read", "Catalog of webhook event types",
            (ctx, p) -> Future.succeededFuture(Reply.ok(new JsonArray(subscriptions.eventTypes()))))
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
    return subscriptions.list(p.scope()).map(found -> {
      JsonArray out = new JsonArray();
      found.forEach(w -> out.add(render(w)));
      return Reply.ok(out);
    });
  }

  private Future<Reply> create(ApiPrincipal p, UUID networkUuid, JsonObject body) {
    return subscriptions.create(p.scope(), networkUuid, "networkUuid", body.getString("url"), body.getValue("events"),
            body.getString("description"))
        .map(created -> {
          WebhookSubscriptions.Created c = created.orElseThrow(() -> ApiException.notFound("Network"));
          JsonObject out = render(c.subscription());
          out.put("hmac_secret", c.secret());
          return Reply.created(out);
        });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    return subscriptions.update(p.scope(), id, body.getString("url"), body.getValue("events"),
            body.containsKey("description"), body.getString("description"), body.getBoolean("isActive"))
        .map(updated -> Reply.ok(render(updated.orElseThrow(() -> ApiException.notFound("Webhook")))));
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return subscriptions.delete(p.scope(), id).map(deleted -> {
      if (!deleted) {
        throw ApiException.notFound("Webhook");
      }
      return Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true));
    });
  }

  private Future<Reply> test(ApiPrincipal p, UUID id) {
    return visible(p, id).compose(v -> subscriptions.sendTest(id))
        .map(v -> Reply.ok(new JsonObject().put("webhook_id", id.toString()).put("test_enqueued", true)));
  }

  private Future<Reply> deliveries(ApiPrincipal p, UUID id, PageRequest page) {
    return visible(p, id).compose(v -> subscriptions.deliveries(id, page.pageSize(), page.offset()))
        .map(found -> Reply.page(found.items().stream().map(d -> WebhookReplies.delivery(d)
            .put("event_id", d.eventId())
            .put("max_attempts", d.maxAttempts())
            .put("duration_ms", d.durationMs())
            .put("next_retry_at", WebhookReplies.nextRetryAt(d))
            .put("last_error", d.lastError())).toList(), page, found.total()));
  }

  private Future<Reply> retry(ApiPrincipal p, UUID id, UUID deliveryId) {
    return visible(p, id).compose(v -> subscriptions.retry(id, deliveryId))
        .map(retried -> {
          if (!retried) {
            throw ApiException.notFound("Delivery");
          }
          return Reply.accepted(new JsonObject().put("delivery_id", deliveryId.toString()).put("retry_enqueued", true));
        });
  }

  private Future<Void> visible(ApiPrincipal p, UUID id) {
    return subscriptions.visible(p.scope(), id)
        .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("Webhook")));
  }

  private static JsonObject render(WebhookQueries.Subscription w) {
    UUID network = w.networkId();
    return WebhookReplies.subscription(w).put("network_id", network == null ? null : network.toString());
  }
}
