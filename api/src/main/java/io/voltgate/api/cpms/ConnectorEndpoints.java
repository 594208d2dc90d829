package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.Conflicts;
import io.voltgate.api.cpms.fleet.LiveState;
import io.voltgate.api.cpms.fleet.OcppStatus;
import io.voltgate.api.cpms.fleet.SqlPatch;
import io.voltgate.api.cpms.fleet.Values;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.util.Objects;
import java.util.UUID;

/**
 * Connectors of the key's chargers: add, live status, provisioning update and soft delete. The
 * seed's connector number is the OCPP 1.6 connectorId, stored as {@code evse_id} with
 * {@code connector_id} 1.
 */
public final class ConnectorEndpoints {

  /** Connector {@code k} of a live charger {@code c} that the key ($1) sees. */
  private static final String VISIBLE = "k.deleted_at IS NULL AND c.id = k.charger_id AND c.deleted_at IS NULL"
      + " AND ($1::uuid[] IS NULL OR c.network_id = ANY($1))";
  private static final String COLUMNS = "k.id, k.charger_id, k.evse_id, k.connector_id, k.standard, k.format, k.power_type,"
      + " k.max_power_kw, k.max_amperage, k.max_voltage, k.status, k.error_code, k.status_at, k.updated_at,"
      + " c.charge_point_id, c.network_id";

  private final ApiServices s;
  private final LiveState live;

  public ConnectorEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
    this.live = new LiveState(services.redis(), services.clock(), services.onlineWindow());
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
    return s.pg().preparedQuery("SELECT c.id, (SELECT COALESCE(max(k.evse_id), 0) + 1 FROM connectors k"
            + " WHERE k.charger_id = c.id AND k.deleted_at IS NULL) AS next FROM chargers c"
            + " WHERE c.id = $2 AND c.deleted_at IS NULL AND ($1::uuid[] IS NULL OR c.network_id = ANY($1))")
        .execute(Tuple.of(p.networkFilter(), chargerId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Charger"));
          }
          int number = requested != null ? requested : rows.iterator().next().getInteger("next");
          UUID id = UUID.randomUUID();
          return Conflicts.onDuplicate(s.pg().preparedQuery("INSERT INTO connectors (id, charger_id, evse_id, connector_id,"
                      + " ocpp_connector_id, standard, format, power_type, max_voltage, max_amperage, max_power_kw)"
                      + " VALUES ($1, $2, $3, 1, $3, $4, $5, $6, $7, $8, $9)")
                  .execute(Tuple.from(new Object[] {id, chargerId, number, body.getString("standard"), body.getString("format"),
                      body.getString("powerType"), body.getInteger("maxVoltage"), body.getInteger("maxAmperage"),
                      Values.decimal(body.getNumber("maxPower"))})),
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
    return s.pg().preparedQuery("SELECT " + COLUMNS + " FROM connectors k, chargers c WHERE k.id = $2 AND " + VISIBLE)
        .execute(Tuple.of(p.networkFilter(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Connector"));
          }
          Row k = rows.iterator().next();
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
    SqlPatch patch = new SqlPatch(p.networkFilter(), id)
        .setIfPresent(body, "standard", "standard")
        .setIfPresent(body, "format", "format")
        .setIfPresent(body, "powerType", "power_type")
        .setIfPresent(body, "maxVoltage", "max_voltage")
        .setIfPresent(body, "maxAmperage", "max_amperage")
        .setIfPresent(body, "maxPower", "max_power_kw", Values::decimal)
        .setIfPresent(body, "status", "status", v -> OcppStatus.parse(v.toString(), "status"))
        .set("updated_at", java.time.OffsetDateTime.now(s.clock()));
    return s.pg().preparedQuery("UPDATE connectors k SET " + patch.assignments() + " FROM chargers c WHERE k.id = $2 AND "
            + VISIBLE + " RETURNING " + COLUMNS)
        .execute(patch.tuple())
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Connector");
          }
          Row k = rows.iterator().next();
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
    return s.pg().withTransaction(tx -> tx.preparedQuery("SELECT k.id, EXISTS (SELECT 1 FROM charging_sessions cs"
                + " WHERE cs.status = 'ACTIVE' AND (cs.connector_pk = k.id OR (cs.charger_id = k.charger_id AND cs.evse_id = k.evse_id)))"
                + " AS active FROM connectors k, chargers c WHERE k.id = $2 AND " + VISIBLE + " FOR UPDATE OF k")
            .execute(Tuple.of(p.networkFilter(), id))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(ApiException.notFound("Connector"));
              }
              if (rows.iterator().next().getBoolean("active")) {
                return Future.failedFuture(ApiException.conflict("The connector has an active charging session: stop it first"));
              }
              return tx.preparedQuery("UPDATE tariff_assignments SET deactivated_at = now() WHERE deactivated_at IS NULL"
                  + " AND scope_type = 'connector' AND scope_id = $1")
                  .execute(Tuple.of(id));
            })
            .compose(assignments -> tx.preparedQuery("UPDATE connectors SET deleted_at = now(), updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id))
                .map(ignored -> new JsonObject().put("id", id.toString()).put("deleted", true)
                    .put("deactivatedAssignments", assignments.rowCount()))))
        .map(Reply::ok);
  }
}
