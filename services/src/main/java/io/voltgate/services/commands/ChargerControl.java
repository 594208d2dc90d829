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
 * <p>Charging limits are profiles whose id says whose they are, so each owner clears only its own:
 * the operator's cap {@link #OPERATOR_PROFILE_BASE} + connector (a TxDefaultProfile, stack level 0),
 * site load balancing 91000 + connector (TxDefaultProfile, stack level 1, {@code LoadBalancer}), a
 * driver's limit {@link #DRIVER_PROFILE_BASE} + connector (a TxProfile of the driver's transaction,
 * stack level {@link #DRIVER_STACK_LEVEL}): the charger discards it when that transaction ends.
 */
public final class ChargerControl {

  /** Operator caps: charging profile id 90000 + connector number, stack level 0. */
  public static final int OPERATOR_PROFILE_BASE = 90_000;

  /** Driver-set limits: charging profile id 92000 + connector number. */
  public static final int DRIVER_PROFILE_BASE = 92_000;

  /**
   * The stack level of a driver's TxProfile. A TxProfile overrides the connector's TxDefaultProfiles
   * (the operator's cap at 0, load balancing at 1) whatever their levels, so the level matters only
   * among TxProfiles of the same transaction, where the highest is in effect and one with the same
   * purpose and level replaces another (OCPP 1.6 §3.13.2). Voltgate sends no other TxProfile; 2
   * keeps the driver's clear of one sent at a lower level. Overriding the operator's TxDefault cap cannot raise it because the
   * driver service clamps the limit to that cap before sending.
   */
  public static final int DRIVER_STACK_LEVEL = 2;

  /**
   * A charging limit: who set it (its profile id), on which connector, in A or W.
   *
   * @param recorded whether the gateway records it as the connector's active profile: only the
   *     operator's cap is, so a driver's limit never overwrites the operator's record of its cap
   * @param transactionId null for a TxDefaultProfile (the connector's, until cleared); else a
   *     TxProfile of the transaction the charger knows by this id (1.6 Integer, 2.0.1 String), which
   *     the charger discards when that transaction ends
   */
  public record Limit(int profileId, int stackLevel, int connectorNumber, String unit, double limit, boolean recorded,
      Object transactionId) {

    public static Limit operator(int connectorNumber, String unit, double limit) {
      return new Limit(OPERATOR_PROFILE_BASE + connectorNumber, 0, connectorNumber, unit, limit, true, null);
    }

    /** A driver's limit: a TxProfile of their running transaction ({@code transactionId}, never null). */
    public static Limit driver(int connectorNumber, String unit, double limit, Object transactionId) {
      return new Limit(driverProfileId(connectorNumber), DRIVER_STACK_LEVEL, connectorNumber, unit, limit, false,
          Objects.requireNonNull(transactionId, "a driver's limit is bound to a transaction"));
    }

    /** The OCPP chargingProfilePurpose: TxProfile when bound to a transaction, else TxDefaultProfile. */
    public String purpose() {
      return transactionId == null ? "TxDefaultProfile" : "TxProfile";
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

  /**
   * SetChargingProfile of the limit ({@link Limit#purpose()}, with its transaction id when a
   * TxProfile); recorded as {@link Limit#recorded()} says.
   */
  public Future<CommandOutcome> setLimit(String chargePointId, Limit limit) {
    JsonObject params = new JsonObject()
        .put("connectorNumber", limit.connectorNumber()).put("unit", limit.unit()).put("limit", limit.limit())
        .put("profileId", limit.profileId()).put("stackLevel", limit.stackLevel()).put("track", limit.recorded())
        .put("purpose", limit.purpose());
    if (limit.transactionId() != null) {
      params.put("transactionId", limit.transactionId());
    }
    return commands.send(chargePointId, Op.SET_LIMIT, null, params);
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
