package io.voltgate.api.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiFamily;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.model.Network;
import io.voltgate.store.pg.NetworkRepository;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Networks (tenants), managed by a platform administrator: create, list, detail, update (name,
 * currency, country) and soft delete (409 while live chargers remain). Rendered as the items of
 * {@code GET /cpms/v1/networks}. Keys for a network are then minted with
 * {@code POST /cpms/v1/api-keys} and {@code networkIds}.
 */
public final class NetworkAdminEndpoints {

  /** Platform administration: {@code /platform/v1}, API keys holding {@code platform:admin}. */
  public static final ApiFamily FAMILY = ApiFamily.withApiKeyOf("cpms", "platform", "/platform/v1");

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private final NetworkRepository networks;

  public NetworkAdminEndpoints(NetworkRepository networks) {
    this.networks = Objects.requireNonNull(networks);
  }

  public void register(ApiRoutes routes) {
    String scope = Scopes.PLATFORM_ADMIN;
    routes.tag("Platform: networks")
        .get("/platform/v1/networks", scope, "List every live network (tenant)",
            (ctx, p) -> list(PageRequest.from(ctx)))
        .create("/platform/v1/networks", scope, "Create a network (tenant)", "network-create",
            (ctx, p) -> create(BodySchemas.validated(ctx, "network-create")))
        .get("/platform/v1/networks/{id}", scope, "Network detail",
            (ctx, p) -> detail(Params.pathUuid(ctx, "id")))
        .patch("/platform/v1/networks/{id}", scope, "Update a network's name, currency or country", "network-update",
            (ctx, p) -> update(Params.pathUuid(ctx, "id"), BodySchemas.validated(ctx, "network-update")))
        .delete("/platform/v1/networks/{id}", scope, "Soft-delete a network (409 while it has live chargers)",
            (ctx, p) -> delete(Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(PageRequest page) {
    return networks.page(page.pageSize(), page.offset())
        .map(result -> Reply.page(result.items().stream().map(NetworkAdminEndpoints::render).toList(), page,
            result.total()));
  }

  private Future<Reply> create(JsonObject body) {
    return networks.create(body.getString("name").trim(), currency(body.getString("currency", "EUR")),
            country(body.getString("country")))
        .map(n -> Reply.created(render(n)));
  }

  private Future<Reply> detail(UUID id) {
    return networks.find(id).map(found -> Reply.ok(render(found.orElseThrow(() -> ApiException.notFound("Network")))));
  }

  private Future<Reply> update(UUID id, JsonObject body) {
    String name = body.getString("name");
    String currency = body.getString("currency") == null ? null : currency(body.getString("currency"));
    String country = body.getString("country") == null ? null : country(body.getString("country"));
    boolean clearCountry = body.containsKey("country") && body.getValue("country") == null;
    return networks.update(id, name == null ? null : name.trim(), currency, country, clearCountry)
        .map((Optional<Network> updated) -> Reply.ok(render(updated.orElseThrow(() -> ApiException.notFound("Network")))));
  }

  private Future<Reply> delete(UUID id) {
    return networks.softDelete(id).map(outcome -> switch (outcome) {
      case NOT_FOUND -> throw ApiException.notFound("Network");
      case HAS_CHARGERS -> throw ApiException.conflict(
          "The network still has chargers; delete or move them before deleting the network");
      case DELETED -> Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true));
    });
  }

  private static String currency(String code) {
    try {
      return Currency.getInstance(code).getCurrencyCode();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("currency", code + " is not an ISO 4217 currency code");
    }
  }

  private static String country(String code) {
    if (code == null) {
      return null;
    }
    String upper = code.toUpperCase(Locale.ROOT);
    if (!COUNTRIES.contains(upper)) {
      throw ApiException.badRequest("country", code + " is not an ISO 3166-1 alpha-2 country code");
    }
    return upper;
  }

  /** The shape of {@code GET /cpms/v1/networks} items, plus {@code updatedAt}. */
  private static JsonObject render(Network n) {
    return new JsonObject()
        .put("id", Json.id(n.id()))
        .put("name", n.name())
        .put("currency", n.currency())
        .put("country", n.country())
        .put("createdAt", Json.time(n.createdAt()))
        .put("updatedAt", Json.time(n.updatedAt()));
  }
}
