package io.voltgate.gateway.ocpp.v16;

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

/** 1.6 MeterValues: samples (committed to Postgres before the answer), live values (Redis), an event. */
final class MeterValuesHandler implements ActionHandler {

  private final TransactionService transactions;
  private final MeterService meters;

  MeterValuesHandler(TransactionService transactions, MeterService meters) {
    this.transactions = transactions;
    this.meters = meters;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    int connectorId = Payloads.integer(req, "connectorId");
    Integer transactionId = Payloads.integer(req, "transactionId");
    List<MeterSample> samples = MeterValueParser.ocpp16(req.get("meterValue"), ctx.receivedAt());
    Future<Optional<SessionRef>> session = transactionId != null
        ? transactions.byOcpp16Id(ctx.connection(), connectorId, transactionId)
        : connectorId > 0 ? transactions.activeOn(ctx.connection(), connectorId)
        : Future.succeededFuture(Optional.empty());
    return session.compose(s -> meters.record(ctx.connection(), connectorId, s.orElse(null), samples))
        .map(stored -> Payloads.object());
  }
}
