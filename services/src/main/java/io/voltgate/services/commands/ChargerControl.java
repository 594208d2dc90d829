package io.voltgate.services.commands;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.commands.CommandOutcome;
import java.util.Objects;

/**
 * The connector- and charger-level commands both the operator and the driver API send (unlock,
 * trigger, reset, charging limits, composite schedule), expressed once as facade operations: the
 * gateway turns each into the 1.6 or 2.0.1 message of the charger's connection. Every method
 * completes with the charger's answer or why there is none (offline, timeout, busy); it fails only
 * on backend errors.
 *
 * <p>Charging limits are TxDefaultProfiles whose id says whose they are, so each owner clears only
 * its own: the operator's cap {@link #OPERATOR_PROFILE_BASE} + connector (stack level 0), site load
 * balancing 91000 + connector (stack level 1, {@code LoadBalancer}), a driver's limit
 * {@link #DRIVER_PROFILE_BASE} + connector (stack level {@link #DRIVER_STACK_LEVEL}).
 */
public final class ChargerControl {

  /** Operator caps: charging profile id 90000 + connector number, stack level 0. */
  public static final int OPERATOR_PROFILE_BASE = 90_000;

  /** Driver-set limits: charging profile id 92000 + connector number. */
  public static final int DRIVER_PROFILE_BASE = 92_000;

  /**
   * A driver's limit is stacked above the operator's cap (0) and load balancing (1): within one
   * purpose the highest stack level is the one in effect, and a profile on the same purpose and
   * stack level as another would replace it (OCPP 1.6 §3.13.2), so a level of its own is what keeps
   * the operator's profile untouched. It cannot raise the operator's cap because the driver service
   * clamps it to that cap before sending.
   */
  public static final int DRIVER_STACK_LEVEL = 2;

  /**
   * A charging limit: who set it (its profile id), on which connector, in A or W.
   *
   * @param recorded whether the gateway records it as the connector's active profile: only the
   *     operator's cap is, so a driver's limit never overwrites the operator's record of its cap
   */
  public record Limit(int profileId, int stackLevel, int connectorNumber, String unit, double limit, boolean recorded) {

    public static Limit operator(int connectorNumber, String unit, double limit) {
      return new Limit(OPERATOR_PROFILE_BASE + connectorNumber, 0, connectorNumber, unit, limit, true);
    }

    public static Limit driver(int connectorNumber, String unit, double limit) {
      return new Limit(driverProfileId(connectorNumber), DRIVER_STACK_LEVEL, connectorNumber, unit, limit, false);
    }
  }

  /** The id of a driver's limit on this connector: the one profile a driver may clear. */
  public static int driverProfileId(int connectorNumber) {
    return DRIVER_PROFILE_BASE + connectorNumber;
  }

  /** Whether a profile id is in the operator's range (90000 + connector, connectors up to 999). */
  public static boolean isOperatorProfile(int profileId) {
    return profileId >= OPERATOR_PROFILE_BASE && profileId < OPERATOR_PROFILE_BASE + 1_000;
  }

  private final ChargerCommands commands;

  public ChargerControl(ChargerCommands commands) {
    this.commands = Objects.requireNonNull(commands);
  }

  /** The underlying command sender, for operations this class does not name. */
  public ChargerCommands commands() {
    return commands;
  }

  /** 1.6 UnlockConnector {connectorId}, 2.0.1 UnlockConnector {evseId, connectorId 1}. */
  public Future<CommandOutcome> unlock(String chargePointId, int connectorNumber) {
    return commands.send(chargePointId, Op.UNLOCK, null, new JsonObject().put("connectorNumber", connectorNumber));
  }

  /** TriggerMessage of {@code message}, for a connector when one is given (null: the whole charger). */
  public Future<CommandOutcome> trigger(String chargePointId, String message, Integer connectorNumber) {
    return commands.send(chargePointId, Op.TRIGGER, null, new JsonObject()
        .put("requestedMessage", message).put("connectorNumber", connectorNumber));
  }

  /** Reset Soft/Hard (2.0.1 OnIdle/Immediate). */
  public Future<CommandOutcome> reset(String chargePointId, String type) {
    return commands.send(chargePointId, Op.RESET, null, new JsonObject().put("type", type));
  }

  /** SetChargingProfile of the limit (a TxDefaultProfile); recorded as {@link Limit#recorded()} says. */
  public Future<CommandOutcome> setLimit(String chargePointId, Limit limit) {
    return commands.send(chargePointId, Op.SET_LIMIT, null, new JsonObject()
        .put("connectorNumber", limit.connectorNumber()).put("unit", limit.unit()).put("limit", limit.limit())
        .put("profileId", limit.profileId()).put("stackLevel", limit.stackLevel()).put("track", limit.recorded()));
  }

  /** ClearChargingProfile of exactly this profile id (nothing else on the charger is cleared). */
  public Future<CommandOutcome> clearLimit(String chargePointId, int profileId, int connectorNumber) {
    return commands.send(chargePointId, Op.CLEAR_LIMIT, null, new JsonObject()
        .put("profileId", profileId).put("connectorNumber", connectorNumber));
  }

  /** GetCompositeSchedule of a connector over {@code durationSeconds}, in {@code unit} (null: the charger's). */
  public Future<CommandOutcome> compositeSchedule(String chargePointId, int connectorNumber, int durationSeconds,
      String unit) {
    return commands.send(chargePointId, Op.COMPOSITE_SCHEDULE, null, new JsonObject()
        .put("connectorNumber", connectorNumber).put("duration", durationSeconds).put("unit", unit));
  }
}
