package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.CommandReplies;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.charging.DriverControl;
import io.voltgate.services.charging.DriverControl.Done;
import io.voltgate.services.commands.ChargerControl;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * A driver's control of the connector they use, on {@code /emsp/v1/remote-control} (unlock,
 * trigger, reset) and {@code /emsp/v1/smart-charging} (the effective limit, a driver limit, its
 * clearing). Who may act is {@link DriverControl}'s rule; this class parses, calls it and renders
 * the seed's shapes: the charger's answer, or why there is none, as {@code accepted}, {@code reason}
 * and {@code retryable} in a 200 — never a 5xx for what the charger does.
 */
public final class DriverControlEndpoints {

  /** Current (A): 6 A is the lowest an EV may be offered (IEC 61851-1 PWM); 500 A covers DC. */
  static final double MIN_AMPS = 6;
  static final double MAX_AMPS = 500;
  /** Power (W): 6 A on one 230 V phase; 400 kW, above the fastest DC chargers. */
  static final double MIN_WATTS = 1_380;
  static final double MAX_WATTS = 400_000;

  private static final String DEFAULT_TRIGGER = "StatusNotification";
  private static final Set<String> UNITS = Set.of("A", "W");

  private final DriverControl control;

  public DriverControlEndpoints(DriverControl control) {
    this.control = Objects.requireNonNull(control);
  }

  public void register(ApiRoutes routes) {
    String remote = "/emsp/v1/remote-control/{chargerId}";
    String limit = "/emsp/v1/smart-charging/{chargerId}/limit";
    routes.tag("Remote control").callers(Caller.KEY_OR_DRIVER)
        .post(remote + "/unlock", "emsp:charging",
            "Unlock a connector (UnlockConnector); a driver only the connector they charge on or have reserved",
            "emsp-remote-unlock", this::unlock)
        .post(remote + "/trigger", "emsp:charging",
            "Ask the charger to re-send a message about a connector (TriggerMessage); a driver only their connector",
            "emsp-remote-trigger", this::trigger)
        .post(remote + "/reset", "emsp:charging",
            "Reset a charger; a driver only Soft, only while charging on it and nobody else is",
            "emsp-remote-reset", this::reset);
    routes.tag("Smart charging").callers(Caller.KEY_OR_DRIVER)
        .get(limit, "emsp:charging",
            "The charging limit in effect on a connector (GetCompositeSchedule, next hour)", this::effective)
        .put(limit, "emsp:charging",
            "Set a max charging speed for the session running on a connector (a TxProfile of its transaction,"
                + " never above the operator's cap)",
            "emsp-charging-limit", this::set)
        .delete(limit, "emsp:charging",
            "Clear the driver-set charging limit on a connector (the operator's limits stay)", this::clear);
  }

  private Future<Reply> unlock(RoutingContext ctx, ApiPrincipal p) {
    UUID charger = Params.pathUuid(ctx, "chargerId");
    int connector = BodySchemas.validated(ctx, "emsp-remote-unlock").getInteger("connectorNumber");
    return control.unlock(p.scope(), p.catalogueScope(), charger, connector)
        .map(answer(done -> base(charger).put("connectorNumber", connector), "Unlock"));
  }

  private Future<Reply> trigger(RoutingContext ctx, ApiPrincipal p) {
    UUID charger = Params.pathUuid(ctx, "chargerId");
    JsonObject body = BodySchemas.validated(ctx, "emsp-remote-trigger");
    String message = body.getString("message", DEFAULT_TRIGGER);
    int connector = body.getInteger("connectorNumber");
    return control.trigger(p.scope(), p.catalogueScope(), charger, message, connector)
        .map(answer(done -> base(charger).put("message", message), "TriggerMessage (" + message + ")"));
  }

  private Future<Reply> reset(RoutingContext ctx, ApiPrincipal p) {
    UUID charger = Params.pathUuid(ctx, "chargerId");
    String type = BodySchemas.validated(ctx, "emsp-remote-reset").getString("type", DriverControl.DRIVER_RESET);
    return control.reset(p.scope(), p.catalogueScope(), charger, type)
        .map(answer(done -> base(charger).put("type", type), type + " reset"));
  }

  private Future<Reply> effective(RoutingContext ctx, ApiPrincipal p) {
    UUID charger = Params.pathUuid(ctx, "chargerId");
    int connector = connectorParam(ctx);
    String unit = Objects.requireNonNullElse(Params.queryEnum(ctx, "unit", UNITS), "A");
    return control.effectiveLimit(p.scope(), p.catalogueScope(), charger, connector, unit).map(done -> {
      JsonObject outcome = CommandReplies.seedOutcome(sent(done).outcome(), "GetCompositeSchedule");
      JsonObject out = base(charger).put("connectorNumber", connector).put("unit", unit)
          .put("accepted", outcome.getBoolean("accepted")).put("schedule", schedule(done.outcome().response()));
      if (!outcome.getBoolean("accepted")) {
        out.put("reason", outcome.getString("reason")).put("retryable", outcome.getBoolean("retryable"));
      }
      return Reply.ok(out);
    });
  }

  private Future<Reply> set(RoutingContext ctx, ApiPrincipal p) {
    UUID charger = Params.pathUuid(ctx, "chargerId");
    JsonObject body = BodySchemas.validated(ctx, "emsp-charging-limit");
    int connector = body.getInteger("connectorNumber");
    String unit = body.getString("unit", "A");
    double limit = inRange(unit, body.getDouble("limit"));
    return control.setLimit(p.scope(), p.catalogueScope(), charger, connector, unit, limit)
        .map(answer(done -> base(charger).put("connectorNumber", connector).put("unit", unit)
            .put("limit", done.limit().limit()).put("profileId", done.limit().profileId())
            .put("sessionId", done.sessionId().toString()), "SetChargingProfile"));
  }

  private Future<Reply> clear(RoutingContext ctx, ApiPrincipal p) {
    UUID charger = Params.pathUuid(ctx, "chargerId");
    int connector = connectorParam(ctx);
    return control.clearLimit(p.scope(), p.catalogueScope(), charger, connector)
        .map(answer(done -> base(charger).put("connectorNumber", connector)
            .put("profileId", ChargerControl.driverProfileId(connector)), "ClearChargingProfile"));
  }

  /** GET and DELETE name the connector in the query: {@code connectorNumber}, 1–1000, default 1. */
  private static int connectorParam(RoutingContext ctx) {
    return Params.queryInt(ctx, "connectorNumber", 1, 1, 1000);
  }

  /** The limit, when within the documented range of its unit; else 400 on {@code limit}. */
  static double inRange(String unit, double limit) {
    boolean amps = "A".equals(unit);
    double min = amps ? MIN_AMPS : MIN_WATTS;
    double max = amps ? MAX_AMPS : MAX_WATTS;
    if (limit < min || limit > max) {
      throw ApiException.badRequest("limit", "limit in " + unit + " must be between " + (long) min + " and " + (long) max);
    }
    return limit;
  }

  /** The charger's composite schedule (1.6 {@code chargingSchedule}, 2.0.1 {@code schedule}), or null. */
  private static JsonObject schedule(JsonObject response) {
    if (response == null) {
      return null;
    }
    JsonObject v16 = response.getJsonObject("chargingSchedule");
    return v16 != null ? v16 : response.getJsonObject("schedule");
  }

  /** Renders a sent request as {@code fields} plus the seed's outcome; a refusal as its error. */
  private static Function<Done, Reply> answer(Function<Done, JsonObject> fields, String what) {
    return done -> Reply.ok(fields.apply(sent(done)).mergeIn(CommandReplies.seedOutcome(done.outcome(), what)));
  }

  /** The request, if it was sent; otherwise the refusal in the error shape. */
  private static Done sent(Done done) {
    if (done.refusal() == null) {
      return done;
    }
    throw switch (done.refusal()) {
      case NO_CHARGER -> ApiException.notFound("Charger");
      case NOT_USING_CONNECTOR -> new ApiException(403, "connector_not_in_use",
          "A driver may control only a connector they are charging on or have reserved");
      case NOT_CHARGING_HERE -> new ApiException(403, "not_charging_here",
          "A driver may reset only a charger they are charging on");
      case RESET_TYPE -> new ApiException(403, "reset_type_not_allowed", "A driver may ask only for a Soft reset");
      case CHARGER_SHARED -> new ApiException(409, "charger_in_use",
          "Others are charging on this charger: a reset would end their sessions");
      case LOAD_BALANCED -> new ApiException(409, "load_balanced",
          "Site load balancing sets this connector's charging speed");
      case UNIT_MISMATCH -> new ApiException(409, "limit_unit_mismatch",
          "The operator limits this connector in " + done.operatorUnit() + ": give the limit in " + done.operatorUnit());
      case NO_ACTIVE_SESSION -> new ApiException(409, "no_active_session",
          "A charging limit applies to a running session: start charging on this connector first");
    };
  }

  private static JsonObject base(UUID charger) {
    return new JsonObject().put("chargerId", charger.toString());
  }
}
