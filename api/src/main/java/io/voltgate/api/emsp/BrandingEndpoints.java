package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.NetworkQueries;
import java.util.Objects;
import java.util.UUID;

/**
 * A network's public branding for white-label apps: any key of the network, an app's publishable
 * key included and no driver needed ({@link Caller#ANY_KEY}), since the app themes its sign-in
 * screen with it. Another network, or a deleted one, answers 404.
 */
public final class BrandingEndpoints {

  private final NetworkQueries networks;

  public BrandingEndpoints(NetworkQueries networks) {
    this.networks = Objects.requireNonNull(networks);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Networks").callers(Caller.ANY_KEY)
        .get("/emsp/v1/networks/{networkId}/branding", "emsp:chargers:read",
            "Public network branding (name, logo, colours, terms) for white-label theming",
            (ctx, p) -> branding(p, Params.pathUuid(ctx, "networkId")));
  }

  private Future<Reply> branding(ApiPrincipal p, UUID networkId) {
    return networks.settings(p.catalogueScope(), networkId).map(found -> {
      NetworkQueries.Settings n = found.filter(NetworkQueries.Settings::live)
          .orElseThrow(() -> ApiException.notFound("Network"));
      return Reply.ok(EmspViews.branding(n.id(), n.name(), n.settings()));
    });
  }
}
