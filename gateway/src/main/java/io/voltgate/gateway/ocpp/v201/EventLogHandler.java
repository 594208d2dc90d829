package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.NotificationService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.EventType;

/**
 * 2.0.1 notifications kept as they are in the charger's event log and published under one event
 * type: NotifyEvent, NotifyChargingLimit, ClearedChargingLimit (ReservationStatusUpdate of a
 * reservation Voltgate does not hold: see {@link ReservationStatusUpdateHandler}).
 */
final class EventLogHandler implements ActionHandler {

  private final NotificationService notifications;
  private final EventType eventType;

  EventLogHandler(NotificationService notifications, EventType eventType) {
    this.notifications = notifications;
    this.eventType = eventType;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    return notifications.record(ctx.connection(), eventType, Payloads.toVertx(req)).map(v -> Payloads.object());
  }
}
