package io.voltgate.api.emp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.emp.ChargingKeys;
import io.voltgate.services.emp.KeyIdentifiers;
import io.voltgate.store.query.ChargingKeyQueries;
import io.voltgate.store.query.ChargingKeyQueries.After;
import io.voltgate.store.query.ChargingKeyQueries.ChargingKey;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * EMP charging keys ({@code /emp/v1/charging-keys}): RFID keys a partner hands out, authorized by
 * the chargers of the partner's networks like any token. {@code keyIdentifier} comes in
 * little-endian hex and is shown as the idTag chargers send ({@link KeyIdentifiers}). A key of
 * another partner is 403 on enable/disable, an unknown one 404, as the seed lists.
 */
public final class ChargingKeyEndpoints {

  static final int DEFAULT_PAGE_SIZE = 100;

  private final ChargingKeyQueries queries;
  private final ChargingKeys keys;

  public ChargingKeyEndpoints(ChargingKeyQueries queries, ChargingKeys keys) {
    this.queries = Objects.requireNonNull(queries);
    this.keys = Objects.requireNonNull(keys);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Charging keys")
        .get("/emp/v1/charging-keys", "emp:charging-keys:read",
            "Returns the charging keys, of one fleet when fleetId is given, a page at a time", this::list)
        .post("/emp/v1/charging-keys", "emp:charging-keys:write", "Creates a charging key",
            "emp-charging-key-create", (ctx, p) -> create(p, BodySchemas.validated(ctx, "emp-charging-key-create")))
        .put("/emp/v1/charging-keys/{keyIdentifier}/enable", "emp:charging-keys:write",
            "Enables a charging key for charging", null, (ctx, p) -> setEnabled(ctx, p, true))
        .put("/emp/v1/charging-keys/{keyIdentifier}/disable", "emp:charging-keys:write",
            "Disables a charging key: the next authorization with it is refused on every charger", null,
            (ctx, p) -> setEnabled(ctx, p, false));
  }

  private Future<Reply> list(RoutingContext ctx, ApiPrincipal p) {
    int pageSize = Params.queryInt(ctx, "page_size", DEFAULT_PAGE_SIZE, 10, 500);
    String fleetId = Params.queryText(ctx, "fleetId", 100);
    KeysetCursor from = KeysetCursor.decode(ctx.queryParams().get("cursor"));
    After after = from == null ? null : new After(from.createdAt(), from.uuid());
    return queries.page(p.scope(), fleetId, after, pageSize).map(page -> {
      JsonObject body = new JsonObject().put("keys", new JsonArray(page.keys().stream().map(ChargingKeyEndpoints::render).toList()));
      if (page.next() != null) {
        body.put("cursor", KeysetCursor.encode(page.next().createdAt(), page.next().id()));
      }
      return Reply.bare(body);
    });
  }

  private Future<Reply> create(ApiPrincipal p, JsonObject b) {
    String validTo = b.getString("validTo");
    ChargingKeys.NewChargingKey request = new ChargingKeys.NewChargingKey(
        p.targetNetwork(b.getString("networkId")), b.getString("keyIdentifier"),
        b.getString("visualNumber"), b.getString("fleetId"), b.getBoolean("enabled", true), b.getString("contractId"),
        validTo == null ? null : OffsetDateTime.parse(validTo));
    return keys.create(request).map(k -> Reply.bare(render(k)));
  }

  private Future<Reply> setEnabled(RoutingContext ctx, ApiPrincipal p, boolean enabled) {
    return keys.setEnabled(p.scope(), ctx.pathParam("keyIdentifier"), enabled).map(change -> {
      if (change.foreign()) {
        throw ApiException.forbidden("You have no access to this charging key");
      }
      return Reply.bare(render(change.key().orElseThrow(() -> ApiException.notFound("Charging key"))));
    });
  }

  static JsonObject render(ChargingKey k) {
    JsonObject out = new JsonObject()
        .put("keyIdentifier", KeyIdentifiers.shown(k.uid()))
        .put("validTo", Json.time(k.validTo()))
        .put("contractId", k.contractId())
        .put("visualNumber", k.visualNumber());
    if (k.fleetId() != null) {
      out.put("fleetId", k.fleetId());
    }
    return out.put("enabled", k.enabled());
  }
}
