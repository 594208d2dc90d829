package io.voltgate.store.commands;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A command for one charger. Either a version-neutral facade operation ({@link Op}) that the
 * gateway node translates into the message the charger's OCPP version defines, or a raw OCPP call
 * ({@link Op#RAW} with {@code action} and {@code payload}) for the charger's own version.
 *
 * @param params operation parameters (see {@link Op} for each operation's fields)
 * @param timeoutMs how long to wait for the charger's answer
 */
public record Command(String chargePointId, Op op, String action, JsonObject params, long timeoutMs) {

  public Command {
    Objects.requireNonNull(chargePointId);
    Objects.requireNonNull(op);
    params = params == null ? new JsonObject() : params;
  }

  /**
   * Facade operations. Parameters use Voltgate's neutral names: {@code connectorNumber} (1.6
   * connectorId; 2.0.1 evseId with connectorId 1), {@code idTag}, {@code transactionId}, ...
   */
  public enum Op {
    /** Start charging: idTag, connectorNumber?, chargingProfile? (1.6 shape), remoteStartId?. */
    START,
    /** Stop charging: transactionId. */
    STOP,
    /** Reset: type Soft|Hard. */
    RESET,
    /** Unlock: connectorNumber. */
    UNLOCK,
    /** Availability: connectorNumber (0 = whole charger), type Operative|Inoperative. */
    AVAILABILITY,
    /** Trigger: requestedMessage (1.6 names), connectorNumber?. */
    TRIGGER,
    /** Read configuration: keys (list; 2.0.1 keys as Component.Variable, default component Charger). */
    READ_CONFIG,
    /** Write configuration: key, value. */
    WRITE_CONFIG,
    /** Firmware update: location, retrieveDate, retries?, retryInterval?, requestId?. */
    FIRMWARE,
    /** Upload diagnostics/logs: location, requestId?, startTime?, stopTime?. */
    LOGS,
    /**
     * Charging limit: connectorNumber, limit, unit A|W, profileId, stackLevel?, purpose? (default
     * TxDefaultProfile), transactionId? (a TxProfile's transaction: 1.6 integer, 2.0.1 string).
     */
    SET_LIMIT,
    /** Clear a charging limit: profileId. */
    CLEAR_LIMIT,
    /** Composite schedule: connectorNumber, duration, unit?. */
    COMPOSITE_SCHEDULE,
    /** Reserve: connectorNumber, idTag, expiryDate, reservationId. */
    RESERVE,
    /** Cancel a reservation: reservationId. */
    CANCEL_RESERVATION,
    /** Clear the authorisation cache. */
    CLEAR_CACHE,
    /** Vendor data: vendorId, messageId?, data?. */
    DATA_TRANSFER,
    /** Raw OCPP: {@code action} and {@code params} as the payload, for the charger's version. */
    RAW
  }

  public JsonObject toJson() {
    return new JsonObject().put("cp", chargePointId).put("op", op.name()).put("action", action)
        .put("params", params).put("timeoutMs", timeoutMs);
  }

  public static Command fromJson(JsonObject j) {
    return new Command(j.getString("cp"), Op.valueOf(j.getString("op")), j.getString("action"),
        j.getJsonObject("params"), j.getLong("timeoutMs", 30_000L));
  }
}
