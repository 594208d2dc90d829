package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Row;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.ChargerViews;
import io.voltgate.store.redis.ChargerLiveState;
import io.voltgate.api.cpms.fleet.OcppStatus;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.Patch;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Chargers on the key's networks: list and detail with live status from Redis (one pipelined batch
 * per page), registration, partial update and soft delete (cascading to connectors and tariff
 * assignments; 409 while a session is active).
 */
public final class ChargerEndpoints {

  private final ChargerQueries chargers;
  private final LocationQueries locations;
  private final ChargerLiveState live;
  private final ChargerRegistration registration;
  private final Redis redis;
  private final Clock clock;

  public ChargerEndpoints(ChargerQueries chargers, LocationQueries locations, ChargerLiveState live,
      ChargerRegistration registration, Redis redis, Clock clock) {
    this.chargers = Objects.requireNonNull(chargers);
    this.locations = Objects.requireNonNull(locations);
    this.live = Objects.requireNonNull(live);
    this.registration = Objects.requireNonNull(registration);
    this.redis = Objects.requireNonNull(redis);
    this.clock = Objects.requireNonNull(clock);
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
    return chargers.page(p.scope(), page.pageSize(), page.offset())
        .compose(found -> live.read(found.items().stream().map(r -> r.getString("charge_point_id")).toList())
            .map(states -> Reply.page(found.items().stream().map(r -> ChargerViews.summary(r,
                states.getOrDefault(r.getString("charge_point_id"), ChargerLiveState.Charger.NONE))).toList(), page, found.total())));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return chargers.find(p.scope(), id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("Charger"));
      }
      Row charger = found.get();
      Future<List<Row>> connectors = chargers.connectors(p.scope(), id);
      Future<ChargerLiveState.Charger> state = live.read(charger.getString("charge_point_id"));
      return Future.all(connectors, state).map(both -> Reply.ok(
          ChargerViews.detail(charger, connectors.result(), state.result())));
    });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    Patch patch = new Patch()
        .setIfPresent(body, "status", ChargerQueries.Field.OPERATOR_STATUS, v -> OcppStatus.parse(v.toString(), "status"))
        .setIfPresent(body, "physicalReference", ChargerQueries.Field.PHYSICAL_REFERENCE)
        .setIfPresent(body, "floorLevel", ChargerQueries.Field.FLOOR_LEVEL)
        .setIfPresent(body, "locationUuid", ChargerQueries.Field.LOCATION, v -> UUID.fromString(v.toString()))
        .setIfPresent(body, "isPublic", ChargerQueries.Field.PUBLIC)
        .set(ChargerQueries.Field.UPDATED_AT, OffsetDateTime.now(clock));
    UUID location = body.getString("locationUuid") == null ? null : UUID.fromString(body.getString("locationUuid"));
    return chargers.networkOf(p.scope(), id)
        .compose(network -> network.isEmpty() ? Future.failedFuture(ApiException.notFound("Charger"))
            : sameNetworkLocation(p, location, network.get()))
        .compose(v -> chargers.update(p.scope(), id, patch))
        .map(updated -> {
          if (!updated) {
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
    return locations.networkOf(p.scope(), location).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("Location"));
      }
      if (!network.equals(found.get())) {
        return Future.failedFuture(ApiException.badRequest("locationUuid", "locationUuid is on another network than the charger"));
      }
      return Future.succeededFuture();
    });
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return chargers.softDelete(p.scope(), id).compose(done -> switch (done.outcome()) {
      case NOT_FOUND -> Future.failedFuture(ApiException.notFound("Charger"));
      case ACTIVE_SESSION -> Future.failedFuture(ApiException.conflict("The charger has an active charging session: stop it first"));
      // After the commit: every gateway node forgets the charger and closes its socket.
      case DELETED -> ChargerChangeNotice.changed(redis, done.chargePointId()).map(ignored -> Reply.ok(new JsonObject()
          .put("id", id.toString())
          .put("deleted", true)
          .put("deactivatedConnectors", done.connectors())
          .put("deactivatedAssignments", done.assignments())));
    });
  }
}
