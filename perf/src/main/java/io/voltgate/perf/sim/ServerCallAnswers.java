package io.voltgate.perf.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a simulated charger answers to the CSMS's CALLs: schema-valid, accepting, echoing the request. */
public final class ServerCallAnswers {

  private ServerCallAnswers() {
  }

  /** The CALLRESULT payload, or null for an action the simulator does not do (→ NotImplemented). */
  public static JsonObject answer(boolean v201, String action, JsonObject req) {
    switch (action) {
      case "Reset", "ChangeAvailability", "TriggerMessage", "ChangeConfiguration", "ClearCache", "DataTransfer",
          "RemoteStartTransaction", "RemoteStopTransaction", "RequestStartTransaction", "RequestStopTransaction",
          "SetChargingProfile", "ClearChargingProfile", "ReserveNow", "CancelReservation", "SendLocalList",
          "UpdateFirmware" -> {
        if (v201 && "UpdateFirmware".equals(action)) {
          return accepted();
        }
        if (!v201 && "UpdateFirmware".equals(action)) {
          return new JsonObject();
        }
        return accepted();
      }
      case "UnlockConnector" -> {
        return new JsonObject().put("status", "Unlocked");
      }
      case "GetLocalListVersion" -> {
        return new JsonObject().put("listVersion", 1);
      }
      case "GetConfiguration" -> {
        JsonArray keys = new JsonArray();
        JsonArray asked = req.getJsonArray("key");
        if (asked != null) {
          for (Object k : asked) {
            keys.add(new JsonObject().put("key", k).put("readonly", false).put("value", "300"));
          }
        }
        return new JsonObject().put("configurationKey", keys);
      }
      case "GetVariables" -> {
        JsonArray results = new JsonArray();
        for (Object o : req.getJsonArray("getVariableData", new JsonArray())) {
          JsonObject d = (JsonObject) o;
          results.add(new JsonObject().put("attributeStatus", "Accepted").put("attributeValue", "300")
              .put("component", d.getJsonObject("component")).put("variable", d.getJsonObject("variable")));
        }
        return new JsonObject().put("getVariableResult", results);
      }
      case "SetVariables" -> {
        JsonArray results = new JsonArray();
        for (Object o : req.getJsonArray("setVariableData", new JsonArray())) {
          JsonObject d = (JsonObject) o;
          results.add(new JsonObject().put("attributeStatus", "Accepted")
              .put("component", d.getJsonObject("component")).put("variable", d.getJsonObject("variable")));
        }
        return new JsonObject().put("setVariableResult", results);
      }
      default -> {
        return null;
      }
    }
  }

  private static JsonObject accepted() {
    return new JsonObject().put("status", "Accepted");
  }
}
