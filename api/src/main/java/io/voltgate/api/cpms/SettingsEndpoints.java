package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.cpms.fleet.Values;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
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

  private final ApiServices s;

  public SettingsEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
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
    return NetworkScope.resolve(s.pg(), p, requested, "networkUuid")
        .compose(id -> s.pg().preparedQuery("SELECT id, name, currency, country, settings, deleted_at FROM networks WHERE id = $1")
            .execute(Tuple.of(id)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Network");
          }
          return Reply.ok(render(rows.iterator().next()));
        });
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
    return NetworkScope.resolve(s.pg(), p, requested, "networkUuid")
        .compose(id -> s.pg().preparedQuery("UPDATE networks SET name = COALESCE($2, name), currency = COALESCE($3, currency),"
                + " settings = settings || $4::jsonb || jsonb_build_object("
                + "'branding', COALESCE(settings->'branding', '{}'::jsonb) || $5::jsonb,"
                + " 'billing', COALESCE(settings->'billing', '{}'::jsonb) || $6::jsonb),"
                + " updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id")
            .execute(Tuple.from(new Object[] {id, body.getString("name"), body.getString("currency"), plain, branding, billing})))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Network");
          }
          return Reply.ok(new JsonObject().put("id", rows.iterator().next().getUUID("id").toString()).put("updated", true));
        });
  }

  private static JsonObject render(Row r) {
    JsonObject settings = settings(r.getValue("settings"));
    JsonObject branding = settings.getJsonObject("branding", new JsonObject());
    JsonObject billing = settings.getJsonObject("billing", new JsonObject());
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("name", r.getString("name"))
        .put("description", settings.getString("description"))
        .put("contactEmail", settings.getString("contactEmail"))
        .put("contactPhone", settings.getString("contactPhone"))
        .put("website", settings.getString("website"))
        .put("country", r.getString("country"))
        .put("currency", r.getString("currency"))
        .put("timeZone", settings.getString("timeZone", "UTC"))
        .put("isActive", r.getOffsetDateTime("deleted_at") == null)
        .put("branding", new JsonObject()
            .put("primaryColor", branding.getString("primaryColor"))
            .put("secondaryColor", branding.getString("secondaryColor"))
            .put("logoUrl", branding.getString("logoUrl"))
            .put("faviconUrl", branding.getString("faviconUrl")))
        .put("billing", new JsonObject()
            .put("vatRate", billing.getNumber("vatRate", 0))
            .put("billingAddress", billing.getString("billingAddress"))
            .put("invoicePrefix", billing.getString("invoicePrefix", "INV"))
            .put("paymentTermsDays", billing.getInteger("paymentTermsDays", 30)));
  }

  private static JsonObject settings(Object raw) {
    if (raw instanceof JsonObject o) {
      return o;
    }
    return raw == null ? new JsonObject() : new JsonObject(raw.toString());
  }
}
