package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.cpms.fleet.Values;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.NetworkQueries;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A network's self-service settings: name and currency live in {@code networks}, the rest in
 * {@code networks.settings} (top-level keys description, contactEmail, contactPhone, website,
 * timeZone, and the objects branding and billing), merged key by key on update.
 */
public final class SettingsEndpoints {

  private static final List<String> PLAIN = List.of("description", "contactEmail", "contactPhone", "website");

  private final NetworkQueries networks;

  public SettingsEndpoints(NetworkQueries networks) {
    this.networks = Objects.requireNonNull(networks);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Settings")
        .get("/cpms/v1/settings", "cpms:settings:read", "Read the operator's network settings (the fields safe for self-service)",
            (ctx, p) -> read(p, Params.queryUuid(ctx, "networkUuid")))
        .put("/cpms/v1/settings", "cpms:settings:write", "Update the operator's network settings (self-service subset only)",
            "settings-update", (ctx, p) -> update(p, Params.queryUuid(ctx, "networkUuid"),
                BodySchemas.validated(ctx, "settings-update")));
  }

  private Future<Reply> read(ApiPrincipal p, UUID requested) {
    return NetworkScope.resolve(networks, p, requested, "networkUuid")
        .compose(id -> networks.settings(p.scope(), id))
        .map(found -> Reply.ok(render(found.orElseThrow(() -> ApiException.notFound("Network")))));
  }

  private Future<Reply> update(ApiPrincipal p, UUID requested, JsonObject body) {
    JsonObject plain = new JsonObject();
    for (String key : PLAIN) {
      if (body.containsKey(key)) {
        plain.put(key, body.getValue(key));
      }
    }
    if (body.containsKey("timeZone")) {
      plain.put("timeZone", Values.zone(body.getString("timeZone"), "timeZone"));
    }
    JsonObject branding = body.getJsonObject("branding", new JsonObject());
    JsonObject billing = body.getJsonObject("billing", new JsonObject());
    return NetworkScope.resolve(networks, p, requested, "networkUuid")
        .compose(id -> networks.updateSettings(p.scope(), id, body.getString("name"), body.getString("currency"), plain,
                branding, billing)
            .map(updated -> {
              if (!updated) {
                throw ApiException.notFound("Network");
              }
              return Reply.ok(new JsonObject().put("id", id.toString()).put("updated", true));
            }));
  }

  private static JsonObject render(NetworkQueries.Settings n) {
    JsonObject settings = n.settings();
    JsonObject branding = settings.getJsonObject("branding", new JsonObject());
    JsonObject billing = settings.getJsonObject("billing", new JsonObject());
    return new JsonObject()
        .put("id", n.id().toString())
        .put("name", n.name())
        .put("description", settings.getString("description"))
        .put("contactEmail", settings.getString("contactEmail"))
        .put("contactPhone", settings.getString("contactPhone"))
        .put("website", settings.getString("website"))
        .put("country", n.country())
        .put("currency", n.currency())
        .put("timeZone", settings.getString("timeZone", "UTC"))
        .put("isActive", n.live())
        .put("branding", new JsonObject()
            .put("primaryColor", branding.getString("primaryColor"))
            .put("secondaryColor", branding.getString("secondaryColor"))
            .put("logoUrl", branding.getString("logoUrl"))
            .put("faviconUrl", branding.getString("faviconUrl"))
            .put("logoBackground", branding.getString("logoBackground"))
            .put("termsUrl", branding.getString("termsUrl"))
            .put("privacyUrl", branding.getString("privacyUrl")))
        .put("billing", new JsonObject()
            .put("vatRate", billing.getNumber("vatRate", 0))
            .put("billingAddress", billing.getString("billingAddress"))
            .put("invoicePrefix", billing.getString("invoicePrefix", "INV"))
            .put("paymentTermsDays", billing.getInteger("paymentTermsDays", 30)));
  }
}
