package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.AuthorizationService;
import io.voltgate.gateway.core.TransactionService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.SessionStart;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * 1.6 StartTransaction: the session is committed before the answer; a retry of the same start
 * (same connector, idTag, timestamp and meterStart) gets the same transactionId.
 */
final class StartTransactionHandler implements ActionHandler {

  private final TransactionService transactions;
  private final AuthorizationService auth;

  StartTransactionHandler(TransactionService transactions, AuthorizationService auth) {
    this.transactions = transactions;
    this.auth = auth;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    int connectorId = Payloads.integer(req, "connectorId");
    String idTag = Payloads.text(req, "idTag");
    long meterStart = req.get("meterStart").longValue();
    Instant timestamp = Payloads.instant(req, "timestamp", ctx.receivedAt());
    String startKey = connectorId + "|" + idTag + "|" + Payloads.text(req, "timestamp") + "|" + meterStart;
    SessionStart start = new SessionStart(connectorId, connectorId == 0 ? 0 : 1, "1.6", null, startKey,
        idTag, "Central", Payloads.integer(req, "reservationId"), timestamp, BigDecimal.valueOf(meterStart), false);
    return transactions.start(ctx.connection(), start).compose(session ->
        auth.authorizeStart(ctx.connection().charger().networkId(), idTag, session.id()).map(a -> {
          ObjectNode res = Payloads.object().put("transactionId", session.ocpp16TransactionId());
          res.set("idTagInfo", IdTagInfo.of(a));
          return res;
        }));
  }
}
