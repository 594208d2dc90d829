package io.voltgate.gateway.ocpp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * Handles one charger-initiated OCPP action of one version. The request has already passed schema
 * validation; the response is validated before it is sent.
 */
@FunctionalInterface
public interface ActionHandler {

  /**
   * @return the CALLRESULT payload; a failed future with an
   *     {@link io.voltgate.gateway.ocpp.rpc.OcppException} becomes that CALLERROR, any other failure
   *     an InternalError
   */
  Future<ObjectNode> handle(CallContext ctx, ObjectNode request);
}
