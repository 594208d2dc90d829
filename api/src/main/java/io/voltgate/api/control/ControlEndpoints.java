package io.voltgate.api.control;

import io.voltgate.api.http.CommandReplies;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.services.commands.ChargerControl;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.voltgate.store.query.ControlQueries;
import io.voltgate.store.query.FraudQueries;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.store.redis.ChargerLiveState;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.commands.CommandOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Live control of one charger through the command service: each endpoint sends the facade
 * operation (the gateway picks the 1.6 or 2.0.1 message) and reports the charger's answer, or why
 * there is none (offline within a second, timeout, busy), in the seed's fields.
 */
public final class ControlEndpoints {

  private static final String OPERATOR_ID_TAG = "OPERATOR";

  private final ControlQueries queries;
  private final ChargerLiveState live;
  private final Redis redis;
  private final ChargerCommands commands;
  private final ChargerControl control;
  private final FraudQueries fraud;

  /** {@code redis} tells the OCPP version a charger's open connection speaks; {@code live} backs the firmware status. */
  public ControlEndpoints(ControlQueries queries, ChargerLiveState live, Redis redis, ChargerCommands commands,
      FraudQueries fraud) {
    this.fraud = Objects.requireNonNull(fraud);
    this.queries = Objects.requireNonNull(queries);
    this.live = Objects.requireNonNull(live);
    this.redis = Objects.requireNonNull(redis);
    this.commands = Objects.requireNonNull(commands);
    this.control = new ChargerControl(commands);
  }

  public void register(ApiRoutes routes) {
    String base = "/cpms/v1/chargers/{chargerUuid}";
    routes.tag("Live control")
        .post(base + "/remote-start", "cpms:control", "Remote-start a charging session", "control-remote-start", this::remoteStart)
        .post(base + "/remote-stop", "cpms:control", "Remote-stop an active charging session", "control-remote-stop", this::remoteStop)
        .post(base + "/reboot", "cpms:control", "Reset (Soft/Hard) a charger", "control-reboot", this::reboot)
        .post(base + "/unlock-connector", "cpms:control", "Unlock a connector", "control-unlock", this::unlock)
        .post(base + "/change-availability", "cpms:control", "Change charger/connector availability", "control-availability", this::availability)
        .post(base + "/trigger-message", "cpms:control", "Ask the charger to send a message", "control-trigger", this::trigger)
        .get(base + "/configuration", "cpms:control", "Read configuration (1.6 GetConfiguration / 2.0.1 GetVariables)", this::readConfiguration)
        .post(base + "/configuration", "cpms:control", "Change a configuration key (1.6 ChangeConfiguration / 2.0.1 SetVariables)", "control-configuration", this::writeConfiguration)
        .post(base + "/variables/get", "cpms:control", "Read device-model variables (GetVariables)", "control-variables-get", this::getVariables)
        .post(base + "/variables/set", "cpms:control", "Write device-model variables (SetVariables)", "control-variables-set", this::setVariables)
        .post(base + "/firmware/update", "cpms:control", "Send a firmware update (UpdateFirmware)", "control-firmware", this::updateFirmware)
        .get(base + "/firmware/status", "cpms:chargers:read", "Current firmware and the latest update status", this::firmwareStatus);
  }

  private Future<ChargerTarget> target(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid"));
  }

  private Future<CommandOutcome> send(ChargerTarget c, Op op, String action, JsonObject params) {
    return commands.send(c.chargePointId(), op, action, params);
  }

  private Future<Reply> remoteStart(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-remote-start");
    String idTag = body.getString("idTag", OPERATOR_ID_TAG);
    Integer connector = body.getInteger("connectorNumber");
    // A held driver's token (docs/fraud.md) would be answered Blocked by the gateway: refused before anything is sent.
    return target(ctx, p).compose(c -> fraud.tokenHeld(c.networkId(), idTag).compose(held -> {
          if (held) {
            throw new ApiException(409, "driver_on_hold",
                "idTag is the token of a driver on fraud hold for an unpaid balance: clear the hold first"
                    + " (POST /cpms/v1/fraud/drivers/{driverUuid}/clear-hold)", "idTag");
          }
          return Future.succeededFuture(c);
        }))
        .compose(c -> send(c, Op.START, null, new JsonObject().put("idTag", idTag)
            .put("connectorNumber", connector))
        .map(o -> {
          JsonObject out = base(c).put("connectorNumber", connector).put("idTag", idTag).put("deviceType", "OCPP")
              .put("transactionId", o.response() == null ? null : o.response().getString("transactionId"))
              .mergeIn(CommandReplies.of(o, "RemoteStart"));
          if (o.accepted()) {
            out.put("message", "Start command accepted. The session row is created when the charger confirms the start;"
                + " find it via GET /cpms/v1/sessions?status=ACTIVE.");
          }
          return Reply.ok(out);
        }));
  }

  private Future<Reply> remoteStop(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-remote-stop");
    UUID sessionId = body.getString("sessionId") == null ? null : UUID.fromString(body.getString("sessionId"));
    Integer connector = body.getInteger("connectorNumber");
    return target(ctx, p).compose(c -> queries.activeSession(c.id(), sessionId, connector)
            .compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(sessionId == null
                    ? ApiException.conflict("The charger has no active session to stop")
                    : ApiException.notFound("Active session"));
              }
              ControlQueries.ActiveSession session = found.get();
              Object tx = session.chargerTransactionId();
              return send(c, Op.STOP, null, new JsonObject().put("transactionId", tx)).map(o -> {
                JsonObject out = base(c).put("sessionId", session.id().toString())
                    .put("status", o.accepted() ? "STOPPING" : "ACTIVE").put("deviceType", "OCPP")
                    .mergeIn(CommandReplies.of(o, "RemoteStop"));
                if (o.accepted()) {
                  out.put("message", "Stop command accepted. Final session data arrives with the charger's stop message.");
                }
                return Reply.ok(out);
              });
            }));
  }

  private Future<Reply> reboot(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-reboot");
    String type = body.getString("type", body.getString("resetType", "Soft"));
    return target(ctx, p).compose(c -> control.reset(c.chargePointId(), type)
        .map(o -> Reply.ok(base(c).put("resetType", type).mergeIn(CommandReplies.of(o, type + " reset")))));
  }

  private Future<Reply> unlock(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-unlock");
    int connector = body.getInteger("connectorNumber");
    return target(ctx, p).compose(c -> control.unlock(c.chargePointId(), connector)
        .map(o -> Reply.ok(base(c).put("connectorNumber", connector).mergeIn(CommandReplies.of(o, "Unlock")))));
  }

  private Future<Reply> availability(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-availability");
    int connector = body.getInteger("connectorNumber", 0);
    String type = body.getString("type");
    return target(ctx, p).compose(c -> send(c, Op.AVAILABILITY, null, new JsonObject()
            .put("connectorNumber", connector).put("type", type))
        .map(o -> Reply.ok(base(c).put("connectorNumber", connector).put("type", type)
            .mergeIn(CommandReplies.of(o, "ChangeAvailability (" + type + ")")))));
  }

  private Future<Reply> trigger(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-trigger");
    String message = body.getString("requestedMessage");
    Integer connector = body.getInteger("connectorNumber");
    return target(ctx, p).compose(c -> control.trigger(c.chargePointId(), message, connector)
        .map(o -> Reply.ok(base(c).put("requestedMessage", message).put("connectorNumber", connector)
            .mergeIn(CommandReplies.of(o, "TriggerMessage (" + message + ")")))));
  }

  private Future<Reply> readConfiguration(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    String keys = Params.queryText(ctx, "keys", 4_000);
    JsonArray list = new JsonArray();
    if (keys != null) {
      for (String k : keys.split(",")) {
        if (!k.isBlank()) {
          list.add(k.trim());
        }
      }
    }
    return target(ctx, p).compose(c -> send(c, Op.READ_CONFIG, null, new JsonObject().put("keys", list))
        .map(o -> Reply.ok(base(c).put("ocppVersion", o.ocppVersion() == null ? c.ocppVersion() : o.ocppVersion())
            .put("result", o.response()).mergeIn(CommandReplies.of(o, o.action() == null ? "GetConfiguration" : o.action())))));
  }

  private Future<Reply> writeConfiguration(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-configuration");
    return target(ctx, p).compose(c -> send(c, Op.WRITE_CONFIG, null, body)
        .map(o -> Reply.ok(base(c).put("ocppVersion", o.ocppVersion() == null ? c.ocppVersion() : o.ocppVersion())
            .put("key", body.getString("key")).put("result", o.response())
            .mergeIn(CommandReplies.of(o, o.action() == null ? "ChangeConfiguration" : o.action())))));
  }

  private Future<Reply> getVariables(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-variables-get");
    JsonArray keys = new JsonArray();
    for (Object v : body.getJsonArray("variables")) {
      if (v instanceof JsonObject o) {
        keys.add((o.getString("component") == null ? "" : o.getString("component") + ".") + o.getString("variable"));
      } else {
        keys.add(String.valueOf(v));
      }
    }
    return target(ctx, p).compose(c -> send(c, Op.READ_CONFIG, null, new JsonObject().put("keys", keys))
        .map(o -> Reply.ok(base(c).put("ocppVersion", o.ocppVersion() == null ? c.ocppVersion() : o.ocppVersion())
            .put("result", o.response()).mergeIn(CommandReplies.of(o, "GetVariables")))));
  }

  private Future<Reply> setVariables(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-variables-set");
    return target(ctx, p).compose(c -> {
      if (!c.speaks201()) {
        return Future.failedFuture(ApiException.conflict("SetVariables is OCPP 2.0.1; this charger speaks "
            + (c.ocppVersion() == null ? "an unknown version" : "OCPP " + c.ocppVersion()) + ": use POST .../configuration"));
      }
      JsonArray data = new JsonArray();
      for (Object v : body.getJsonArray("variables")) {
        JsonObject o = (JsonObject) v;
        data.add(new JsonObject().put("attributeValue", o.getString("value"))
            .put("component", new JsonObject().put("name", o.getString("component", "Charger")))
            .put("variable", new JsonObject().put("name", o.getString("variable"))));
      }
      return send(c, Op.RAW, "SetVariables", new JsonObject().put("setVariableData", data)).map(o -> {
        JsonObject out = base(c).put("ocppVersion", "2.0.1").put("result", o.response())
            .mergeIn(CommandReplies.of(o, "SetVariables"));
        if (o.response() != null) {
          boolean all = o.response().getJsonArray("setVariableResult", new JsonArray()).stream()
              .allMatch(r -> {
                String st = ((JsonObject) r).getString("attributeStatus");
                return "Accepted".equals(st) || "RebootRequired".equals(st);
              });
          out.put("accepted", all);
        }
        return Reply.ok(out);
      });
    });
  }

  private Future<Reply> updateFirmware(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "control-firmware");
    String catalogId = body.getString("firmwareVersionId");
    if (catalogId == null && body.getString("location") == null) {
      throw ApiException.badRequest("location", "give a firmwareVersionId from the catalog or a location URL");
    }
    return target(ctx, p).compose(c -> (catalogId == null ? Future.succeededFuture((ControlQueries.FirmwareImage) null)
            : queries.firmwareImage(UUID.fromString(catalogId), c.networkId())
                .compose(found -> found.isEmpty() ? Future.failedFuture(ApiException.notFound("Firmware image"))
                    : Future.succeededFuture(found.get())))
        .compose(image -> {
          String location = image != null ? image.locationUrl() : body.getString("location");
          JsonObject params = new JsonObject().put("location", location)
              .put("retrieveDate", body.getString("retrieveDate", Instant.now().toString()))
              .put("retries", body.getInteger("retries")).put("retryInterval", body.getInteger("retryInterval"));
          return send(c, Op.FIRMWARE, null, params).map(o -> {
            JsonObject out = base(c)
                .put("firmwareVersionId", image == null ? null : image.id().toString())
                .put("firmwareVersion", image == null ? null : image.version())
                .put("location", location)
                .put("payload", o.response() == null ? null : o.response().encode())
                .mergeIn(CommandReplies.of(o, "UpdateFirmware"));
            if (o.accepted()) {
              out.put("message", "UpdateFirmware command accepted. Track progress via GET /cpms/v1/chargers/"
                  + c.id() + "/firmware/status.");
            }
            return Reply.ok(out);
          });
        }));
  }

  private Future<Reply> firmwareStatus(io.vertx.ext.web.RoutingContext ctx, ApiPrincipal p) {
    return target(ctx, p).compose(c -> live.read(c.chargePointId())
        .map(state -> Reply.ok(base(c)
            .put("currentFirmwareVersion", c.firmwareVersion())
            .put("ocppVersion", c.ocppVersion())
            .put("isOnline", state.online())
            .put("lastHeartbeat", seconds(state.lastHeartbeat()))
            .put("lastFirmwareUpdate", c.firmwareStatus() == null ? null : new JsonObject()
                .put("status", c.firmwareStatus()).put("at", Json.time(c.firmwareStatusAt()))))));
  }

  static JsonObject base(ChargerTarget c) {
    return new JsonObject().put("chargerId", c.id().toString()).put("chargePointId", c.chargePointId());
  }

  /** A live-state time as these endpoints have always shown it: ISO-8601, whole seconds. */
  static String seconds(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
