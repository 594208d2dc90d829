package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltgate.gateway.core.NotificationService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;

/**
 * The 2.0.1 progress notifications with an empty response: FirmwareStatusNotification,
 * LogStatusNotification and SecurityEventNotification.
 */
final class StatusNotificationsHandlers {

  private StatusNotificationsHandlers() {
  }

  static ActionHandler firmware(NotificationService n) {
    return (CallContext ctx, ObjectNode req) -> n.firmwareStatus(ctx.connection(),
        Payloads.text(req, "status"), Payloads.integer(req, "requestId")).map(v -> Payloads.object());
  }

  static ActionHandler log(NotificationService n) {
    return (CallContext ctx, ObjectNode req) -> n.diagnosticsStatus(ctx.connection(),
        Payloads.text(req, "status"), Payloads.integer(req, "requestId")).map(v -> Payloads.object());
  }

  static ActionHandler securityEvent(NotificationService n) {
    return (CallContext ctx, ObjectNode req) -> n.securityEvent(ctx.connection(), Payloads.text(req, "type"),
        Payloads.instant(req, "timestamp", ctx.receivedAt()), Payloads.text(req, "techInfo"))
        .map(v -> Payloads.object());
  }
}
