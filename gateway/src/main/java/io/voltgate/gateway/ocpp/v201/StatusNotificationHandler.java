package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.StatusService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.ConnectorStatus;

/** 2.0.1 StatusNotification: the status of one connector of one EVSE (2.0.1 has no error codes). */
final class StatusNotificationHandler implements ActionHandler {

  private final StatusService statuses;

  StatusNotificationHandler(StatusService statuses) {
    this.statuses = statuses;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    ConnectorStatus status = new ConnectorStatus(Payloads.integer(req, "evseId"),
        Payloads.integer(req, "connectorId"), Payloads.text(req, "connectorStatus"), null, null, null, null,
        Payloads.instant(req, "timestamp", ctx.receivedAt()));
    return statuses.report(ctx.connection(), status).map(ignored -> Payloads.object());
  }
}
