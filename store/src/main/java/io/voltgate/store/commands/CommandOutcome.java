package io.voltgate.store.commands;

import io.vertx.core.json.JsonObject;

/**
 * What became of a command sent to a charger, version-neutral.
 *
 * @param kind accepted / rejected (the charger answered), or a failure: offline, timeout, callError,
 *     busy, invalid (the command could not be expressed for this charger)
 * @param status the charger's status value (e.g. {@code Accepted}, {@code Rejected}, {@code Unlocked})
 * @param reason a readable explanation (charger's statusInfo/reason, error description, ...)
 * @param response the charger's raw CALLRESULT payload, or null
 * @param errorCode CALLERROR code for {@code callError}
 * @param action the OCPP action that was sent, e.g. {@code GetVariables}
 * @param ocppVersion the charger's negotiated version, e.g. {@code 2.0.1}
 */
public record CommandOutcome(
    Kind kind,
    String status,
    String reason,
    JsonObject response,
    String errorCode,
    String action,
    String ocppVersion) {

  /** The outcome classes callers branch on. */
  public enum Kind {
    ACCEPTED, REJECTED, OFFLINE, TIMEOUT, CALL_ERROR, BUSY, INVALID;

    public String wire() {
      return switch (this) {
        case CALL_ERROR -> "callError";
        default -> name().toLowerCase(java.util.Locale.ROOT);
      };
    }

    public static Kind fromWire(String s) {
      return "callError".equals(s) ? CALL_ERROR : valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public boolean accepted() {
    return kind == Kind.ACCEPTED;
  }

  /** Failures worth retrying later: the charger was unreachable, slow or busy. */
  public boolean retryable() {
    return kind == Kind.OFFLINE || kind == Kind.TIMEOUT || kind == Kind.BUSY;
  }

  public static CommandOutcome failure(Kind kind, String reason) {
    return new CommandOutcome(kind, null, reason, null, null, null, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind.wire()).put("status", status).put("reason", reason)
        .put("response", response).put("errorCode", errorCode).put("action", action)
        .put("ocppVersion", ocppVersion).put("retryable", retryable());
  }

  public static CommandOutcome fromJson(JsonObject j) {
    return new CommandOutcome(Kind.fromWire(j.getString("kind")), j.getString("status"), j.getString("reason"),
        j.getJsonObject("response"), j.getString("errorCode"), j.getString("action"), j.getString("ocppVersion"));
  }
}
