package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import static io.voltgate.gateway.ocpp.command.CommandParams.integer;
import static io.voltgate.gateway.ocpp.command.CommandParams.number;
import static io.voltgate.gateway.ocpp.command.CommandParams.putInt;
import static io.voltgate.gateway.ocpp.command.CommandParams.putText;
import static io.voltgate.gateway.ocpp.command.CommandParams.required;
import static io.voltgate.gateway.ocpp.command.CommandParams.tree;

import io.voltgate.gateway.ocpp.command.CommandTranslator;
import io.voltgate.gateway.ocpp.command.OcppCall;
import io.voltgate.gateway.ocpp.command.Outcomes;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandOutcome;
import java.util.Set;

/** Version-neutral commands as OCPP 1.6 messages (the facade table is in ARCHITECTURE.md). */
public final class Commands16 implements CommandTranslator {

  private static final String VERSION = "1.6";

  @Override
  public OcppCall translate(Command c) {
    JsonObject p = c.params();
    ObjectNode out = Payloads.object();
    switch (c.op()) {
      case START -> {
        out.put("idTag", required(p, "idTag"));
        putInt(out, "connectorId", p.getInteger("connectorNumber"));
        if (p.getJsonObject("chargingProfile") != null) {
          out.set("chargingProfile", tree(p.getJsonObject("chargingProfile")));
        }
        return new OcppCall("RemoteStartTransaction", out);
      }
      case STOP -> {
        return new OcppCall("RemoteStopTransaction", out.put("transactionId", integer(p, "transactionId")));
      }
      case RESET -> {
        return new OcppCall("Reset", out.put("type", p.getString("type", "Soft")));
      }
      case UNLOCK -> {
        return new OcppCall("UnlockConnector", out.put("connectorId", integer(p, "connectorNumber")));
      }
      case AVAILABILITY -> {
        return new OcppCall("ChangeAvailability", out.put("connectorId", p.getInteger("connectorNumber", 0))
            .put("type", required(p, "type")));
      }
      case TRIGGER -> {
        out.put("requestedMessage", required(p, "requestedMessage"));
        putInt(out, "connectorId", p.getInteger("connectorNumber"));
        return new OcppCall("TriggerMessage", out);
      }
      case READ_CONFIG -> {
        JsonArray keys = p.getJsonArray("keys");
        if (keys != null && !keys.isEmpty()) {
          ArrayNode k = out.putArray("key");
          keys.forEach(key -> k.add(String.valueOf(key)));
        }
        return new OcppCall("GetConfiguration", out);
      }
      case WRITE_CONFIG -> {
        return new OcppCall("ChangeConfiguration", out.put("key", required(p, "key")).put("value", required(p, "value")));
      }
      case FIRMWARE -> {
        out.put("location", required(p, "location")).put("retrieveDate", p.getString("retrieveDate",
            Payloads.time(java.time.Instant.now())));
        putInt(out, "retries", p.getInteger("retries"));
        putInt(out, "retryInterval", p.getInteger("retryInterval"));
        return new OcppCall("UpdateFirmware", out);
      }
      case LOGS -> {
        out.put("location", required(p, "location"));
        putInt(out, "retries", p.getInteger("retries"));
        putInt(out, "retryInterval", p.getInteger("retryInterval"));
        putText(out, "startTime", p.getString("startTime"));
        putText(out, "stopTime", p.getString("stopTime"));
        return new OcppCall("GetDiagnostics", out);
      }
      case SET_LIMIT -> {
        ObjectNode profile = out.put("connectorId", p.getInteger("connectorNumber", 0)).putObject("csChargingProfiles");
        profile.put("chargingProfileId", integer(p, "profileId")).put("stackLevel", p.getInteger("stackLevel", 0))
            .put("chargingProfilePurpose", p.getString("purpose", "TxDefaultProfile"))
            .put("chargingProfileKind", "Absolute");
        if (p.getValue("transactionId") != null) {
          profile.put("transactionId", integer(p, "transactionId"));
        }
        profile.put("validFrom", Payloads.time(java.time.Instant.now()));
        ObjectNode schedule = profile.putObject("chargingSchedule").put("chargingRateUnit", p.getString("unit", "A"))
            .put("startSchedule", Payloads.time(java.time.Instant.now()));
        schedule.putArray("chargingSchedulePeriod").addObject().put("startPeriod", 0)
            .put("limit", number(p, "limit"));
        return new OcppCall("SetChargingProfile", out);
      }
      case CLEAR_LIMIT -> {
        putInt(out, "id", p.getInteger("profileId"));
        putInt(out, "connectorId", p.getInteger("connectorNumber"));
        return new OcppCall("ClearChargingProfile", out);
      }
      case COMPOSITE_SCHEDULE -> {
        out.put("connectorId", p.getInteger("connectorNumber", 0)).put("duration", p.getInteger("duration", 3600));
        putText(out, "chargingRateUnit", p.getString("unit"));
        return new OcppCall("GetCompositeSchedule", out);
      }
      case RESERVE -> {
        return new OcppCall("ReserveNow", out.put("connectorId", p.getInteger("connectorNumber", 0))
            .put("expiryDate", required(p, "expiryDate")).put("idTag", required(p, "idTag"))
            .put("reservationId", integer(p, "reservationId")));
      }
      case CANCEL_RESERVATION -> {
        return new OcppCall("CancelReservation", out.put("reservationId", integer(p, "reservationId")));
      }
      case CLEAR_CACHE -> {
        return new OcppCall("ClearCache", out);
      }
      case DATA_TRANSFER -> {
        out.put("vendorId", required(p, "vendorId"));
        putText(out, "messageId", p.getString("messageId"));
        putText(out, "data", p.getValue("data") == null ? null : String.valueOf(p.getValue("data")));
        return new OcppCall("DataTransfer", out);
      }
      case RAW -> {
        if (c.action() == null) {
          throw new InvalidCommandException("a raw command needs an action");
        }
        return new OcppCall(c.action(), tree(p));
      }
      default -> throw new InvalidCommandException(c.op() + " is not available in OCPP 1.6");
    }
  }

  @Override
  public CommandOutcome interpret(Command c, OcppCall call, ObjectNode response) {
    return switch (call.action()) {
      case "UnlockConnector" -> Outcomes.byStatus(call, response, VERSION, Set.of("Unlocked"));
      case "ChangeAvailability" -> Outcomes.byStatus(call, response, VERSION, Set.of("Accepted", "Scheduled"));
      case "ChangeConfiguration" -> Outcomes.byStatus(call, response, VERSION, Set.of("Accepted", "RebootRequired"));
      default -> Outcomes.byStatus(call, response, VERSION, Set.of("Accepted"));
    };
  }
}
