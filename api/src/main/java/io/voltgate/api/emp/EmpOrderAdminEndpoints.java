package io.voltgate.api.emp;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Reply;
import io.voltgate.services.emp.OrderIds;
import io.voltgate.store.query.EmpOrderQueries;
import io.voltgate.store.query.EmpOrderQueries.NewOrder;
import java.util.Objects;

/**
 * {@code POST /cpms/v1/emp-orders}, a Voltgate addition on the operator's family: the operator
 * records a charging-key order for the EMP partner of one of its networks (the seed has partners
 * list and assign orders but says nothing of who creates them). Declared here, beside the orders'
 * EMP view, and mounted on the cpms routes by the HTTP verticle.
 */
public final class EmpOrderAdminEndpoints {

  private final EmpOrderQueries orders;

  public EmpOrderAdminEndpoints(EmpOrderQueries orders) {
    this.orders = Objects.requireNonNull(orders);
  }

  public void register(ApiRoutes cpms) {
    cpms.tag("EMP orders")
        .create("/cpms/v1/emp-orders", "cpms:emp-orders:write",
            "Records a charging-key order for the EMP partner of a network (Voltgate addition)", "emp-order-create",
            (ctx, p) -> {
              JsonObject b = BodySchemas.validated(ctx, "emp-order-create");
              return orders.create(new NewOrder(OrderIds.next(), p.targetNetwork(b.getString("networkId")),
                      b.getJsonObject("address", new JsonObject()), b.getInteger("quantity"),
                      b.getJsonObject("product").getString("id")))
                  .map(o -> Reply.created(OrderEndpoints.render(o)));
            });
  }
}
