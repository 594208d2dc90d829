package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.BootService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.BootInfo;

/** 1.6 BootNotification → charger record and registration decision. */
final class BootNotificationHandler implements ActionHandler {

  private final BootService boots;

  BootNotificationHandler(BootService boots) {
    this.boots = boots;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    BootInfo info = new BootInfo(
        Payloads.text(req, "chargePointVendor"),
        Payloads.text(req, "chargePointModel"),
        Payloads.text(req, "chargePointSerialNumber"),
        Payloads.text(req, "chargeBoxSerialNumber"),
        Payloads.text(req, "firmwareVersion"),
        Payloads.text(req, "iccid"),
        Payloads.text(req, "imsi"),
        Payloads.text(req, "meterType"),
        Payloads.text(req, "meterSerialNumber"),
        null,
        "1.6");
    return boots.boot(ctx.connection(), info).map(d -> Payloads.object()
        .put("status", d.status())
        .put("currentTime", Payloads.time(ctx.receivedAt()))
        .put("interval", d.intervalSeconds()));
  }
}
