package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.AuthorizationService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;

/** 2.0.1 Authorize (by idToken; certificate and ISO 15118 hash data are not evaluated). */
final class AuthorizeHandler implements ActionHandler {

  private final AuthorizationService auth;

  AuthorizeHandler(AuthorizationService auth) {
    this.auth = auth;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    return auth.authorize(ctx.connection().charger().networkId(), Payloads.text(req.get("idToken"), "idToken"))
        .map(a -> Payloads.object().set("idTokenInfo", IdTokenInfo.of(a)));
  }
}
