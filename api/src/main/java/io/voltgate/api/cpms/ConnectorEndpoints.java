package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.Conflicts;
import io.voltgate.store.redis.ChargerLiveState;
import io.voltgate.api.cpms.fleet.OcppStatus;
import io.voltgate.api.cpms.fleet.Values;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.ConnectorQueries;
import io.voltgate.store.query.Patch;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Connectors of the key's chargers: add, live status, provisioning update and soft delete. The
 * seed's connector number is the OCPP 1.6 connectorId, stored as {@code evse_id} with
 * {@code connector_id} 1.
 */
public final class ConnectorEndpoints {

  private final ConnectorQueries connectors;
  private final ChargerLiveState live;
  private final Clock clock;

  public ConnectorEndpoints(ConnectorQueries connectors, ChargerLiveState live, Clock clock) {
    this.connectors = Objects.requireNonNull(connectors);
    this.live = Objects.requireNonNull(live);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Connectors")
        .create("/cpms/v1/chargers/{uuid}/connectors", "cpms:chargers:write", "Add a connector to one of the operator's chargers",
            "connector-create", (ctx, p) -> create(p, Params.pathUuid(ctx, "uuid"), BodySchemas.validated(ctx, "connector-create")))
        .get("/cpms/v1/connectors/{uuid}/status", "cpms:chargers:read", "Live connector status",
            (ctx, p) -> status(p, Params.pathUuid(ctx, "uuid")))
        .put("/cpms/v1/connectors/{connectorUuid}", "cpms:chargers:write",
            "Update a connector's provisioning fields (Standard, Format, PowerType, MaxVoltage, MaxAmperage, MaxPower kW, Status)",
            "connector-update", (ctx, p) -> update(p, Params.pathUuid(ctx, "connectorUuid"),
                BodySchemas.validated(ctx, "connector-update")))
        .delete("/cpms/v1/connectors/{uuid}", "cpms:chargers:write", "Soft-delete a connector",
            (ctx, p) -> delete(p, Params.pathUuid(ctx, "uuid")));
  }

  private Future<Reply> create(ApiPrincipal p, UUID chargerId, JsonObject body) {
    Integer requested = body.getInteger("connectorNumber");
    return connectors.nextNumber(p.scope(), chargerId)
        .compose(next -> {
          if (next.isEmpty()) {
            return Future.failedFuture(ApiException.notFound("Charger"));
          }
          int number = requested != null ? requested : next.get();
          UUID id = UUID.randomUUID();
          return Conflicts.onDuplicate(connectors.create(new ConnectorQueries.New(id, chargerId, number,
                      body.getString("standard"), body.getString("format"), body.getString("powerType"),
                      body.getInteger("maxVoltage"), body.getInteger("maxAmperage"), Values.decimal(body.getNumber("maxPower")))),
                  "The charger already has a connector number " + number)
              .map(ignored -> Reply.created(new JsonObject()
                  .put("id", id.toString())
                  .put("chargerId", chargerId.toString())
                  .put("connectorNumber", number)
                  .put("standard", body.getString("standard"))
                  .put("format", body.getString("format"))
                  .put("powerType", body.getString("powerType"))
                  .put("maxVoltage", body.getInteger("maxVoltage"))
                  .put("maxAmperage", body.getInteger("maxAmperage"))
                  .put("maxPower", body.getNumber("maxPower") == null ? null : body.getNumber("maxPower").doubleValue())
                  .put("status", OcppStatus.UNKNOWN)
                  .put("created", true)));
        });
  }

  private Future<Reply> status(ApiPrincipal p, UUID id) {
    return connectors.find(p.scope(), id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(ApiException.notFound("Connector"));
          }
          Row k = found.get();
          return live.read(k.getString("charge_point_id")).map(state -> {
            JsonObject reported = state.connector(k.getInteger("evse_id"), k.getInteger("connector_id"));
            return Reply.ok(new JsonObject()
                .put("id", id.toString())
                .put("number", k.getInteger("evse_id"))
                .put("chargerId", Json.id(k.getUUID("charger_id")))
                .put("status", OcppStatus.render(reported != null ? reported.getString("status") : k.getString("status")))
                .put("errorCode", reported != null ? reported.getString("errorCode") : k.getString("error_code"))
                .put("statusAt", reported != null ? reported.getString("ts") : Json.time(k.getOffsetDateTime("status_at")))
                .put("standard", k.getString("standard"))
                .put("format", k.getString("format"))
                .put("powerType", k.getString("power_type"))
                .put("maxPowerKw", Json.number(k.getBigDecimal("max_power_kw")))
                .put("chargerOnline", state.online()));
          });
        });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    Patch patch = new Patch()
        .setIfPresent(body, "standard", ConnectorQueries.Field.STANDARD)
        .setIfPresent(body, "format", ConnectorQueries.Field.FORMAT)
        .setIfPresent(body, "powerType", ConnectorQueries.Field.POWER_TYPE)
        .setIfPresent(body, "maxVoltage", ConnectorQueries.Field.MAX_VOLTAGE)
        .setIfPresent(body, "maxAmperage", ConnectorQueries.Field.MAX_AMPERAGE)
        .setIfPresent(body, "maxPower", ConnectorQueries.Field.MAX_POWER_KW, Values::decimal)
        .setIfPresent(body, "status", ConnectorQueries.Field.STATUS, v -> OcppStatus.parse(v.toString(), "status"))
        .set(ConnectorQueries.Field.UPDATED_AT, OffsetDateTime.now(clock));
    return connectors.update(p.scope(), id, patch)
        .map(updated -> {
          Row k = updated.orElseThrow(() -> ApiException.notFound("Connector"));
          return Reply.ok(new JsonObject()
              .put("id", id.toString())
              .put("chargerId", Json.id(k.getUUID("charger_id")))
              .put("connectorNumber", k.getInteger("evse_id"))
              .put("connectorIdentifier", k.getString("charge_point_id") + "-" + k.getInteger("evse_id"))
              .put("standard", k.getString("standard"))
              .put("format", k.getString("format"))
              .put("powerType", k.getString("power_type"))
              .put("maxVoltage", k.getInteger("max_voltage"))
              .put("maxAmperage", k.getInteger("max_amperage"))
              .put("maxPower", Json.number(k.getBigDecimal("max_power_kw")))
              .put("status", OcppStatus.render(k.getString("status")))
              .put("networkId", Json.id(k.getUUID("network_id")))
              .put("lastUpdated", Json.time(k.getOffsetDateTime("updated_at"))));
        });
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return connectors.softDelete(p.scope(), id).map(done -> switch (done.outcome()) {
      case NOT_FOUND -> throw ApiException.notFound("Connector");
      case ACTIVE_SESSION -> throw ApiException.conflict("The connector has an active charging session: stop it first");
      case DELETED -> Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true)
          .put("deactivatedAssignments", done.assignments()));
    });
  }
}
