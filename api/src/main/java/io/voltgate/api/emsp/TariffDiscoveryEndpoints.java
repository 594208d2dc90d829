package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.TariffQueries;
import java.util.Objects;
import java.util.UUID;

/** The network's live tariffs on {@code /emsp/v1}, in the eMSP seed's fields. */
public final class TariffDiscoveryEndpoints {

  private final TariffQueries tariffs;

  public TariffDiscoveryEndpoints(TariffQueries tariffs) {
    this.tariffs = Objects.requireNonNull(tariffs);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Tariffs").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/tariffs", "emsp:tariffs:read", "List the network's tariffs",
            (ctx, p) -> list(p, PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE)))
        .get("/emsp/v1/tariffs/{id}", "emsp:tariffs:read", "A tariff",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page) {
    return tariffs.page(p.catalogueScope(), page.pageSize(), page.offset())
        .map(found -> Reply.navigablePage(found.items().stream().map(EmspViews::tariff).toList(), page, found.total()));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return tariffs.find(p.catalogueScope(), id)
        .map(found -> Reply.ok(EmspViews.tariff(found.orElseThrow(() -> ApiException.notFound("Tariff")))));
  }
}
