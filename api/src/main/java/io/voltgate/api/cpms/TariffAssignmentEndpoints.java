package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.Conflicts;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.TariffAssignmentQueries;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a tariff applies: assign it to its network, a location, a charger or a connector (one
 * active tariff per target; assigning replaces the previous one), list active assignments, detach.
 * Sessions are priced with the most specific assignment: connector, charger, location, network.
 */
public final class TariffAssignmentEndpoints {

  private final TariffAssignmentQueries assignments;

  public TariffAssignmentEndpoints(TariffAssignmentQueries assignments) {
    this.assignments = Objects.requireNonNull(assignments);
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
    return assignments.tariffNetwork(p.scope(), tariffId)
        .compose(tariffNetwork -> {
          if (tariffNetwork.isEmpty()) {
            throw ApiException.notFound("Tariff");
          }
          if (network != null && !network.equals(tariffNetwork.get())) {
            throw ApiException.badRequest("networkUuid", "a tariff can only be assigned within its own network");
          }
          return target(p, tariffNetwork.get(), location, charger, connector);
        })
        .compose(target -> assignments.assign(tariffId, target.scopeType(), target.scopeId())
            .map(done -> reply(done.id(), tariffId, target, body, done.replaced())))
        .recover(e -> Conflicts.isUniqueViolation(e, null)
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

  /**
   * The most specific target named; every target named must exist in the tariff's network (404) and
   * they must nest (connector on the charger, charger at the location; else 400).
   */
  private Future<Target> target(ApiPrincipal p, UUID network, UUID location, UUID charger, UUID connector) {
    Future<TariffAssignmentQueries.Place> connectorPlace = connector == null ? Future.succeededFuture()
        : assignments.connector(p.scope(), network, connector).map(found -> found.orElseThrow(() -> ApiException.notFound("Connector")));
    Future<TariffAssignmentQueries.Place> chargerPlace = charger == null ? Future.succeededFuture()
        : assignments.charger(p.scope(), network, charger).map(found -> found.orElseThrow(() -> ApiException.notFound("Charger")));
    Future<Boolean> locationFound = location == null ? Future.succeededFuture(true)
        : assignments.location(p.scope(), network, location);
    return connectorPlace.compose(cn -> chargerPlace.compose(ch -> locationFound.map(loc -> {
      if (!loc) {
        throw ApiException.notFound("Location");
      }
      if (cn != null && charger != null && !charger.equals(cn.chargerId())) {
        throw ApiException.badRequest("connectorUuid", "the connector does not belong to chargerUuid");
      }
      UUID chargerLocation = cn != null ? cn.locationId() : ch != null ? ch.locationId() : null;
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

  private Future<Reply> list(ApiPrincipal p, UUID tariffId) {
    return assignments.list(p.scope(), tariffId).map(found -> {
      JsonArray items = new JsonArray();
      for (TariffAssignmentQueries.Assignment a : found.orElseThrow(() -> ApiException.notFound("Tariff"))) {
        String scope = a.scopeType();
        items.add(new JsonObject()
            .put("assignmentId", Json.id(a.id()))
            .put("level", Character.toUpperCase(scope.charAt(0)) + scope.substring(1))
            .put("networkId", Json.id(a.networkId()))
            .put("locationId", Json.id(a.locationId()))
            .put("chargerId", Json.id(a.chargerId()))
            .put("connectorId", Json.id(a.connectorId()))
            .put("startDate", Json.time(a.createdAt()))
            .put("priority", 0));
      }
      return Reply.ok(items);
    });
  }

  private Future<Reply> detach(ApiPrincipal p, UUID assignmentId) {
    return assignments.detach(p.scope(), assignmentId).map(detached -> {
      if (!detached) {
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
