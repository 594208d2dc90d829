package io.voltgate.services.charging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.services.commands.ChargerControl;
import io.voltgate.services.commands.ChargerControl.Limit;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.query.ControlQueries;
import io.voltgate.store.query.ReservationQueries;
import io.voltgate.store.query.Scope;
import io.voltgate.store.query.SessionQueries;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Connector and charger control for the driver API, and who may use it. A back end (a network
 * scope) may act on any charger of its networks. A driver may act on a connector only while they
 * use it: a running session there started with one of their tokens, or a reservation of that
 * connector the charger accepted and that has not expired. A driver may reset a charger only Soft,
 * only while charging on it, and only when nobody else is: a reset ends every session on the
 * charger. The commands themselves are {@link ChargerControl}'s, the same the operator API sends;
 * a driver's limit is a profile of its own ({@link Limit#driver}), clamped to the operator's cap and
 * bound to the running transaction on the connector (a TxProfile): it needs that session, a
 * reservation is not enough, and the charger discards it when the transaction ends.
 */
public final class DriverControl {

  /** Why nothing was sent. */
  public enum Refusal {
    /** No charger with this id in the caller's networks. */
    NO_CHARGER,
    /** A driver who neither charges on nor holds a reservation of the connector. */
    NOT_USING_CONNECTOR,
    /** A driver who has no running session on the charger (reset). */
    NOT_CHARGING_HERE,
    /** A driver asked for a Hard reset. */
    RESET_TYPE,
    /** Others are charging on the charger a driver would reset. */
    CHARGER_SHARED,
    /** Site load balancing owns the connector's speed. */
    LOAD_BALANCED,
    /** The operator caps the connector in the other unit: the driver's limit cannot be compared to it. */
    UNIT_MISMATCH,
    /** No running session of the caller on the connector: a limit has no transaction to be bound to. */
    NO_ACTIVE_SESSION
  }

  /**
   * What became of a request: refused before anything was sent, or sent with the charger's answer.
   *
   * @param limit the limit sent (a driver's request clamped to the operator's cap), else null
   * @param operatorUnit the operator cap's unit when {@link Refusal#UNIT_MISMATCH}, else null
   * @param sessionId the session whose transaction the limit is bound to, else null
   */
  public record Done(Refusal refusal, CommandOutcome outcome, Limit limit, String operatorUnit, UUID sessionId) {

    static Done refused(Refusal why) {
      return new Done(why, null, null, null, null);
    }

    static Done sent(CommandOutcome outcome) {
      return new Done(null, outcome, null, null, null);
    }
  }

  /** The only reset type a driver may ask for: Soft lets the charger finish gracefully. */
  public static final String DRIVER_RESET = "Soft";

  /** The horizon of the composite schedule a driver is shown. */
  public static final int SCHEDULE_SECONDS = 3_600;

  private final ControlQueries chargers;
  private final SessionQueries sessions;
  private final ReservationQueries reservations;
  private final ChargerControl control;

  public DriverControl(ControlQueries chargers, SessionQueries sessions, ReservationQueries reservations,
      ChargerControl control) {
    this.chargers = Objects.requireNonNull(chargers);
    this.sessions = Objects.requireNonNull(sessions);
    this.reservations = Objects.requireNonNull(reservations);
    this.control = Objects.requireNonNull(control);
  }

  /** UnlockConnector on a connector the caller may use. */
  public Future<Done> unlock(Scope scope, Scope catalogue, UUID chargerId, int connector) {
    return onConnector(scope, catalogue, chargerId, connector, cp -> control.unlock(cp, connector).map(Done::sent));
  }

  /** TriggerMessage of {@code message} for a connector the caller may use. */
  public Future<Done> trigger(Scope scope, Scope catalogue, UUID chargerId, String message, int connector) {
    return onConnector(scope, catalogue, chargerId, connector,
        cp -> control.trigger(cp, message, connector).map(Done::sent));
  }

  /** GetCompositeSchedule of a connector the caller may use: the limit in effect, whoever set it. */
  public Future<Done> effectiveLimit(Scope scope, Scope catalogue, UUID chargerId, int connector, String unit) {
    return onConnector(scope, catalogue, chargerId, connector,
        cp -> control.compositeSchedule(cp, connector, SCHEDULE_SECONDS, unit).map(Done::sent));
  }

  /**
   * Sets the driver limit on a connector the caller may use, as a TxProfile of the caller's running
   * transaction there (a driver: their own session; a back end: its networks' session on the
   * connector); without one, refused. Refused where load balancing runs; clamped to the operator's
   * cap (same unit; another unit is refused) so it can only lower it.
   */
  public Future<Done> setLimit(Scope scope, Scope catalogue, UUID chargerId, int connector, String unit, double limit) {
    return onConnector(scope, catalogue, chargerId, connector, cp -> chargers.loadBalanced(chargerId)
        .compose(balanced -> balanced ? Future.succeededFuture(Done.refused(Refusal.LOAD_BALANCED))
            : sessions.active(scope, chargerId, connector).compose(session -> session.isEmpty()
                ? Future.succeededFuture(Done.refused(Refusal.NO_ACTIVE_SESSION))
                : chargers.activeProfile(chargerId, connector).compose(profile -> {
                  Optional<JsonObject> cap = profile.filter(DriverControl::isOperatorCap);
                  if (cap.isPresent() && !unit.equals(cap.get().getString("unit", "A"))) {
                    return Future.succeededFuture(
                        new Done(Refusal.UNIT_MISMATCH, null, null, cap.get().getString("unit", "A"), null));
                  }
                  double allowed = cap.map(c -> Math.min(limit, c.getDouble("limit", limit))).orElse(limit);
                  Limit sent = Limit.driver(connector, unit, allowed, session.get().chargerTransactionId());
                  return control.setLimit(cp, sent).map(o -> new Done(null, o, sent, null, session.get().id()));
                }))));
  }

  /** Clears exactly the driver limit of a connector the caller may use (the operator's profiles stay). */
  public Future<Done> clearLimit(Scope scope, Scope catalogue, UUID chargerId, int connector) {
    return onConnector(scope, catalogue, chargerId, connector,
        cp -> control.clearLimit(cp, ChargerControl.driverProfileId(connector), connector).map(Done::sent));
  }

  /**
   * Resets the charger. A back end: {@code type} as asked. A driver: Soft only, only while charging
   * on the charger, and only when every running session on it is theirs.
   */
  public Future<Done> reset(Scope scope, Scope catalogue, UUID chargerId, String type) {
    return charger(catalogue, chargerId, cp -> {
      if (!scope.isDriver()) {
        return control.reset(cp, type).map(Done::sent);
      }
      if (!DRIVER_RESET.equals(type)) {
        return Future.succeededFuture(Done.refused(Refusal.RESET_TYPE));
      }
      Future<List<Integer>> own = sessions.activeEvses(scope, chargerId);
      Future<List<Integer>> all = sessions.activeEvses(Scope.unrestricted(), chargerId);
      return Future.all(own, all).compose(both -> {
        if (own.result().isEmpty()) {
          return Future.succeededFuture(Done.refused(Refusal.NOT_CHARGING_HERE));
        }
        if (all.result().size() > own.result().size()) {
          return Future.succeededFuture(Done.refused(Refusal.CHARGER_SHARED));
        }
        return control.reset(cp, type).map(Done::sent);
      });
    });
  }

  /** Whether a stored active profile is an operator cap (a driver's and load balancing's are never stored). */
  private static boolean isOperatorCap(JsonObject profile) {
    Integer id = profile.getInteger("profileId");
    return id != null && ChargerControl.isOperatorProfile(id);
  }

  /** Runs {@code act} with the charger's charge point id when the caller may use the connector. */
  private Future<Done> onConnector(Scope scope, Scope catalogue, UUID chargerId, int connector,
      Function<String, Future<Done>> act) {
    return charger(catalogue, chargerId, cp -> uses(scope, chargerId, connector)
        .compose(may -> may ? act.apply(cp) : Future.succeededFuture(Done.refused(Refusal.NOT_USING_CONNECTOR))));
  }

  /** Runs {@code act} with the charge point id of a charger of the caller's networks. */
  private Future<Done> charger(Scope catalogue, UUID chargerId, Function<String, Future<Done>> act) {
    return chargers.charger(catalogue, chargerId).compose(found -> found.isEmpty()
        ? Future.succeededFuture(Done.refused(Refusal.NO_CHARGER))
        : act.apply(found.get().chargePointId()));
  }

  /** A back end uses every connector of its networks; a driver those they charge on or hold. */
  private Future<Boolean> uses(Scope scope, UUID chargerId, int connector) {
    if (!scope.isDriver()) {
      return Future.succeededFuture(true);
    }
    return sessions.activeEvses(scope, chargerId).compose(charging -> charging.contains(connector)
        ? Future.succeededFuture(true)
        : reservations.heldConnectors(scope.requireDriver(), chargerId).map(held -> held.contains(connector)));
  }
}
