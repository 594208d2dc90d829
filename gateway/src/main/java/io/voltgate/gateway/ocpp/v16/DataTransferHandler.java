package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.DataTransferRegistry;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;

/** DataTransfer (1.6 and 2.0.1 have the same shape apart from the data's type). */
public final class DataTransferHandler implements ActionHandler {

  private final DataTransferRegistry registry;

  public DataTransferHandler(DataTransferRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    return registry.handle(ctx.connection(), Payloads.text(req, "vendorId"), Payloads.text(req, "messageId"),
        req.get("data")).map(r -> {
          ObjectNode res = Payloads.object().put("status", r.status());
          if (r.data() != null) {
            res.set("data", r.data());
          }
          return res;
        });
  }
}
