package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.AuthorizationService;
import io.voltgate.gateway.core.ReservationService;
import io.voltgate.gateway.core.TransactionService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.Authorization;
import io.voltgate.store.model.SessionStart;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * 1.6 StartTransaction: the session is committed before the answer; a retry of the same start
 * (same connector, idTag, timestamp and meterStart) gets the same transactionId. A start naming a
 * reservation uses it up; a start on a connector reserved for another token is answered
 * {@code Invalid} (the charger then stops it), although a 1.6 charger should refuse it itself.
 */
final class StartTransactionHandler implements ActionHandler {

  private final TransactionService transactions;
  private final AuthorizationService auth;
  private final ReservationService reservations;

  StartTransactionHandler(TransactionService transactions, AuthorizationService auth,
      ReservationService reservations) {
    this.transactions = transactions;
    this.auth = auth;
    this.reservations = reservations;
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
    return transactions.start(ctx.connection(), start)
        .compose(session -> reservations.used(ctx.connection(), start.reservationId()).map(session))
        .compose(session -> auth.authorizeStart(ctx.connection().charger().networkId(), idTag, session.id())
            .compose(a -> respectReservation(ctx, connectorId, idTag, a))
            .map(a -> {
              ObjectNode res = Payloads.object().put("transactionId", session.ocpp16TransactionId());
              res.set("idTagInfo", IdTagInfo.of(a));
              return res;
            }));
  }

  /** An accepted start on a connector another token holds a reservation for is refused. */
  private Future<Authorization> respectReservation(CallContext ctx, int connectorId, String idTag, Authorization a) {
    if (!a.accepted()) {
      return Future.succeededFuture(a);
    }
    return reservations.heldForAnother(ctx.connection(), connectorId, idTag)
        .map(held -> held ? Authorization.invalid() : a);
  }
}
