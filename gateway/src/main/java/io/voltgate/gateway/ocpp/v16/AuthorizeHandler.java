package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.AuthorizationService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;

/** 1.6 Authorize. */
final class AuthorizeHandler implements ActionHandler {

  private final AuthorizationService auth;

  AuthorizeHandler(AuthorizationService auth) {
    this.auth = auth;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    return auth.authorize(ctx.connection().charger().networkId(), Payloads.text(req, "idTag"))
        .map(a -> Payloads.object().set("idTagInfo", IdTagInfo.of(a)));
  }
}
