package io.voltgate.api.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.model.EventType;
import io.voltgate.store.security.SecretBox;
import java.util.ArrayList;
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

  private static final String COLUMNS = "id, network_id, url, events, description, is_active, consecutive_failures,"
      + " disabled_at, disabled_reason, created_at, updated_at";
  /** Subscriptions the key may touch: $1 = network filter (null = unrestricted). */
  private static final String VISIBLE = "deleted_at IS NULL AND family = 'cpms'"
      + " AND ($1::uuid[] IS NULL OR network_id = ANY($1))";

  private final ApiServices s;
  private final SecretBox secrets;
  private final WebhookOptions options;
  private final WebhookUrls urls;

  public WebhookEndpoints(ApiServices services, SecretBox secrets, WebhookOptions options) {
    this.s = Objects.requireNonNull(services);
    this.secrets = Objects.requireNonNull(secrets);
    this.options = Objects.requireNonNull(options);
    this.urls = new WebhookUrls(services.vertx(), options.allowedPrivateTargets());
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
    return s.pg().preparedQuery("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE " + VISIBLE + " ORDER BY created_at, id")
        .execute(Tuple.of((Object) p.networkFilter()))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(render(r)));
          return Reply.ok(out);
        });
  }

  private Future<Reply> create(ApiPrincipal p, UUID networkUuid, JsonObject body) {
    List<String> events = events(body.getValue("events"));
    UUID network = network(p, networkUuid);
    String secret = WebhookSigner.newSecret();
    UUID id = UUID.randomUUID();
    return urls.check(body.getString("url"))
        .compose(ok -> network == null ? Future.succeededFuture() : s.pg()
            .preparedQuery("SELECT 1 FROM networks WHERE id = $1 AND deleted_at IS NULL").execute(Tuple.of(network))
            .compose(rows -> rows.size() == 1 ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("Network"))))
        .compose(ok -> s.pg().preparedQuery("INSERT INTO webhook_subscriptions (id, network_id, family, url, events,"
                + " description, secret_encrypted) VALUES ($1, $2, 'cpms', $3, $4, $5, $6) RETURNING " + COLUMNS)
            .execute(Tuple.of(id, network, body.getString("url"), events.toArray(new String[0]),
                body.getString("description"), secrets.seal(secret))))
        .map(rows -> {
          JsonObject out = render(rows.iterator().next());
          out.put("hmac_secret", secret);
          return Reply.created(out);
        });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    Future<Void> urlCheck = body.containsKey("url")
        ? urls.check(body.getString("url")) : Future.succeededFuture();
    String[] events = body.containsKey("events") ? events(body.getValue("events")).toArray(new String[0]) : null;
    Boolean active = body.getBoolean("isActive");
    return urlCheck.compose(ok -> s.pg().preparedQuery("UPDATE webhook_subscriptions SET"
                + " url = COALESCE($3, url), events = COALESCE($4, events),"
                + " description = CASE WHEN $5 THEN $6 ELSE description END,"
                + " is_active = COALESCE($7, is_active),"
                // Re-enabling clears the failure streak and the disable note.
                + " consecutive_failures = CASE WHEN $7 IS TRUE THEN 0 ELSE consecutive_failures END,"
                + " disabled_at = CASE WHEN $7 IS TRUE THEN NULL ELSE disabled_at END,"
                + " disabled_reason = CASE WHEN $7 IS TRUE THEN NULL ELSE disabled_reason END,"
                + " updated_at = now() WHERE id = $2 AND " + VISIBLE + " RETURNING " + COLUMNS)
            .execute(Tuple.from(new Object[] {p.networkFilter(), id, body.getString("url"), events,
                body.containsKey("description"), body.getString("description"), active})))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Webhook");
          }
          return Reply.ok(render(rows.iterator().next()));
        });
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return s.pg().preparedQuery("UPDATE webhook_subscriptions SET deleted_at = now(), is_active = false"
            + " WHERE id = $2 AND " + VISIBLE + " RETURNING id")
        .execute(Tuple.of(p.networkFilter(), id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Webhook");
          }
          return Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true));
        });
  }

  private Future<Reply> test(ApiPrincipal p, UUID id) {
    String eventId = UUID.randomUUID().toString();
    JsonObject payload = new JsonObject().put("id", eventId).put("type", EventType.WEBHOOK_TEST.wire())
        .put("timestamp", s.clock().instant().toString()).put("networkId", null).put("chargePointId", null)
        .put("data", new JsonObject().put("webhookId", id.toString()).put("message", "This is a test event from Voltgate"));
    return visible(p, id).compose(v -> s.pg().preparedQuery("INSERT INTO webhook_deliveries (id, subscription_id,"
            + " event_id, event_type, payload, max_attempts) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(UUID.randomUUID(), id, eventId, EventType.WEBHOOK_TEST.wire(), payload, options.maxAttempts())))
        .map(rows -> Reply.ok(new JsonObject().put("webhook_id", id.toString()).put("test_enqueued", true)));
  }

  private Future<Reply> deliveries(ApiPrincipal p, UUID id, PageRequest page) {
    return visible(p, id).compose(v -> s.pg().preparedQuery("SELECT id, event_id, event_type, status, http_status, attempts,"
            + " max_attempts, duration_ms, next_retry_at, created_at, completed_at, last_error, count(*) OVER () AS total"
            + " FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(id, page.pageSize(), page.offset())))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            String status = r.getString("status");
            items.add(new JsonObject()
                .put("id", Json.id(r.getUUID("id")))
                .put("event_id", r.getString("event_id"))
                .put("event_type", r.getString("event_type"))
                .put("http_status", r.getInteger("http_status"))
                .put("success", "delivered".equals(status))
                .put("status", displayStatus(status))
                .put("attempts", r.getInteger("attempts"))
                .put("max_attempts", r.getInteger("max_attempts"))
                .put("duration_ms", r.getInteger("duration_ms"))
                .put("next_retry_at", "retrying".equals(status) || "pending".equals(status)
                    ? Json.time(r.getOffsetDateTime("next_retry_at")) : null)
                .put("last_error", r.getString("last_error"))
                .put("created_at", Json.time(r.getOffsetDateTime("created_at")))
                .put("completed_at", Json.time(r.getOffsetDateTime("completed_at"))));
          }
          return Reply.page(items, page, total);
        });
  }

  private Future<Reply> retry(ApiPrincipal p, UUID id, UUID deliveryId) {
    return visible(p, id).compose(v -> s.pg().preparedQuery("UPDATE webhook_deliveries SET status = 'pending',"
            + " next_retry_at = now(), completed_at = NULL, locked_until = NULL,"
            + " max_attempts = GREATEST(max_attempts, attempts + 1)"
            + " WHERE id = $1 AND subscription_id = $2 AND status <> 'in_flight' RETURNING id")
        .execute(Tuple.of(deliveryId, id)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Delivery");
          }
          return Reply.accepted(new JsonObject().put("delivery_id", deliveryId.toString()).put("retry_enqueued", true));
        });
  }

  private Future<Void> visible(ApiPrincipal p, UUID id) {
    return s.pg().preparedQuery("SELECT 1 FROM webhook_subscriptions WHERE id = $2 AND " + VISIBLE)
        .execute(Tuple.of(p.networkFilter(), id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("Webhook")) : Future.succeededFuture());
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

  private static JsonObject render(Row r) {
    UUID network = r.getUUID("network_id");
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("network_id", network == null ? null : network.toString())
        .put("url", r.getString("url"))
        .put("events", String.join(",", r.getArrayOfStrings("events")))
        .put("description", r.getString("description"))
        .put("is_active", r.getBoolean("is_active"))
        .put("consecutive_failures", r.getInteger("consecutive_failures"))
        .put("disabled_at", Json.time(r.getOffsetDateTime("disabled_at")))
        .put("disabled_reason", r.getString("disabled_reason"))
        .put("created_at", Json.time(r.getOffsetDateTime("created_at")))
        .put("updated_at", Json.time(r.getOffsetDateTime("updated_at")));
  }
}
