package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.NotificationService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;

/**
 * 2.0.1 notifications kept as they are in the charger's event log and published under one event
 * type: NotifyEvent, NotifyChargingLimit, ClearedChargingLimit, ReservationStatusUpdate.
 */
final class EventLogHandler implements ActionHandler {

  private final NotificationService notifications;
  private final String eventType;

  EventLogHandler(NotificationService notifications, String eventType) {
    this.notifications = notifications;
    this.eventType = eventType;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    return notifications.record(ctx.connection(), eventType, Payloads.toVertx(req)).map(v -> Payloads.object());
  }
}
