package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.TariffQueries;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Tariffs of the operator's networks: list, create (currency defaults to the network's), detail,
 * partial update, soft delete (detaching its assignments). Assignments: {@link TariffAssignmentEndpoints}.
 */
public final class TariffEndpoints {

  private final TariffQueries tariffs;

  public TariffEndpoints(TariffQueries tariffs) {
    this.tariffs = Objects.requireNonNull(tariffs);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Tariffs")
        .get("/cpms/v1/tariffs", "cpms:tariffs:read", "List the operator's tariffs",
            (ctx, p) -> list(p, PageRequest.from(ctx)))
        .create("/cpms/v1/tariffs", "cpms:tariffs:write", "Create a new tariff on one of the operator's networks",
            "tariff-create", (ctx, p) -> create(p, BodySchemas.validated(ctx, "tariff-create")))
        .get("/cpms/v1/tariffs/{id}", "cpms:tariffs:read", "Tariff detail (rates, currency)",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")))
        .put("/cpms/v1/tariffs/{tariffUuid}", "cpms:tariffs:write", "Update tariff pricing and fields (only the fields given)",
            "tariff-update", (ctx, p) -> update(p, Params.pathUuid(ctx, "tariffUuid"), BodySchemas.validated(ctx, "tariff-update")))
        .delete("/cpms/v1/tariffs/{tariffUuid}", "cpms:tariffs:write",
            "Soft-delete a tariff (cascade-deactivates its assignments)", (ctx, p) -> delete(p, Params.pathUuid(ctx, "tariffUuid")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page) {
    return tariffs.page(p.scope(), page.pageSize(), page.offset())
        .map(found -> Reply.page(found.items().stream().map(TariffFields::render).toList(), page, found.total()));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return tariffs.find(p.scope(), id)
        .map(found -> Reply.ok(TariffFields.render(found.orElseThrow(() -> ApiException.notFound("Tariff")))));
  }

  private Future<Reply> create(ApiPrincipal p, JsonObject body) {
    TariffFields.checkPeakWindow(body);
    TariffFields.checkMinMax(decimal(body, "minSessionFee"), decimal(body, "maxSessionFee"));
    String currency = body.getString("currency");
    if (currency != null) {
      try {
        Currency.getInstance(currency);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("currency", "currency must be an ISO 4217 code");
      }
    }
    String networkUuid = body.getString("networkUuid");
    return network(p, networkUuid == null ? null : UUID.fromString(networkUuid))
        .compose(network -> tariffs.create(UUID.randomUUID(), network.id(),
            currency != null ? currency : network.currency().trim(), TariffFields.patch(body)))
        .map(created -> Reply.created(new JsonObject().put("id", created.id().toString()).put("name", created.name())
            .put("currency", created.currency().trim()).put("networkId", created.networkId().toString())
            .put("created", true)));
  }

  /**
   * The network a new tariff goes to: the one named (404 when the key cannot see it), else the key's
   * only network; a key with several networks must name one (400).
   */
  private Future<TariffQueries.NetworkCurrency> network(ApiPrincipal p, UUID named) {
    if (named != null && !p.sees(named)) {
      return Future.failedFuture(ApiException.notFound("Network"));
    }
    return tariffs.targetNetworks(p.scope(), named).map(found -> {
      if (found.isEmpty()) {
        throw ApiException.notFound("Network");
      }
      if (found.size() > 1) {
        throw ApiException.badRequest("networkUuid", "networkUuid is required: this key operates several networks");
      }
      return found.get(0);
    });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    TariffFields.checkPeakWindow(body);
    // The fee check runs inside the update's transaction, so a min above the stored max (or the reverse) is rolled back.
    return tariffs.update(p.scope(), id, TariffFields.patch(body), TariffFields::checkMinMax).map(updated -> {
      if (!updated) {
        throw ApiException.notFound("Tariff");
      }
      return Reply.ok(new JsonObject().put("id", id.toString()).put("updated", true));
    });
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return tariffs.softDelete(p.scope(), id).map(detached -> Reply.ok(new JsonObject().put("id", id.toString())
        .put("deleted", true)
        .put("deactivatedAssignments", detached.orElseThrow(() -> ApiException.notFound("Tariff")))));
  }

  private static BigDecimal decimal(JsonObject body, String field) {
    Object v = body.getValue(field);
    return v == null ? null : new BigDecimal(v.toString());
  }
}
