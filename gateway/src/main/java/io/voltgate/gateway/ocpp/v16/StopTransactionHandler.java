package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.core.AuthorizationService;
import io.voltgate.gateway.core.MeterService;
import io.voltgate.gateway.core.TransactionService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.MeterValueParser;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.MeterSample;
import io.voltgate.store.model.SessionStop;
import java.math.BigDecimal;
import java.util.List;

/**
 * 1.6 StopTransaction: completes the session (energy = meterStop − meterStart) before answering;
 * an unknown transactionId is recorded as an orphan and still acknowledged.
 */
final class StopTransactionHandler implements ActionHandler {

  private final TransactionService transactions;
  private final AuthorizationService auth;
  private final MeterService meters;

  StopTransactionHandler(TransactionService transactions, AuthorizationService auth, MeterService meters) {
    this.transactions = transactions;
    this.auth = auth;
    this.meters = meters;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    int transactionId = Payloads.integer(req, "transactionId");
    String idTag = Payloads.text(req, "idTag");
    SessionStop stop = new SessionStop(Payloads.instant(req, "timestamp", ctx.receivedAt()),
        BigDecimal.valueOf(req.get("meterStop").longValue()),
        reason(Payloads.text(req, "reason")), idTag);
    List<MeterSample> samples = MeterValueParser.ocpp16(req.get("transactionData"), ctx.receivedAt());
    return transactions.stopOcpp16(ctx.connection(), transactionId, stop,
            Payloads.toVertxArray(req.get("transactionData")))
        .compose(session -> meters.record(ctx.connection(), session.evseId(), session, samples))
        .compose(stored -> {
          if (idTag == null) {
            return Future.succeededFuture(Payloads.object());
          }
          return auth.authorize(ctx.connection().charger().networkId(), idTag).map(a -> Payloads.object().set("idTagInfo", IdTagInfo.of(a)));
        });
  }

  /** The spec's default when the charger gives no reason. */
  private static String reason(String given) {
    return given == null ? "Local" : given;
  }
}
