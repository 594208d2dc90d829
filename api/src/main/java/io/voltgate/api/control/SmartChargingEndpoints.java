package io.voltgate.api.control;

import io.voltgate.api.http.CommandReplies;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.services.commands.ChargerControl;
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
import java.util.Objects;
import java.util.Set;

/**
 * Operator charging limits per connector (a TxDefaultProfile in the reserved id range
 * {@link ChargerControl#OPERATOR_PROFILE_BASE} + connector, so each cap can be cleared on its own
 * without touching the charger's other profiles — drivers' limits included), and the charger's
 * composite schedule. The commands are {@link ChargerControl}'s, shared with the driver API.
 */
public final class SmartChargingEndpoints {

  private final ControlQueries queries;
  private final Redis redis;
  private final ChargerControl control;

  /** {@code redis} tells the OCPP version a charger's open connection speaks ({@link ChargerTarget}). */
  public SmartChargingEndpoints(ControlQueries queries, Redis redis, ChargerCommands commands) {
    this.queries = Objects.requireNonNull(queries);
    this.redis = Objects.requireNonNull(redis);
    this.control = new ChargerControl(commands);
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
    ChargerControl.Limit cap = ChargerControl.Limit.operator(connector, unit, limit);
    int profileId = cap.profileId();
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c -> control
        .setLimit(c.chargePointId(), cap)
        .map(o -> Reply.ok(ControlEndpoints.base(c).put("connectorNumber", connector).put("unit", unit)
            .put("limit", limit).put("profileId", profileId).mergeIn(CommandReplies.of(o, "SetChargingProfile")))));
  }

  private Future<Reply> delete(RoutingContext ctx, ApiPrincipal p) {
    int connector = Params.queryInt(ctx, "connector", 1, 0, 1000);
    int profileId = ChargerControl.OPERATOR_PROFILE_BASE + connector;
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c -> control
        .clearLimit(c.chargePointId(), profileId, connector)
        .map(o -> Reply.ok(ControlEndpoints.base(c).put("connectorNumber", connector).put("profileId", profileId)
            .mergeIn(CommandReplies.of(o, "ClearChargingProfile")))));
  }

  private Future<Reply> composite(RoutingContext ctx, ApiPrincipal p) {
    int connector = Params.queryInt(ctx, "connector", 1, 0, 1000);
    int duration = Params.queryInt(ctx, "duration", 3600, 1, 7 * 86_400);
    String unit = Params.queryEnum(ctx, "unit", Set.of("A", "W"));
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c -> control
        .compositeSchedule(c.chargePointId(), connector, duration, unit)
        .map(o -> Reply.ok(ControlEndpoints.base(c).put("connectorNumber", connector).put("durationSeconds", duration)
            .put("unit", unit).put("schedule", o.response()).mergeIn(CommandReplies.of(o, "GetCompositeSchedule")))));
  }
}
