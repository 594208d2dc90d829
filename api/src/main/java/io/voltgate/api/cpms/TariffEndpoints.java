package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Tariffs of the operator's networks: list, create (currency defaults to the network's), detail,
 * partial update, soft delete (detaching its assignments). Assignments: {@link TariffAssignmentEndpoints}.
 */
public final class TariffEndpoints {

  private static final String VISIBLE = "deleted_at IS NULL AND ($1::uuid[] IS NULL OR network_id = ANY($1))";

  private final ApiServices s;

  public TariffEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
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
    return s.pg().preparedQuery("SELECT " + TariffFields.COLUMNS + ", count(*) OVER () AS total FROM tariffs WHERE "
            + VISIBLE + " ORDER BY created_at DESC, id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(p.networkFilter(), page.pageSize(), page.offset()))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(TariffFields.render(r));
          }
          return Reply.page(items, page, total);
        });
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return s.pg().preparedQuery("SELECT " + TariffFields.COLUMNS + " FROM tariffs WHERE id = $2 AND " + VISIBLE)
        .execute(Tuple.of(p.networkFilter(), id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Tariff");
          }
          return Reply.ok(TariffFields.render(rows.iterator().next()));
        });
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
    return network(p, networkUuid == null ? null : UUID.fromString(networkUuid)).compose(network -> {
      UUID id = UUID.randomUUID();
      List<String> columns = new ArrayList<>(List.of("id", "network_id", "currency"));
      List<Object> values = new ArrayList<>(List.of(id, network.getUUID("id"),
          currency != null ? currency : network.getString("currency").trim()));
      for (TariffFields.Field f : TariffFields.FIELDS) {
        if (body.containsKey(f.json())) {
          columns.add(f.column());
          values.add(f.value(body));
        }
      }
      StringBuilder params = new StringBuilder();
      for (int i = 1; i <= values.size(); i++) {
        params.append(i == 1 ? "$" : ", $").append(i);
      }
      return s.pg().preparedQuery("INSERT INTO tariffs (" + String.join(", ", columns) + ") VALUES (" + params
              + ") RETURNING id, name, currency, network_id")
          .execute(Tuple.from(values))
          .map(rows -> {
            Row r = rows.iterator().next();
            return Reply.created(new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))
                .put("currency", r.getString("currency").trim()).put("networkId", r.getUUID("network_id").toString())
                .put("created", true));
          });
    });
  }

  /**
   * The network a new tariff goes to: the one named (404 when the key cannot see it), else the key's
   * only network; a key with several networks must name one (400).
   */
  private Future<Row> network(ApiPrincipal p, UUID named) {
    if (named != null && !p.sees(named)) {
      return Future.failedFuture(ApiException.notFound("Network"));
    }
    return s.pg().preparedQuery("SELECT id, currency FROM networks WHERE deleted_at IS NULL"
            + " AND ($2::uuid IS NULL OR id = $2) AND ($1::uuid[] IS NULL OR id = ANY($1)) ORDER BY created_at, id LIMIT 2")
        .execute(Tuple.of(p.networkFilter(), named))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Network");
          }
          if (rows.size() > 1) {
            throw ApiException.badRequest("networkUuid", "networkUuid is required: this key operates several networks");
          }
          return rows.iterator().next();
        });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    TariffFields.checkPeakWindow(body);
    List<String> sets = new ArrayList<>();
    List<Object> values = new ArrayList<>(Arrays.asList(p.networkFilter(), id));
    for (TariffFields.Field f : TariffFields.FIELDS) {
      if (body.containsKey(f.json())) {
        values.add(f.value(body));
        sets.add(f.column() + " = $" + values.size());
      }
    }
    String sql = "UPDATE tariffs SET " + String.join(", ", sets) + ", updated_at = now() WHERE id = $2 AND " + VISIBLE
        + " RETURNING id, min_session_fee, max_session_fee";
    // In a transaction so that a min above the stored max (or the reverse) is rolled back.
    return s.pg().withTransaction(conn -> conn.preparedQuery(sql).execute(Tuple.from(values)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("Tariff");
      }
      Row r = rows.iterator().next();
      TariffFields.checkMinMax(r.getBigDecimal("min_session_fee"), r.getBigDecimal("max_session_fee"));
      return Reply.ok(new JsonObject().put("id", id.toString()).put("updated", true));
    }));
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return s.pg().withTransaction(conn -> conn.preparedQuery("UPDATE tariffs SET deleted_at = now(), updated_at = now()"
            + " WHERE id = $2 AND " + VISIBLE + " RETURNING id").execute(Tuple.of(p.networkFilter(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Tariff"));
          }
          return conn.preparedQuery("UPDATE tariff_assignments SET deactivated_at = now()"
              + " WHERE tariff_id = $1 AND deactivated_at IS NULL").execute(Tuple.of(id));
        })
        .map(detached -> Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true)
            .put("deactivatedAssignments", detached.rowCount()))));
  }

  private static BigDecimal decimal(JsonObject body, String field) {
    Object v = body.getValue(field);
    return v == null ? null : new BigDecimal(v.toString());
  }
}
