package io.voltgate.services.reservations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.model.EventType;
import io.voltgate.store.model.ReservationChange;
import io.voltgate.store.query.ReservationQueries;
import io.voltgate.store.query.ReservationQueries.Reservation;
import io.voltgate.store.query.Scope;
import io.voltgate.store.redis.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * A driver's connector reservations (OCPP ReserveNow / CancelReservation through the command
 * service). The row is stored {@code Requested} before ReserveNow is sent, so the charger's answer
 * and its later messages (handled by the gateway) always find it; the charger's answer, or why there
 * is none, becomes the status. Created and cancelled reservations are published as
 * {@link EventType#RESERVATION_STATUS} (the gateway publishes expired, removed and used).
 */
public final class Reservations {

  /** The longest hold a driver may ask for. */
  public static final Duration MAX_HOLD = Duration.ofHours(2);

  /** How a request went. */
  public enum Status {
    /** Stored and sent: see the reservation's status for the charger's answer. */
    DONE,
    /** The expiry is not in the future or beyond {@link #MAX_HOLD}. */
    BAD_EXPIRY,
    /** No such connector on a public charger of the driver's network (or no such reservation). */
    NOT_FOUND,
    /** The driver has no valid token to reserve with (or the named one is not the driver's). */
    NO_TOKEN,
    /** The driver already holds an active reservation (create), or it is no longer active (cancel). */
    CONFLICT
  }

  /** @param reservation the reservation, when {@link Status#DONE} */
  public record Outcome(Status status, Reservation reservation) {
    static Outcome of(Status status) {
      return new Outcome(status, null);
    }
  }

  private final ReservationQueries reservations;
  private final ChargerCommands commands;
  private final EventPublisher events;
  private final Clock clock;

  public Reservations(ReservationQueries reservations, ChargerCommands commands, EventPublisher events, Clock clock) {
    this.reservations = Objects.requireNonNull(reservations);
    this.commands = Objects.requireNonNull(commands);
    this.events = Objects.requireNonNull(events);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Reserves the connector for the driver of the scope (a driver scope only) until {@code expiry}.
   *
   * @param idTag one of the driver's tokens to reserve with, or null for the driver's app token
   */
  public Future<Outcome> reserve(Scope scope, UUID chargerId, int connectorNumber, Instant expiry, String idTag) {
    Scope.Driver driver = scope.requireDriver();
    Instant now = clock.instant();
    if (!expiry.isAfter(now) || expiry.isAfter(now.plus(MAX_HOLD))) {
      return Future.succeededFuture(Outcome.of(Status.BAD_EXPIRY));
    }
    return reservations.target(driver, chargerId, connectorNumber).compose(target -> {
      if (target.isEmpty()) {
        return Future.succeededFuture(Outcome.of(Status.NOT_FOUND));
      }
      return reservations.driverToken(driver, idTag).compose(token -> {
        if (token.isEmpty()) {
          return Future.succeededFuture(Outcome.of(Status.NO_TOKEN));
        }
        return reservations.insert(UUID.randomUUID(), target.get(), driver, token.get().uid(),
                OffsetDateTime.ofInstant(expiry, ZoneOffset.UTC))
            .compose(stored -> stored.isEmpty() ? Future.succeededFuture(Outcome.of(Status.CONFLICT))
                : sendReserveNow(stored.get(), idTokenType(token.get().type())).map(r -> new Outcome(Status.DONE, r)));
      });
    });
  }

  /**
   * The 2.0.1 IdTokenEnumType the charger will see at the start: the token's own when it is one
   * (an RFID card), else Central (an app token is presented by the CSMS).
   */
  static String idTokenType(String stored) {
    return switch (stored == null ? "" : stored) {
      case "ISO14443", "ISO15693", "eMAID", "KeyCode", "Local", "MacAddress", "NoAuthorization" -> stored;
      default -> "Central";
    };
  }

  private Future<Reservation> sendReserveNow(Reservation r, String idTokenType) {
    JsonObject params = new JsonObject().put("connectorNumber", r.connectorNumber()).put("idTag", r.idTag())
        .put("idTokenType", idTokenType)
        .put("expiryDate", r.expiresAt().toInstant().toString()).put("reservationId", r.ocppReservationId());
    return commands.send(r.chargePointId(), Op.RESERVE, null, params)
        .compose(outcome -> reservations.settle(r.id(), status(outcome), reason(outcome)))
        .map(settled -> publish(settled, "created"));
  }

  /**
   * Cancels a reservation of the scope: CancelReservation goes to the charger and the hold is
   * released on Voltgate's side whatever the charger answers (the reason says what it answered).
   */
  public Future<Outcome> cancel(Scope scope, UUID id) {
    return reservations.find(scope, id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Outcome.of(Status.NOT_FOUND));
      }
      Reservation r = found.get();
      if (!r.active()) {
        return Future.succeededFuture(Outcome.of(Status.CONFLICT));
      }
      return commands.send(r.chargePointId(), Op.CANCEL_RESERVATION, null,
              new JsonObject().put("reservationId", r.ocppReservationId()))
          .compose(outcome -> reservations.cancel(r.id(), cancelReason(outcome)))
          .map(cancelled -> new Outcome(Status.DONE, publish(cancelled, "cancelled")));
    });
  }

  private Reservation publish(Reservation r, String change) {
    events.publish(EventType.RESERVATION_STATUS, r.networkId(), r.chargePointId(), clock.instant(),
        new ReservationChange(r.id(), r.chargerId(), r.chargePointId(), r.connectorNumber(), r.driverId(), change,
            r.status()).toJson());
    return r;
  }

  /** The charger's answer (Accepted, Faulted, Occupied, Rejected, Unavailable), or why there is none. */
  static String status(CommandOutcome o) {
    return switch (o.kind()) {
      case ACCEPTED -> "Accepted";
      case REJECTED -> o.status() != null ? o.status() : "Rejected";
      case OFFLINE -> "Offline";
      case TIMEOUT -> "Timeout";
      case BUSY -> "Busy";
      case CALL_ERROR, INVALID -> "CallError";
    };
  }

  static String reason(CommandOutcome o) {
    return switch (o.kind()) {
      case ACCEPTED -> null;
      case REJECTED -> "Rejected by charger (" + (o.status() != null ? o.status() : "Rejected") + ")";
      case OFFLINE -> "The charger is offline; the reservation was not sent";
      case TIMEOUT -> "The charger did not answer the reservation in time";
      case BUSY -> "Too many commands are waiting for this charger";
      case CALL_ERROR -> "The charger answered the reservation with an error";
      // e.g. a token longer than the charger's OCPP version allows (1.6: 20 characters)
      case INVALID -> "The reservation cannot be expressed for this charger: " + o.reason();
    };
  }

  private static String cancelReason(CommandOutcome o) {
    return switch (o.kind()) {
      case ACCEPTED -> "Cancelled on the charger";
      case REJECTED -> "Cancelled; the charger no longer held it";
      default -> "Cancelled; the charger was not told (" + status(o) + ")";
    };
  }
}
