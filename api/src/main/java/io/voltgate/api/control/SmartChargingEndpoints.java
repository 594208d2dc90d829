package io.voltgate.api.control;

import io.voltgate.api.http.CommandReplies;
import io.voltgate.services.commands.ChargerCommands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import io.voltgate.store.query.ControlQueries;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.commands.Command.Op;
import java.util.Objects;
import java.util.Set;

/**
 * Operator charging limits per connector (a TxDefaultProfile in the reserved id range
 * {@link #PROFILE_ID_BASE} + connector, so each cap can be cleared on its own without touching the
 * charger's other profiles), and the charger's composite schedule.
 */
public final class SmartChargingEndpoints {

  /** Operator caps use charging profile ids 90000 + connector number. */
  public static final int PROFILE_ID_BASE = 90_000;

  private final ControlQueries queries;
  private final Redis redis;
  private final ChargerCommands commands;

  /** {@code redis} tells the OCPP version a charger's open connection speaks ({@link ChargerTarget}). */
  public SmartChargingEndpoints(ControlQueries queries, Redis redis, ChargerCommands commands) {
    this.queries = Objects.requireNonNull(queries);
    this.redis = Objects.requireNonNull(redis);
    this.commands = Objects.requireNonNull(commands);
  }

  public void register(ApiRoutes routes) {
    String base = "/cpms/v1/smart-charging/{chargerUuid}";
    routes.tag("Smart charging")
        .get(base + "/limit", "cpms:chargers:read", "The operator charging limit of a connector", this::get)
        .put(base + "/limit", "cpms:control", "Set an operator charging limit (A or W) on a connector", "control-limit", this::put)
        .delete(base + "/limit", "cpms:control", "Clear the operator charging limit of a connector", this::delete)
        .get(base + "/composite-schedule", "cpms:control", "The charger's composite schedule (GetCompositeSchedule)", this::composite);
  }

  private Future<Reply> get(RoutingContext ctx, ApiPrincipal p) {
    int connector = Params.queryInt(ctx, "connector", 1, 0, 1000);
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c -> queries.activeProfile(c.id(), connector)
        .map(found -> {
          JsonObject profile = found.orElse(null);
          return Reply.ok(ControlEndpoints.base(c).put("connectorNumber", connector)
              .put("unit", profile == null ? Params.queryEnum(ctx, "unit", Set.of("A", "W")) : profile.getString("unit"))
              .put("limit", profile == null ? null : profile.getValue("limit"))
              .put("profileId", profile == null ? null : profile.getInteger("profileId"))
              .put("accepted", true)
              .put("schedule", profile));
        }));
  }

  private Future<Reply> put(RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-limit");
    int connector = body.getInteger("connectorNumber", 1);
    String unit = body.getString("unit", "A");
    double limit = body.getDouble("limit");
    int profileId = PROFILE_ID_BASE + connector;
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c -> commands
        .send(c.chargePointId(), Op.SET_LIMIT, null, new JsonObject()
            .put("connectorNumber", connector).put("unit", unit).put("limit", limit).put("profileId", profileId))
        .map(o -> Reply.ok(ControlEndpoints.base(c).put("connectorNumber", connector).put("unit", unit)
            .put("limit", limit).put("profileId", profileId).mergeIn(CommandReplies.of(o, "SetChargingProfile")))));
  }

  private Future<Reply> delete(RoutingContext ctx, ApiPrincipal p) {
    int connector = Params.queryInt(ctx, "connector", 1, 0, 1000);
    int profileId = PROFILE_ID_BASE + connector;
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c -> commands
        .send(c.chargePointId(), Op.CLEAR_LIMIT, null, new JsonObject()
            .put("profileId", profileId).put("connectorNumber", connector))
        .map(o -> Reply.ok(ControlEndpoints.base(c).put("connectorNumber", connector).put("profileId", profileId)
            .mergeIn(CommandReplies.of(o, "ClearChargingProfile")))));
  }

  private Future<Reply> composite(RoutingContext ctx, ApiPrincipal p) {
    int connector = Params.queryInt(ctx, "connector", 1, 0, 1000);
    int duration = Params.queryInt(ctx, "duration", 3600, 1, 7 * 86_400);
    String unit = Params.queryEnum(ctx, "unit", Set.of("A", "W"));
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c -> commands
        .send(c.chargePointId(), Op.COMPOSITE_SCHEDULE, null, new JsonObject()
            .put("connectorNumber", connector).put("duration", duration).put("unit", unit))
        .map(o -> Reply.ok(ControlEndpoints.base(c).put("connectorNumber", connector).put("durationSeconds", duration)
            .put("unit", unit).put("schedule", o.response()).mergeIn(CommandReplies.of(o, "GetCompositeSchedule")))));
  }
}
