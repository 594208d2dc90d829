package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.BootService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.BootInfo;

/** 2.0.1 BootNotification → charger record and registration decision. */
final class BootNotificationHandler implements ActionHandler {

  private final BootService boots;

  BootNotificationHandler(BootService boots) {
    this.boots = boots;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    JsonNode station = req.get("chargingStation");
    JsonNode modem = station.get("modem");
    BootInfo info = new BootInfo(
        Payloads.text(station, "vendorName"),
        Payloads.text(station, "model"),
        Payloads.text(station, "serialNumber"),
        null,
        Payloads.text(station, "firmwareVersion"),
        Payloads.text(modem, "iccid"),
        Payloads.text(modem, "imsi"),
        null,
        null,
        Payloads.text(req, "reason"),
        "2.0.1");
    return boots.boot(ctx.connection(), info).map(d -> Payloads.object()
        .put("currentTime", Payloads.time(ctx.receivedAt()))
        .put("interval", d.intervalSeconds())
        .put("status", d.status()));
  }
}
