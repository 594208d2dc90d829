package io.voltgate.gateway.ocpp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltgate.gateway.core.NotificationService;

/**
 * Progress notifications with an empty response, the same fields in 1.6 (with the security
 * extension) and 2.0.1: FirmwareStatusNotification / SignedFirmwareStatusNotification,
 * DiagnosticsStatusNotification / LogStatusNotification, SecurityEventNotification.
 */
public final class ProgressNotifications {

  private ProgressNotifications() {
  }

  public static ActionHandler firmware(NotificationService n) {
    return (CallContext ctx, ObjectNode req) -> n.firmwareStatus(ctx.connection(),
        Payloads.text(req, "status"), Payloads.integer(req, "requestId")).map(v -> Payloads.object());
  }

  /** Diagnostics (1.6) and log (1.6 security extension, 2.0.1) upload progress. */
  public static ActionHandler upload(NotificationService n) {
    return (CallContext ctx, ObjectNode req) -> n.diagnosticsStatus(ctx.connection(),
        Payloads.text(req, "status"), Payloads.integer(req, "requestId")).map(v -> Payloads.object());
  }

  public static ActionHandler securityEvent(NotificationService n) {
    return (CallContext ctx, ObjectNode req) -> n.securityEvent(ctx.connection(), Payloads.text(req, "type"),
        Payloads.instant(req, "timestamp", ctx.receivedAt()), Payloads.text(req, "techInfo"))
        .map(v -> Payloads.object());
  }
}
