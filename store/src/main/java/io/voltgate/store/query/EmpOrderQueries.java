package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Charging-key orders of a scope ({@code /emp/v1/orders}): the operator records them, the EMP
 * partner of the order's network lists them and marks them assigned.
 */
public final class EmpOrderQueries {

  /** The statuses an order goes through. */
  public static final List<String> STATUSES = List.of("ORDER_CREATED", "ORDER_ASSIGNED");

  /** An order; {@code address} holds the seed's address fields. */
  public record Order(String id, UUID networkId, JsonObject address, int quantity, String productId, String status,
      OffsetDateTime created, OffsetDateTime updated) {
  }

  /** A new order of a network. */
  public record NewOrder(String id, UUID networkId, JsonObject address, int quantity, String productId) {
  }

  /** Which orders to list: created in [from, to) when given, of one status when given. */
  public record Filter(OffsetDateTime from, OffsetDateTime to, String status) {
  }

  /** Where a page starts: after the order with this (created_at, id), the first page when null. */
  public record After(OffsetDateTime createdAt, String id) {
  }

  /** A page and, when more orders follow, the position after its last one. */
  public record OrderPage(List<Order> orders, After next) {
  }

  private static final String COLUMNS = "id, network_id, address, quantity, product_id, status, created_at, updated_at";

  private final Pool pg;

  public EmpOrderQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The scope's orders after {@code after} in (created_at, id) order: a keyset page, stable under inserts. */
  public Future<OrderPage> page(Scope scope, Filter filter, After after, int limit) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM emp_orders WHERE " + scope.networkPredicate("network_id", 1)
            + " AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)"
            + " AND ($4::text IS NULL OR status = $4)"
            + " AND ($5::timestamptz IS NULL OR (created_at, id) > ($5, $6::text))"
            + " ORDER BY created_at, id LIMIT $7")
        .execute(Tuple.from(Arrays.asList(scope.networkBind(), filter.from(), filter.to(), filter.status(),
            after == null ? null : after.createdAt(), after == null ? null : after.id(), limit + 1)))
        .map(rows -> {
          KeysetSlice<Order> slice = KeysetSlice.of(Rows.list(rows).stream().map(EmpOrderQueries::order).toList(), limit);
          Order last = slice.last();
          return new OrderPage(slice.rows(), last == null ? null : new After(last.created(), last.id()));
        });
  }

  public Future<Order> create(NewOrder o) {
    return pg.preparedQuery("INSERT INTO emp_orders (id, network_id, address, quantity, product_id)"
            + " VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS)
        .execute(Tuple.of(o.id(), o.networkId(), o.address(), o.quantity(), o.productId()))
        .map(rows -> order(rows.iterator().next()));
  }

  /**
   * Marks the scope's order assigned; an order assigned already stays as it is (the call is
   * idempotent). Empty when the scope has no such order.
   */
  public Future<Optional<Order>> assign(Scope scope, String id) {
    return pg.preparedQuery("UPDATE emp_orders SET status = 'ORDER_ASSIGNED',"
            + " updated_at = CASE WHEN status = 'ORDER_ASSIGNED' THEN updated_at ELSE now() END"
            + " WHERE id = $2 AND " + scope.networkPredicate("network_id", 1) + " RETURNING " + COLUMNS)
        .execute(Tuple.of(scope.networkBind(), id))
        .map(rows -> Rows.first(rows).map(EmpOrderQueries::order));
  }

  private static Order order(Row r) {
    Object address = r.getValue("address");
    return new Order(r.getString("id"), r.getUUID("network_id"),
        address instanceof JsonObject j ? j : new JsonObject(), r.getInteger("quantity"), r.getString("product_id"),
        r.getString("status"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }
}
