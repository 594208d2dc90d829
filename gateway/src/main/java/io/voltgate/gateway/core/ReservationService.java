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
 * TransactionEvent with its reservationId), a hold past its expiry (swept), and whether a connector
 * is held for another token. Each end is published as {@link EventType#RESERVATION_STATUS}.
 */
public final class ReservationService {

  /** Holds one expiry sweep marks at most (the next sweep takes the rest). */
  private static final int EXPIRY_BATCH = 200;

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

  /**
   * Publishes the expiry of holds past their time that no charger reported (a 1.6 charger never
   * does); reads show them Expired already. Completes with how many it marked.
   */
  public Future<Integer> expireDue() {
    return reservations.expireDue(EXPIRY_BATCH).map(ended -> {
      ended.forEach(e -> publish(e, "expired", "Expired"));
      return ended.size();
    });
  }

  private Future<Boolean> end(ChargerConnection conn, int ocppReservationId, String status, String reason,
      String change) {
    ChargerRecord c = conn.charger();
    if (c == null) {
      return Future.succeededFuture(false);
    }
    return reservations.end(c.id(), ocppReservationId, status, reason).map(found -> {
      found.ifPresent(e -> publish(e, change, status));
      return found.isPresent();
    });
  }

  private void publish(ReservationRepository.Ended e, String change, String status) {
    events.publish(EventType.RESERVATION_STATUS, e.networkId(), e.chargePointId(), clock.instant(),
        new ReservationChange(e.id(), e.chargerId(), e.chargePointId(), e.connectorNumber(), e.driverId(), change,
            status).toJson());
  }
}
