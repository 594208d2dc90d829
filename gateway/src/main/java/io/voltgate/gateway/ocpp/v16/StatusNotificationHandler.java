package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.StatusService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.ConnectorStatus;

/** 1.6 StatusNotification; connectorId 0 is the whole charger, N is EVSE N / connector 1. */
final class StatusNotificationHandler implements ActionHandler {

  private final StatusService statuses;

  StatusNotificationHandler(StatusService statuses) {
    this.statuses = statuses;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    int connectorId = Payloads.integer(req, "connectorId");
    ConnectorStatus status = new ConnectorStatus(connectorId, connectorId == 0 ? 0 : 1,
        Payloads.text(req, "status"), Payloads.text(req, "errorCode"), Payloads.text(req, "info"),
        Payloads.text(req, "vendorId"), Payloads.text(req, "vendorErrorCode"),
        Payloads.instant(req, "timestamp", ctx.receivedAt()));
    return statuses.report(ctx.connection(), status).map(ignored -> Payloads.object());
  }
}
