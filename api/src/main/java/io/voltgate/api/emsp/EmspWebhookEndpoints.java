package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiHandler;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.WebhookReplies;
import io.voltgate.services.webhooks.WebhookSubscriptions;
import io.voltgate.store.query.WebhookQueries.Delivery;
import io.voltgate.store.query.WebhookQueries.Subscription;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code /emsp/v1/webhooks*}: a partner back end's webhook subscriptions, in the eMSP seed's snake
 * case shapes (in the family's envelope). The engine is the operator's
 * ({@link WebhookSubscriptions}: one event catalog, address policy, signing, delivery and retries);
 * a subscription belongs to one of the key's networks and another network's is 404. Back ends only:
 * a publishable (app) key is 403 like every back-end operation of the family, and so is a request
 * that carries a driver's token (a driver has no subscriptions to manage).
 */
public final class EmspWebhookEndpoints {

  private static final String READ = "emsp:webhooks:read";
  private static final String WRITE = "emsp:webhooks:write";
  private static final String BASE = "/emsp/v1/webhooks";
  private static final String ONE = BASE + "/{webhookId}";
  private static final String DELIVERY = ONE + "/deliveries/{deliveryId}";

  private final WebhookSubscriptions subscriptions;

  /** @param subscriptions the eMSP family's subscriptions */
  public EmspWebhookEndpoints(WebhookSubscriptions subscriptions) {
    this.subscriptions = Objects.requireNonNull(subscriptions);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Webhooks")
        .get(BASE + "/event-types", READ, "List available webhook event types",
            backEnd((ctx, p) -> Future.succeededFuture(Reply.ok(new JsonArray(subscriptions.eventTypes())))))
        .get(BASE, READ, "List webhook subscriptions", backEnd((ctx, p) -> list(p)))
        .create(BASE, WRITE, "Create webhook subscription (the HMAC secret is shown once)", "emsp-webhook-create",
            backEnd((ctx, p) -> create(p, BodySchemas.validated(ctx, "emsp-webhook-create"))))
        .patch(ONE, WRITE, "Update webhook subscription (is_active: true re-enables it)", "emsp-webhook-update",
            backEnd((ctx, p) -> update(p, webhookId(ctx), BodySchemas.validated(ctx, "emsp-webhook-update"))))
        .delete(ONE, WRITE, "Delete webhook subscription", backEnd((ctx, p) -> delete(p, webhookId(ctx))))
        .post(ONE + "/test", WRITE, "Send test event to webhook", null, backEnd((ctx, p) -> test(p, webhookId(ctx))))
        .get(ONE + "/deliveries", READ, "List webhook deliveries, most recent first",
            backEnd((ctx, p) -> deliveries(p, webhookId(ctx), page(ctx))))
        .get(DELIVERY, READ, "Get webhook delivery detail",
            backEnd((ctx, p) -> delivery(p, webhookId(ctx), deliveryId(ctx))))
        .post(DELIVERY + "/retry", WRITE, "Retry a webhook delivery", null,
            backEnd((ctx, p) -> retry(p, webhookId(ctx), deliveryId(ctx))));
  }

  /**
   * The handler, for a back end only. A driver's token narrows a request to the driver's own data,
   * and a driver owns no subscriptions: refused (403) like an app key, not answered with an empty list.
   */
  private static ApiHandler backEnd(ApiHandler handler) {
    return (ctx, p) -> {
      if (p.driver() != null) {
        throw ApiException.forbidden("Webhook subscriptions belong to a back end: call with a server-side key"
            + " and no driver's token");
      }
      return handler.handle(ctx, p);
    };
  }

  private Future<Reply> list(ApiPrincipal p) {
    return subscriptions.list(p.scope())
        .map(found -> Reply.ok(new JsonArray(found.stream().map(WebhookReplies::subscription).toList())));
  }

  private Future<Reply> create(ApiPrincipal p, JsonObject body) {
    String requested = body.getString("network_id");
    return subscriptions.create(p.scope(), requested == null ? null : UUID.fromString(requested), "network_id",
            body.getString("url"), body.getValue("events"), body.getString("description"))
        .map(created -> {
          WebhookSubscriptions.Created c = created.orElseThrow(() -> ApiException.notFound("Network"));
          Subscription w = c.subscription();
          // The seed's creation shape: the secret, without the delivery state a new subscription lacks.
          return Reply.created(new JsonObject()
              .put("id", Json.id(w.id()))
              .put("url", w.url())
              .put("events", String.join(",", w.events()))
              .put("description", w.description())
              .put("hmac_secret", c.secret())
              .put("is_active", w.active())
              .put("created_at", Json.time(w.createdAt())));
        });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    return subscriptions.update(p.scope(), id, body.getString("url"), body.getValue("events"),
            body.containsKey("description"), body.getString("description"), body.getBoolean("is_active"))
        .map(updated -> Reply.ok(WebhookReplies.subscription(updated.orElseThrow(EmspWebhookEndpoints::noSubscription))));
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return subscriptions.delete(p.scope(), id).map(deleted -> {
      if (!deleted) {
        throw noSubscription();
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
        .map(found -> Reply.snakeCasePage(found.items().stream().map(WebhookReplies::delivery).toList(), page,
            found.total()));
  }

  private Future<Reply> delivery(ApiPrincipal p, UUID id, UUID deliveryId) {
    return visible(p, id).compose(v -> subscriptions.delivery(id, deliveryId))
        .map(found -> {
          var detail = found.orElseThrow(() -> ApiException.notFound("Webhook delivery"));
          Delivery d = detail.delivery();
          return Reply.ok(WebhookReplies.delivery(d)
              // A string, as in the seed: the body encoded as the dispatcher encodes what it sends.
              .put("payload", detail.payload() == null ? null : detail.payload().encode())
              .put("response_body", detail.responseBody())
              .put("max_attempts", d.maxAttempts())
              .put("duration_ms", d.durationMs())
              .put("next_retry_at", WebhookReplies.nextRetryAt(d)));
        });
  }

  private Future<Reply> retry(ApiPrincipal p, UUID id, UUID deliveryId) {
    return visible(p, id).compose(v -> subscriptions.retry(id, deliveryId))
        .map(retried -> {
          if (!retried) {
            throw ApiException.notFound("Webhook delivery");
          }
          return Reply.accepted(new JsonObject().put("delivery_id", deliveryId.toString()).put("retry_enqueued", true));
        });
  }

  private Future<Void> visible(ApiPrincipal p, UUID id) {
    return subscriptions.visible(p.scope(), id)
        .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(noSubscription()));
  }

  /** The seed's words: {@code {"error": "not_found", "message": "Webhook subscription not found"}}. */
  private static ApiException noSubscription() {
    return ApiException.notFound("Webhook subscription");
  }

  /** {@code page} from 1; {@code page_size} (the seed's name; {@code pageSize} as elsewhere) 1–100, default 20. */
  private static PageRequest page(RoutingContext ctx) {
    int size = Params.queryInt(ctx, "page_size", Params.queryInt(ctx, "pageSize", EmspApi.DEFAULT_PAGE_SIZE, 1,
        PageRequest.MAX_SIZE), 1, PageRequest.MAX_SIZE);
    return new PageRequest(Params.queryInt(ctx, "page", 1, 1, Integer.MAX_VALUE), size);
  }

  private static UUID webhookId(RoutingContext ctx) {
    return Params.pathUuid(ctx, "webhookId");
  }

  private static UUID deliveryId(RoutingContext ctx) {
    return Params.pathUuid(ctx, "deliveryId");
  }
}
