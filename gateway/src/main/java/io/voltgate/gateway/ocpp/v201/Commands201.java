package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import static io.voltgate.gateway.ocpp.command.CommandParams.integer;
import static io.voltgate.gateway.ocpp.command.CommandParams.number;
import static io.voltgate.gateway.ocpp.command.CommandParams.putInt;
import static io.voltgate.gateway.ocpp.command.CommandParams.required;
import static io.voltgate.gateway.ocpp.command.CommandParams.tree;

import io.voltgate.gateway.ocpp.command.CommandTranslator;
import io.voltgate.gateway.ocpp.command.OcppCall;
import io.voltgate.gateway.ocpp.command.Outcomes;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.gateway.ocpp.rpc.FrameCodec;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.commands.CommandOutcome.Kind;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version-neutral commands as OCPP 2.0.1 messages. {@code connectorNumber} is the EVSE id (connector
 * 1 of it); configuration keys are {@code Component.Variable}, the component defaulting to
 * {@code Charger} when a key has no dot.
 */
public final class Commands201 implements CommandTranslator {

  private static final String VERSION = "2.0.1";
  public static final String DEFAULT_COMPONENT = "Charger";

  @Override
  public OcppCall translate(Command c) {
    JsonObject p = c.params();
    ObjectNode out = Payloads.object();
    Integer evse = p.getInteger("connectorNumber");
    switch (c.op()) {
      case START -> {
        idToken(out.putObject("idToken"), required(p, "idTag"), p.getString("idTokenType", "Central"));
        out.put("remoteStartId", p.getInteger("remoteStartId", ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)));
        if (evse != null && evse > 0) {
          out.put("evseId", evse);
        }
        if (p.getJsonObject("chargingProfile") != null) {
          out.set("chargingProfile", tree(p.getJsonObject("chargingProfile")));
        }
        return new OcppCall("RequestStartTransaction", out);
      }
      case STOP -> {
        return new OcppCall("RequestStopTransaction", out.put("transactionId", required(p, "transactionId")));
      }
      case RESET -> {
        String type = p.getString("type", "Soft");
        out.put("type", "Hard".equals(type) || "Immediate".equals(type) ? "Immediate" : "OnIdle");
        if (evse != null && evse > 0) {
          out.put("evseId", evse);
        }
        return new OcppCall("Reset", out);
      }
      case UNLOCK -> {
        return new OcppCall("UnlockConnector", out.put("evseId", positive(evse, "connectorNumber"))
            .put("connectorId", p.getInteger("connectorId", 1)));
      }
      case AVAILABILITY -> {
        out.put("operationalStatus", required(p, "type"));
        if (evse != null && evse > 0) {
          out.putObject("evse").put("id", evse);
        }
        return new OcppCall("ChangeAvailability", out);
      }
      case TRIGGER -> {
        String requested = required(p, "requestedMessage");
        out.put("requestedMessage", "DiagnosticsStatusNotification".equals(requested) ? "LogStatusNotification" : requested);
        if (evse != null && evse > 0) {
          ObjectNode e = out.putObject("evse").put("id", evse);
          if ("StatusNotification".equals(requested)) {
            e.put("connectorId", 1);
          }
        }
        return new OcppCall("TriggerMessage", out);
      }
      case READ_CONFIG -> {
        JsonArray keys = p.getJsonArray("keys");
        if (keys == null || keys.isEmpty()) {
          return new OcppCall("GetBaseReport", out.put("requestId", ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE))
              .put("reportBase", "FullInventory"));
        }
        ArrayNode data = out.putArray("getVariableData");
        keys.forEach(key -> componentVariable(data.addObject(), String.valueOf(key)));
        return new OcppCall("GetVariables", out);
      }
      case WRITE_CONFIG -> {
        ObjectNode item = out.putArray("setVariableData").addObject().put("attributeValue", required(p, "value"));
        componentVariable(item, required(p, "key"));
        return new OcppCall("SetVariables", out);
      }
      case FIRMWARE -> {
        out.put("requestId", p.getInteger("requestId", ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)));
        out.putObject("firmware").put("location", required(p, "location"))
            .put("retrieveDateTime", p.getString("retrieveDate", Payloads.time(Instant.now())));
        putInt(out, "retries", p.getInteger("retries"));
        putInt(out, "retryInterval", p.getInteger("retryInterval"));
        return new OcppCall("UpdateFirmware", out);
      }
      case LOGS -> {
        out.put("logType", p.getString("logType", "DiagnosticsLog"))
            .put("requestId", p.getInteger("requestId", ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)));
        ObjectNode log = out.putObject("log").put("remoteLocation", required(p, "location"));
        if (p.getString("startTime") != null) {
          log.put("oldestTimestamp", p.getString("startTime"));
        }
        if (p.getString("stopTime") != null) {
          log.put("latestTimestamp", p.getString("stopTime"));
        }
        return new OcppCall("GetLog", out);
      }
      case SET_LIMIT -> {
        double limit = number(p, "limit");
        int profileId = integer(p, "profileId");
        ObjectNode profile = out.put("evseId", evse == null ? 0 : evse).putObject("chargingProfile")
            .put("id", profileId).put("stackLevel", p.getInteger("stackLevel", 0))
            .put("chargingProfilePurpose", p.getString("purpose", "TxDefaultProfile"))
            .put("chargingProfileKind", "Absolute");
        if (p.getValue("transactionId") != null) {
          profile.put("transactionId", String.valueOf(p.getValue("transactionId")));
        }
        ObjectNode schedule = profile.putArray("chargingSchedule").addObject().put("id", profileId)
            .put("startSchedule", Payloads.time(Instant.now()))
            .put("chargingRateUnit", p.getString("unit", "A"));
        schedule.putArray("chargingSchedulePeriod").addObject().put("startPeriod", 0).put("limit", limit);
        return new OcppCall("SetChargingProfile", out);
      }
      case CLEAR_LIMIT -> {
        putInt(out, "chargingProfileId", p.getInteger("profileId"));
        return new OcppCall("ClearChargingProfile", out);
      }
      case COMPOSITE_SCHEDULE -> {
        out.put("duration", p.getInteger("duration", 3600)).put("evseId", evse == null ? 0 : evse);
        if (p.getString("unit") != null) {
          out.put("chargingRateUnit", p.getString("unit"));
        }
        return new OcppCall("GetCompositeSchedule", out);
      }
      case RESERVE -> {
        out.put("id", integer(p, "reservationId")).put("expiryDateTime", required(p, "expiryDate"));
        idToken(out.putObject("idToken"), required(p, "idTag"), p.getString("idTokenType", "Central"));
        if (evse != null && evse > 0) {
          out.put("evseId", evse);
        }
        return new OcppCall("ReserveNow", out);
      }
      case CANCEL_RESERVATION -> {
        return new OcppCall("CancelReservation", out.put("reservationId", integer(p, "reservationId")));
      }
      case CLEAR_CACHE -> {
        return new OcppCall("ClearCache", out);
      }
      case DATA_TRANSFER -> {
        out.put("vendorId", required(p, "vendorId"));
        if (p.getString("messageId") != null) {
          out.put("messageId", p.getString("messageId"));
        }
        if (p.getValue("data") != null) {
          out.set("data", FrameCodec.MAPPER.valueToTree(p.getValue("data") instanceof JsonObject jo ? jo.getMap()
              : p.getValue("data") instanceof JsonArray ja ? ja.getList() : p.getValue("data")));
        }
        return new OcppCall("DataTransfer", out);
      }
      case RAW -> {
        if (c.action() == null) {
          throw new InvalidCommandException("a raw command needs an action");
        }
        return new OcppCall(c.action(), tree(p));
      }
      default -> throw new InvalidCommandException(c.op() + " is not available in OCPP 2.0.1");
    }
  }

  @Override
  public CommandOutcome interpret(Command c, OcppCall call, ObjectNode response) {
    switch (call.action()) {
      case "UnlockConnector":
        return Outcomes.byStatus(call, response, VERSION, Set.of("Unlocked"));
      case "ChangeAvailability":
        return Outcomes.byStatus(call, response, VERSION, Set.of("Accepted", "Scheduled"));
      case "GetVariables":
        return new CommandOutcome(Kind.ACCEPTED, "Accepted", null, Payloads.toVertx(response), null, call.action(), VERSION);
      case "SetVariables": {
        JsonNode result = response.path("setVariableResult").path(0);
        String status = Payloads.text(result, "attributeStatus");
        boolean ok = "Accepted".equals(status) || "RebootRequired".equals(status);
        JsonNode info = result.get("attributeStatusInfo");
        String reason = info == null ? "Charger answered " + status : Payloads.text(info, "reasonCode");
        return new CommandOutcome(ok ? Kind.ACCEPTED : Kind.REJECTED, status, reason, Payloads.toVertx(response),
            null, call.action(), VERSION);
      }
      default:
        return Outcomes.byStatus(call, response, VERSION, Set.of("Accepted"));
    }
  }

  /** {@code Component.Variable} (component defaults to Charger) into component/variable objects. */
  static void componentVariable(ObjectNode item, String key) {
    int dot = key.indexOf('.');
    String component = dot > 0 ? key.substring(0, dot) : DEFAULT_COMPONENT;
    String variable = dot > 0 ? key.substring(dot + 1) : key;
    if (variable.isEmpty()) {
      throw new InvalidCommandException("configuration key '" + key + "' has no variable name");
    }
    item.putObject("component").put("name", component);
    item.putObject("variable").put("name", variable);
  }

  private static void idToken(ObjectNode node, String token, String type) {
    node.put("idToken", token).put("type", type);
  }

  private static int positive(Integer v, String name) {
    if (v == null || v < 1) {
      throw new InvalidCommandException(name + " must be 1 or more");
    }
    return v;
  }

}
