package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a tariff applies: assign it to its network, a location, a charger or a connector (one
 * active tariff per target; assigning replaces the previous one), list active assignments, detach.
 * Sessions are priced with the most specific assignment: connector, charger, location, network.
 */
public final class TariffAssignmentEndpoints {

  private static final String ASSIGNMENTS = "SELECT a.id, a.scope_type, a.created_at, t.network_id,"
      + " cn.id AS connector_id, ch.id AS charger_id,"
      + " CASE a.scope_type WHEN 'location' THEN a.scope_id ELSE ch.location_id END AS location_id"
      + " FROM tariff_assignments a JOIN tariffs t ON t.id = a.tariff_id"
      + " LEFT JOIN connectors cn ON a.scope_type = 'connector' AND cn.id = a.scope_id"
      + " LEFT JOIN chargers ch ON ch.id = CASE a.scope_type WHEN 'connector' THEN cn.charger_id"
      + "   WHEN 'charger' THEN a.scope_id END"
      + " WHERE a.tariff_id = $1 AND a.deactivated_at IS NULL ORDER BY a.created_at, a.id";

  private final ApiServices s;

  public TariffAssignmentEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Tariffs")
        .create("/cpms/v1/tariffs/{tariffUuid}/assign", "cpms:tariffs:write",
            "Assign a tariff to a network, location, charger, or connector", "tariff-assign",
            (ctx, p) -> assign(p, Params.pathUuid(ctx, "tariffUuid"), BodySchemas.validated(ctx, "tariff-assign")))
        .get("/cpms/v1/tariffs/{tariffUuid}/assignments", "cpms:tariffs:read", "List active assignments for a tariff",
            (ctx, p) -> list(p, Params.pathUuid(ctx, "tariffUuid")))
        .delete("/cpms/v1/tariffs/assignments/{assignmentId}", "cpms:tariffs:write",
            "Detach (deactivate) a tariff assignment", (ctx, p) -> detach(p, Params.pathUuid(ctx, "assignmentId")));
  }

  /** The target an assign request names: its level and the id stored as the assignment's scope. */
  private record Target(String level, String scopeType, UUID scopeId) {
  }

  private Future<Reply> assign(ApiPrincipal p, UUID tariffId, JsonObject body) {
    UUID network = uuid(body, "networkUuid");
    UUID location = uuid(body, "locationUuid");
    UUID charger = uuid(body, "chargerUuid");
    UUID connector = uuid(body, "connectorUuid");
    return s.pg().withTransaction(conn -> tariffNetwork(conn, p, tariffId)
        .compose(tariffNetwork -> {
          if (network != null && !network.equals(tariffNetwork)) {
            throw ApiException.badRequest("networkUuid", "a tariff can only be assigned within its own network");
          }
          return target(conn, tariffNetwork, location, charger, connector);
        })
        .compose(target -> conn.preparedQuery("SELECT id, tariff_id FROM tariff_assignments WHERE scope_type = $1"
                + " AND scope_id = $2 AND deactivated_at IS NULL FOR UPDATE")
            .execute(Tuple.of(target.scopeType(), target.scopeId()))
            .compose(existing -> {
              if (existing.size() > 0 && tariffId.equals(existing.iterator().next().getUUID("tariff_id"))) {
                return Future.succeededFuture(reply(existing.iterator().next().getUUID("id"), tariffId, target, body, null));
              }
              UUID replaced = existing.size() > 0 ? existing.iterator().next().getUUID("id") : null;
              Future<?> detach = replaced == null ? Future.succeededFuture()
                  : conn.preparedQuery("UPDATE tariff_assignments SET deactivated_at = now() WHERE id = $1")
                      .execute(Tuple.of(replaced));
              UUID id = UUID.randomUUID();
              return detach.compose(v -> conn.preparedQuery("INSERT INTO tariff_assignments (id, tariff_id, scope_type,"
                      + " scope_id) VALUES ($1, $2, $3, $4)").execute(Tuple.of(id, tariffId, target.scopeType(), target.scopeId())))
                  .map(v -> reply(id, tariffId, target, body, replaced));
            })))
        .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Future.failedFuture(ApiException.conflict("The target was assigned concurrently; retry"))
            : Future.failedFuture(e));
  }

  private static Reply reply(UUID id, UUID tariffId, Target target, JsonObject body, UUID replaced) {
    return Reply.created(new JsonObject()
        .put("assignmentId", id.toString())
        .put("tariffId", tariffId.toString())
        .put("level", target.level())
        .put("networkUuid", "Network".equals(target.level()) ? target.scopeId().toString() : body.getString("networkUuid"))
        .put("locationUuid", body.getString("locationUuid"))
        .put("chargerUuid", body.getString("chargerUuid"))
        .put("connectorUuid", body.getString("connectorUuid"))
        .put("replacedAssignmentId", replaced == null ? null : replaced.toString())
        .put("assigned", true));
  }

  /** The network of a live tariff the key can see, else 404. */
  private static Future<UUID> tariffNetwork(SqlConnection conn, ApiPrincipal p, UUID tariffId) {
    return conn.preparedQuery("SELECT network_id FROM tariffs WHERE id = $2 AND deleted_at IS NULL"
            + " AND ($1::uuid[] IS NULL OR network_id = ANY($1))")
        .execute(Tuple.of(p.networkFilter(), tariffId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Tariff");
          }
          return rows.iterator().next().getUUID("network_id");
        });
  }

  /**
   * The most specific target named; every target named must exist in the tariff's network (404) and
   * they must nest (connector on the charger, charger at the location; else 400).
   */
  private static Future<Target> target(SqlConnection conn, UUID network, UUID location, UUID charger, UUID connector) {
    Future<Row> connectorRow = connector == null ? Future.succeededFuture() : one(conn,
        "SELECT c.id, c.charger_id, ch.location_id FROM connectors c JOIN chargers ch ON ch.id = c.charger_id"
            + " WHERE c.id = $1 AND c.deleted_at IS NULL AND ch.deleted_at IS NULL AND ch.network_id = $2",
        connector, network, "Connector");
    Future<Row> chargerRow = charger == null ? Future.succeededFuture() : one(conn,
        "SELECT id, location_id FROM chargers WHERE id = $1 AND deleted_at IS NULL AND network_id = $2",
        charger, network, "Charger");
    Future<Row> locationRow = location == null ? Future.succeededFuture() : one(conn,
        "SELECT id FROM locations WHERE id = $1 AND deleted_at IS NULL AND network_id = $2", location, network, "Location");
    return connectorRow.compose(cn -> chargerRow.compose(ch -> locationRow.map(loc -> {
      if (cn != null && charger != null && !charger.equals(cn.getUUID("charger_id"))) {
        throw ApiException.badRequest("connectorUuid", "the connector does not belong to chargerUuid");
      }
      UUID chargerLocation = cn != null ? cn.getUUID("location_id") : ch != null ? ch.getUUID("location_id") : null;
      if (location != null && (cn != null || ch != null) && !location.equals(chargerLocation)) {
        throw ApiException.badRequest(cn != null ? "connectorUuid" : "chargerUuid", "the charger is not at locationUuid");
      }
      if (connector != null) {
        return new Target("Connector", "connector", connector);
      }
      if (charger != null) {
        return new Target("Charger", "charger", charger);
      }
      if (location != null) {
        return new Target("Location", "location", location);
      }
      return new Target("Network", "network", network);
    })));
  }

  private static Future<Row> one(SqlConnection conn, String sql, UUID id, UUID network, String what) {
    return conn.preparedQuery(sql).execute(Tuple.of(id, network)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound(what);
      }
      return rows.iterator().next();
    });
  }

  private Future<Reply> list(ApiPrincipal p, UUID tariffId) {
    return s.pg().preparedQuery("SELECT 1 FROM tariffs WHERE id = $2 AND deleted_at IS NULL"
            + " AND ($1::uuid[] IS NULL OR network_id = ANY($1))").execute(Tuple.of(p.networkFilter(), tariffId))
        .compose(found -> {
          if (found.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Tariff"));
          }
          return s.pg().preparedQuery(ASSIGNMENTS).execute(Tuple.of(tariffId));
        })
        .map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) {
            String scope = r.getString("scope_type");
            items.add(new JsonObject()
                .put("assignmentId", Json.id(r.getUUID("id")))
                .put("level", Character.toUpperCase(scope.charAt(0)) + scope.substring(1))
                .put("networkId", Json.id(r.getUUID("network_id")))
                .put("locationId", Json.id(r.getUUID("location_id")))
                .put("chargerId", Json.id(r.getUUID("charger_id")))
                .put("connectorId", Json.id(r.getUUID("connector_id")))
                .put("startDate", Json.time(r.getOffsetDateTime("created_at")))
                .put("priority", 0));
          }
          return Reply.ok(items);
        });
  }

  private Future<Reply> detach(ApiPrincipal p, UUID assignmentId) {
    return s.pg().preparedQuery("UPDATE tariff_assignments a SET deactivated_at = now() FROM tariffs t"
            + " WHERE a.id = $2 AND t.id = a.tariff_id AND a.deactivated_at IS NULL"
            + " AND ($1::uuid[] IS NULL OR t.network_id = ANY($1)) RETURNING a.id")
        .execute(Tuple.of(p.networkFilter(), assignmentId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Tariff assignment");
          }
          return Reply.ok(new JsonObject().put("assignmentId", assignmentId.toString()).put("detached", true));
        });
  }

  private static UUID uuid(JsonObject body, String field) {
    String v = body.getString(field);
    return v == null ? null : UUID.fromString(v);
  }
}
