package io.voltgate.api.emp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.EmpOrderQueries;
import io.voltgate.store.query.EmpOrderQueries.After;
import io.voltgate.store.query.EmpOrderQueries.Filter;
import io.voltgate.store.query.EmpOrderQueries.Order;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Objects;

/**
 * Charging-key orders of an EMP partner ({@code /emp/v1/orders}): the operator records them
 * ({@link EmpOrderAdminEndpoints}), the partner lists its networks' orders a keyset page at a time
 * and marks one assigned. Another partner's order is 404.
 */
public final class OrderEndpoints {

  static final int DEFAULT_PAGE_SIZE = 100;

  private final EmpOrderQueries orders;

  public OrderEndpoints(EmpOrderQueries orders) {
    this.orders = Objects.requireNonNull(orders);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Orders")
        .get("/emp/v1/orders", "emp:orders:read", "Returns the charging-key orders, a page at a time", this::list)
        .post("/emp/v1/order/{orderId}/assign", "emp:orders:write", "Marks an order as assigned", null,
            (ctx, p) -> orders.assign(p.scope(), ctx.pathParam("orderId"))
                .map(found -> Reply.bare(render(found.orElseThrow(() -> ApiException.notFound("Order"))))));
  }

  private Future<Reply> list(RoutingContext ctx, ApiPrincipal p) {
    int pageSize = Params.queryInt(ctx, "pageSize", DEFAULT_PAGE_SIZE, 1, 500);
    String status = Params.queryEnum(ctx, "status", new LinkedHashSet<>(EmpOrderQueries.STATUSES));
    Filter filter = new Filter(utc(Params.queryTime(ctx, "fromDate")), utc(Params.queryTime(ctx, "toDate")), status);
    KeysetCursor from = KeysetCursor.decode(ctx.queryParams().get("cursor"));
    After after = from == null ? null : new After(from.createdAt(), from.id());
    return orders.page(p.scope(), filter, after, pageSize).map(page -> {
      JsonObject body = new JsonObject().put("products",
          new JsonArray(page.orders().stream().map(OrderEndpoints::render).toList()));
      if (page.next() != null) {
        body.put("cursor", KeysetCursor.encode(page.next().createdAt(), page.next().id()));
      }
      return Reply.bare(body);
    });
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }

  /** The seed's product order. */
  static JsonObject render(Order o) {
    return new JsonObject()
        .put("id", o.id())
        .put("address", o.address().copy())
        .put("quantity", o.quantity())
        .put("product", new JsonObject().put("id", o.productId()))
        .put("created", Json.time(o.created()))
        .put("organizationId", o.networkId().toString())
        .put("status", o.status())
        .put("updated", Json.time(o.updated()));
  }
}
