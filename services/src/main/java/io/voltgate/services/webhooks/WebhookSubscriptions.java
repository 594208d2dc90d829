package io.voltgate.services.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.services.Refusal;
import io.voltgate.store.model.EventType;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.Page;
import io.voltgate.store.query.Scope;
import io.voltgate.store.query.WebhookQueries;
import io.voltgate.store.query.WebhookQueries.Delivery;
import io.voltgate.store.query.WebhookQueries.DeliveryDetail;
import io.voltgate.store.query.WebhookQueries.Subscription;
import io.voltgate.store.security.SecretBox;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What managing webhook subscriptions means, for every API family that offers it (the operator's
 * {@code /cpms/v1/webhooks}, the eMSP's {@code /emsp/v1/webhooks}): the event types a subscription
 * may name (the one {@link EventCatalog}), the address policy of its URL ({@link WebhookUrls}), its
 * signing secret (made here, shown once, stored sealed), test events and manual retries. Families
 * differ only in how they render; delivery is one engine for all ({@code WebhookOutbox},
 * {@link WebhookDispatcher}).
 *
 * <p>Operations on one subscription by id take a subscription the caller has found
 * {@link #visible}, so each family can answer an unknown or foreign id in its own words.
 */
public final class WebhookSubscriptions {

  /** A new subscription and its signing secret (in clear: shown to the caller once, never again). */
  public record Created(Subscription subscription, String secret) {
  }

  private final WebhookQueries webhooks;
  private final NetworkQueries networks;
  private final Clock clock;
  private final SecretBox secrets;
  private final WebhookOptions options;
  private final WebhookUrls urls;
  private final String catalogPath;

  /**
   * @param webhooks the family's subscriptions
   * @param vertx resolves target host names when checking a URL is not a private address
   * @param catalogPath the family's event-types endpoint, named when an event type is refused
   */
  public WebhookSubscriptions(WebhookQueries webhooks, NetworkQueries networks, Clock clock, SecretBox secrets,
      WebhookOptions options, Vertx vertx, String catalogPath) {
    this.webhooks = Objects.requireNonNull(webhooks);
    this.networks = Objects.requireNonNull(networks);
    this.clock = Objects.requireNonNull(clock);
    this.secrets = Objects.requireNonNull(secrets);
    this.options = Objects.requireNonNull(options);
    this.urls = new WebhookUrls(vertx, options.allowedPrivateTargets());
    this.catalogPath = Objects.requireNonNull(catalogPath);
  }

  /** The event types a subscription may name. */
  public List<String> eventTypes() {
    return EventCatalog.types();
  }

  /** The scope's subscriptions, oldest first. */
  public Future<List<Subscription>> list(Scope scope) {
    return webhooks.list(scope);
  }

  /** Whether the subscription exists and is the scope's. */
  public Future<Boolean> visible(Scope scope, UUID id) {
    return webhooks.visible(scope, id);
  }

  /**
   * Creates a subscription of the network the caller names, else of the scope's only network; an
   * unrestricted scope naming none subscribes to every network. Fails with a {@link Refusal} for a
   * URL or event list that is not acceptable, or when a scope of several networks names none; empty
   * when the network named is not one the scope sees live.
   *
   * @param requested the network the request names, or null
   * @param networkField how the request names a network (the refusal names it)
   * @param events a comma-separated string, {@code *} or an array of catalog types
   */
  public Future<Optional<Created>> create(Scope scope, UUID requested, String networkField, String url, Object events,
      String description) {
    List<String> types;
    UUID network;
    try {
      types = parseEvents(events);
      network = requested != null ? requested : defaultNetwork(scope, networkField);
    } catch (Refusal r) {
      return Future.failedFuture(r);
    }
    String secret = WebhookSigner.newSecret();
    Future<Boolean> networkLive = network == null ? Future.succeededFuture(true) : networks.live(scope, network);
    return urls.check(url)
        .compose(ok -> networkLive)
        .compose(live -> !live ? Future.succeededFuture(Optional.<Created>empty())
            : webhooks.create(UUID.randomUUID(), network, url, types, description, secrets.seal(secret))
                .map(created -> Optional.of(new Created(created, secret))));
  }

  /** The scope's only network; null (every network) for an unrestricted scope; else a refusal. */
  private static UUID defaultNetwork(Scope scope, String networkField) {
    if (scope instanceof Scope.All) {
      return null;
    }
    if (scope instanceof Scope.Networks n && n.ids().size() == 1) {
      return n.ids().iterator().next();
    }
    throw Refusal.invalid(networkField, networkField + " is required for a key with several networks");
  }

  /**
   * Changes what is given: a null {@code url}, {@code events} or {@code active} leaves the field,
   * the description changes when {@code setDescription}. Re-enabling ({@code active} true) clears
   * the failure streak. Empty when the subscription is not the scope's.
   */
  public Future<Optional<Subscription>> update(Scope scope, UUID id, String url, Object events,
      boolean setDescription, String description, Boolean active) {
    List<String> types;
    try {
      types = events == null ? null : parseEvents(events);
    } catch (Refusal r) {
      return Future.failedFuture(r);
    }
    Future<Void> urlCheck = url == null ? Future.succeededFuture() : urls.check(url);
    return urlCheck.compose(ok -> webhooks.update(scope, id, url, types, setDescription, description, active));
  }

  /** Deletes the scope's subscription; false when there is none. */
  public Future<Boolean> delete(Scope scope, UUID id) {
    return webhooks.delete(scope, id);
  }

  /** Queues a {@code webhook.test} event to a visible subscription, delivered like any event. */
  public Future<Void> sendTest(UUID id) {
    String eventId = UUID.randomUUID().toString();
    String type = EventType.WEBHOOK_TEST.wire();
    JsonObject payload = new JsonObject().put("id", eventId).put("type", type)
        .put("timestamp", clock.instant().toString()).put("networkId", null).put("chargePointId", null)
        .put("data", new JsonObject().put("webhookId", id.toString()).put("message", "This is a test event from Voltgate"));
    return webhooks.enqueue(id, eventId, type, payload, options.maxAttempts());
  }

  /** Deliveries of a visible subscription, most recent first. */
  public Future<Page<Delivery>> deliveries(UUID id, int limit, int offset) {
    return webhooks.deliveries(id, limit, offset);
  }

  /** One delivery of a visible subscription, with its payload and the receiver's answer. */
  public Future<Optional<DeliveryDetail>> delivery(UUID id, UUID deliveryId) {
    return webhooks.delivery(id, deliveryId);
  }

  /** Queues a delivery of a visible subscription again (not while in flight); false when there is none. */
  public Future<Boolean> retry(UUID id, UUID deliveryId) {
    return webhooks.retry(id, deliveryId);
  }

  /**
   * A comma-separated string, {@code *} or an array → the distinct catalog types named, or just
   * {@code *}. Anything else is a {@link Refusal} naming {@code events}.
   */
  public List<String> parseEvents(Object raw) {
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
      throw Refusal.invalid("events", "events must name at least one event type or '*'");
    }
    for (String e : out) {
      if (!e.equals("*") && !EventCatalog.known(e)) {
        throw Refusal.invalid("events", "unknown event type " + e + " (see GET " + catalogPath + ")");
      }
    }
    return out.contains("*") ? List.of("*") : List.copyOf(out);
  }
}
