package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.ChargerViews;
import io.voltgate.api.cpms.fleet.LiveState;
import io.voltgate.api.cpms.fleet.OcppStatus;
import io.voltgate.api.cpms.fleet.SqlPatch;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Chargers on the key's networks: list and detail with live status from Redis (one pipelined batch
 * per page), registration, partial update and soft delete (cascading to connectors and tariff
 * assignments; 409 while a session is active).
 */
public final class ChargerEndpoints {

  private static final String VISIBLE = "c.deleted_at IS NULL AND ($1::uuid[] IS NULL OR c.network_id = ANY($1))";

  private final ApiServices s;
  private final LiveState live;
  private final ChargerRegistration registration;

  public ChargerEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
    this.live = new LiveState(services.redis(), services.clock(), services.onlineWindow());
    this.registration = new ChargerRegistration(services);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Chargers")
        .get("/cpms/v1/chargers", "cpms:chargers:read", "List the operator's chargers (+ live status)",
            (ctx, p) -> list(p, PageRequest.from(ctx)))
        .create("/cpms/v1/chargers", "cpms:chargers:write", "Register (create) a charger on one of the operator's networks",
            "charger-create", (ctx, p) -> registration.register(p, BodySchemas.validated(ctx, "charger-create")))
        .get("/cpms/v1/chargers/{uuid}", "cpms:chargers:read", "Charger detail (status, network, location, connectors)",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "uuid")))
        .patch("/cpms/v1/chargers/{uuid}", "cpms:chargers:write",
            "Update charger details (status, physical reference, floor level, location)", "charger-update",
            (ctx, p) -> update(p, Params.pathUuid(ctx, "uuid"), BodySchemas.validated(ctx, "charger-update")))
        .delete("/cpms/v1/chargers/{uuid}", "cpms:chargers:write", "Soft-delete (decommission) a charger",
            (ctx, p) -> delete(p, Params.pathUuid(ctx, "uuid")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page) {
    return s.pg().preparedQuery("SELECT " + ChargerViews.COLUMNS + ", count(*) OVER () AS total FROM chargers c WHERE "
            + VISIBLE + " ORDER BY c.created_at, c.id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(p.networkFilter(), page.pageSize(), page.offset()))
        .compose(rows -> {
          List<Row> found = new ArrayList<>();
          rows.forEach(found::add);
          return live.read(found.stream().map(r -> r.getString("charge_point_id")).toList()).map(states -> {
            List<JsonObject> items = new ArrayList<>();
            for (Row r : found) {
              items.add(ChargerViews.summary(r, states.getOrDefault(r.getString("charge_point_id"), LiveState.Charger.NONE)));
            }
            return Reply.page(items, page, found.isEmpty() ? 0 : found.get(0).getLong("total"));
          });
        });
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return s.pg().preparedQuery("SELECT " + ChargerViews.COLUMNS + " FROM chargers c WHERE c.id = $2 AND " + VISIBLE)
        .execute(Tuple.of(p.networkFilter(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Charger"));
          }
          Row charger = rows.iterator().next();
          Future<List<Row>> connectors = s.pg().preparedQuery("SELECT " + ChargerViews.CONNECTOR_COLUMNS
                  + " FROM connectors k WHERE k.charger_id = $1 AND k.deleted_at IS NULL ORDER BY k.evse_id, k.connector_id")
              .execute(Tuple.of(id)).map(rs -> {
                List<Row> out = new ArrayList<>();
                rs.forEach(out::add);
                return out;
              });
          Future<LiveState.Charger> state = live.read(charger.getString("charge_point_id"));
          return Future.all(connectors, state).map(both -> Reply.ok(
              ChargerViews.detail(charger, connectors.result(), state.result())));
        });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    SqlPatch patch = new SqlPatch(p.networkFilter(), id)
        .setIfPresent(body, "status", "operator_status", v -> OcppStatus.parse(v.toString(), "status"))
        .setIfPresent(body, "physicalReference", "physical_reference")
        .setIfPresent(body, "floorLevel", "floor_level")
        .setIfPresent(body, "locationUuid", "location_id", v -> UUID.fromString(v.toString()))
        .set("updated_at", java.time.OffsetDateTime.now(s.clock()));
    UUID location = body.getString("locationUuid") == null ? null : UUID.fromString(body.getString("locationUuid"));
    return s.pg().preparedQuery("SELECT c.network_id FROM chargers c WHERE c.id = $2 AND " + VISIBLE)
        .execute(Tuple.of(p.networkFilter(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Charger"));
          }
          return sameNetworkLocation(p, location, rows.iterator().next().getUUID("network_id"));
        })
        .compose(v -> s.pg().preparedQuery("UPDATE chargers c SET " + patch.assignments() + " WHERE c.id = $2 AND "
            + VISIBLE + " RETURNING c.id").execute(patch.tuple()))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Charger");
          }
          return Reply.ok(new JsonObject().put("id", id.toString()).put("updated", true));
        });
  }

  /** A location to move a charger to must be visible (else 404) and on the charger's network (else 400). */
  private Future<Void> sameNetworkLocation(ApiPrincipal p, UUID location, UUID network) {
    if (location == null) {
      return Future.succeededFuture();
    }
    return s.pg().preparedQuery("SELECT network_id FROM locations WHERE id = $1 AND deleted_at IS NULL"
            + " AND ($2::uuid[] IS NULL OR network_id = ANY($2))")
        .execute(Tuple.of(location, (Object) p.networkFilter()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Location"));
          }
          if (!network.equals(rows.iterator().next().getUUID("network_id"))) {
            return Future.failedFuture(ApiException.badRequest("locationUuid", "locationUuid is on another network than the charger"));
          }
          return Future.succeededFuture();
        });
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    String[] chargePointId = new String[1];
    return s.pg().withTransaction(tx -> tx.preparedQuery("SELECT c.id, c.charge_point_id, EXISTS (SELECT 1 FROM charging_sessions cs"
                + " WHERE cs.charger_id = c.id AND cs.status = 'ACTIVE') AS active FROM chargers c WHERE c.id = $2 AND "
                + VISIBLE + " FOR UPDATE OF c")
            .execute(Tuple.of(p.networkFilter(), id))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(ApiException.notFound("Charger"));
              }
              chargePointId[0] = rows.iterator().next().getString("charge_point_id");
              if (rows.iterator().next().getBoolean("active")) {
                return Future.failedFuture(ApiException.conflict("The charger has an active charging session: stop it first"));
              }
              return tx.preparedQuery("UPDATE connectors SET deleted_at = now(), updated_at = now()"
                  + " WHERE charger_id = $1 AND deleted_at IS NULL").execute(Tuple.of(id));
            })
            .compose(connectors -> tx.preparedQuery("UPDATE tariff_assignments SET deactivated_at = now() WHERE deactivated_at IS NULL"
                    + " AND ((scope_type = 'charger' AND scope_id = $1)"
                    + " OR (scope_type = 'connector' AND scope_id IN (SELECT id FROM connectors WHERE charger_id = $1)))")
                .execute(Tuple.of(id))
                .compose(assignments -> tx.preparedQuery("UPDATE chargers SET deleted_at = now(), updated_at = now() WHERE id = $1")
                    .execute(Tuple.of(id))
                    .map(ignored -> new JsonObject()
                        .put("id", id.toString())
                        .put("deleted", true)
                        .put("deactivatedConnectors", connectors.rowCount())
                        .put("deactivatedAssignments", assignments.rowCount())))))
        // After the commit: every gateway node forgets the charger and closes its socket.
        .compose(data -> ChargerChangeNotice.changed(s.redis(), chargePointId[0]).map(data))
        .map(Reply::ok);
  }
}
