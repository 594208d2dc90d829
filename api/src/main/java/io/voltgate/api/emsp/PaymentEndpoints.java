package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiHandler;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.payments.PaymentProvider;
import io.voltgate.store.query.NetworkQueries;
import java.util.Objects;
import java.util.UUID;

/**
 * Payments on {@code /emsp/v1}. Voltgate ships no payment provider ({@link PaymentProvider#DISABLED}),
 * so {@code /payments/config} tells an app that this network takes no payment through the API
 * ({@code paymentMode: "none"}), and every other payment operation answers 409
 * {@code payments_not_enabled} once the caller is authenticated and holds {@code emsp:payments}.
 */
public final class PaymentEndpoints {

  private static final String SCOPE = "emsp:payments";

  /** A network that takes no payment through the API. */
  static final String MODE_NONE = "none";

  private final NetworkQueries networks;

  public PaymentEndpoints(NetworkQueries networks) {
    this.networks = Objects.requireNonNull(networks);
  }

  public void register(ApiRoutes routes) {
    ApiHandler notEnabled = (ctx, p) -> Future.failedFuture(PaymentProvider.notEnabled());
    routes.tag("Payments").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/payments/config", SCOPE, "Discover how this network handles payment",
            (ctx, p) -> config(p, Params.queryUuid(ctx, "networkId")))
        .post("/emsp/v1/payments/checkout", SCOPE,
            "Report a session's payment status (409 payments_not_enabled: no payment provider)", null, notEnabled)
        .callers(Caller.DRIVER)
        .get("/emsp/v1/payments/methods", SCOPE, "List the driver's saved cards (409 payments_not_enabled)", notEnabled)
        .post("/emsp/v1/payments/setup-intent", SCOPE, "Begin saving a card (409 payments_not_enabled)", null,
            notEnabled)
        .post("/emsp/v1/payments/setup-checkout", SCOPE,
            "Begin saving a card via a hosted page (409 payments_not_enabled)", null, notEnabled)
        .post("/emsp/v1/payments/methods/{id}/default", SCOPE, "Make a saved card the default (409 payments_not_enabled)",
            null, notEnabled)
        .delete("/emsp/v1/payments/methods/{id}", SCOPE, "Remove a saved card (409 payments_not_enabled)", notEnabled);
  }

  private Future<Reply> config(ApiPrincipal p, UUID requested) {
    UUID network = p.driver() != null ? p.driver().networkId()
        : DriverAuthEndpoints.network(p, new JsonObject().put("networkId", Objects.toString(requested, null)));
    return networks.settings(p.catalogueScope(), network).map(found -> {
      NetworkQueries.Settings n = found.filter(NetworkQueries.Settings::live)
          .orElseThrow(() -> ApiException.notFound("Network"));
      return Reply.ok(new JsonObject()
          .put("paymentMode", MODE_NONE)
          .put("phevnixBillingAvailable", false)
          .put("provider", null)
          .put("publishableKey", null)
          .put("currency", n.currency().trim())
          .put("methods", new JsonArray())
          .put("preAuthorizationAmount", null)
          .put("minimumAmount", null)
          .put("maximumAmount", null));
    });
  }
}
