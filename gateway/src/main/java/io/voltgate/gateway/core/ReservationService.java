package io.voltgate.gateway.core;

import io.vertx.core.Future;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.EventType;
import io.voltgate.store.model.ReservationChange;
import io.voltgate.store.pg.ReservationRepository;
import io.voltgate.store.redis.EventPublisher;
import java.time.Clock;
import java.util.Objects;

/**
 * Reservations as chargers report them, version-neutral: a hold that ended on the charger (2.0.1
 * ReservationStatusUpdate Expired/Removed), a hold a start used (1.6 StartTransaction, 2.0.1
 * TransactionEvent with its reservationId), and whether a connector is held for another token.
 * Each end is published as {@link EventType#RESERVATION_STATUS}.
 */
public final class ReservationService {

  private final Clock clock;
  private final ReservationRepository reservations;
  private final EventPublisher events;

  public ReservationService(Clock clock, ReservationRepository reservations, EventPublisher events) {
    this.clock = Objects.requireNonNull(clock);
    this.reservations = Objects.requireNonNull(reservations);
    this.events = Objects.requireNonNull(events);
  }

  /**
   * The charger ended the hold itself: {@code Expired} or {@code Removed}. Completes with whether a
   * hold of ours ended (false: unknown or already ended; nothing was published).
   */
  public Future<Boolean> ended(ChargerConnection conn, int ocppReservationId, String status) {
    String change = "Expired".equals(status) ? "expired" : "removed";
    return end(conn, ocppReservationId, status, "Expired".equals(status) ? "The reservation expired"
        : "The charger removed the reservation", change);
  }

  /** A transaction started on the hold; null {@code ocppReservationId} (no reservation named) does nothing. */
  public Future<Void> used(ChargerConnection conn, Integer ocppReservationId) {
    if (ocppReservationId == null || conn.charger() == null) {
      return Future.succeededFuture();
    }
    return end(conn, ocppReservationId, "Used", "A charging session started on the reservation", "used").mapEmpty();
  }

  /** Whether the connector (EVSE number) is reserved for a token other than {@code idTag}. */
  public Future<Boolean> heldForAnother(ChargerConnection conn, int connectorNumber, String idTag) {
    if (conn.charger() == null || connectorNumber <= 0) {
      return Future.succeededFuture(false);
    }
    return reservations.heldForAnother(conn.charger().id(), connectorNumber, idTag);
  }

  private Future<Boolean> end(ChargerConnection conn, int ocppReservationId, String status, String reason,
      String change) {
    ChargerRecord c = conn.charger();
    if (c == null) {
      return Future.succeededFuture(false);
    }
    return reservations.end(c.id(), ocppReservationId, status, reason).map(found -> {
      found.ifPresent(e -> events.publish(EventType.RESERVATION_STATUS, e.networkId(), conn.chargePointId(),
          clock.instant(), new ReservationChange(e.id(), c.id(), conn.chargePointId(), e.connectorNumber(),
              e.driverId(), change, status).toJson()));
      return found.isPresent();
    });
  }
}
