package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.MeterService;
import io.voltgate.gateway.core.TransactionService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.MeterValueParser;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.MeterSample;
import io.voltgate.store.model.SessionRef;
import java.util.List;
import java.util.Optional;

/**
 * 2.0.1 MeterValues (readings outside TransactionEvents): attached to the session active on the
 * EVSE, if any; EVSE 0 is the main meter and never belongs to a session.
 */
final class MeterValuesHandler implements ActionHandler {

  private final TransactionService transactions;
  private final MeterService meters;

  MeterValuesHandler(TransactionService transactions, MeterService meters) {
    this.transactions = transactions;
    this.meters = meters;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    int evseId = Payloads.integer(req, "evseId");
    List<MeterSample> samples = MeterValueParser.ocpp201(req.get("meterValue"), ctx.receivedAt());
    Future<Optional<SessionRef>> session = evseId > 0 ? transactions.activeOn(ctx.connection(), evseId)
        : Future.succeededFuture(Optional.empty());
    return session.compose(s -> meters.record(ctx.connection(), evseId, s.orElse(null), samples))
        .map(stored -> Payloads.object());
  }
}
