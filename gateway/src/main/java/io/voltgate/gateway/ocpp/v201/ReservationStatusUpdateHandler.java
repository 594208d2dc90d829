package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.NotificationService;
import io.voltgate.gateway.core.ReservationService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.EventType;

/**
 * 2.0.1 ReservationStatusUpdate (Expired, Removed): ends the reservation it names and publishes the
 * change. A reservation Voltgate does not hold (e.g. made by a raw command) is kept in the charger's
 * event log and published as sent, as before.
 */
final class ReservationStatusUpdateHandler implements ActionHandler {

  private final ReservationService reservations;
  private final NotificationService notifications;

  ReservationStatusUpdateHandler(ReservationService reservations, NotificationService notifications) {
    this.reservations = reservations;
    this.notifications = notifications;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    return reservations.ended(ctx.connection(), Payloads.integer(req, "reservationId"),
            Payloads.text(req, "reservationUpdateStatus"))
        .compose(ours -> ours ? Future.<Void>succeededFuture()
            : notifications.record(ctx.connection(), EventType.RESERVATION_STATUS, Payloads.toVertx(req)))
        .map(v -> Payloads.object());
  }
}
