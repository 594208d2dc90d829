package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.TimeRange;
import io.voltgate.store.query.CdrView;
import io.voltgate.store.query.TransactionQueries;
import java.util.Objects;
import java.util.UUID;

/**
 * Transactions (CDRs) on {@code /emsp/v1}, in the eMSP seed's fields: a back end sees its networks'
 * CDRs, a driver only those of the driver's own sessions (the query layer's scope decides; anything
 * else is 404 like an unknown id). The operator API shows the same CDRs ({@link CdrView}) with
 * operator-side fields this family does not carry (costs, profit, payout).
 */
public final class TransactionHistoryEndpoints {

  private static final String SCOPE = "emsp:transactions:read";

  private final TransactionQueries transactions;

  public TransactionHistoryEndpoints(TransactionQueries transactions) {
    this.transactions = Objects.requireNonNull(transactions);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Transactions").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/transactions", SCOPE,
            "Returns a paginated list of transactions (CDRs) for the network (filters: userId, chargerId, from, to on"
                + " the end time).",
            (ctx, p) -> {
              TimeRange ended = TimeRange.from(ctx);
              return list(p, PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE), new TransactionQueries.Filter(
                  Params.queryUuid(ctx, "chargerId"), Params.queryUuid(ctx, "userId"), ended.fromUtc(), ended.toUtc()));
            })
        .get("/emsp/v1/transactions/{id}", SCOPE,
            "Returns detailed information about a specific transaction including cost breakdown.",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page, TransactionQueries.Filter filter) {
    return transactions.page(p.scope(), filter, page.pageSize(), page.offset())
        .map(found -> Reply.navigablePage(found.items().stream().map(TransactionHistoryEndpoints::item).toList(), page,
            found.total()));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return transactions.find(p.scope(), id)
        .map(found -> Reply.ok(detail(found.orElseThrow(() -> ApiException.notFound("Transaction")))));
  }

  static JsonObject item(CdrView c) {
    return common(c)
        .put("amount", Json.number(c.total()))
        .put("currency", c.currency())
        .put("paymentStatus", c.paymentStatus())
        .put("locationName", c.locationName());
  }

  static JsonObject detail(CdrView c) {
    return common(c)
        .put("totalTimeMinutes", Json.minutes(c.durationSeconds()))
        .put("currency", c.currency())
        .put("paymentStatus", c.paymentStatus())
        .put("locationId", Json.id(c.locationId()))
        .put("locationName", c.locationName())
        .put("locationAddress", c.locationAddress())
        .put("chargerUid", c.chargePointId())
        .put("connectorNumber", c.evseId())
        .put("costBreakdown", new JsonObject()
            .put("energyCost", Json.number(c.energyCost()))
            .put("timeCost", Json.number(c.timeCost()))
            .put("sessionFee", Json.number(c.sessionFee()))
            .put("idleFee", Json.number(c.idleFee()))
            .put("subtotal", Json.number(c.subtotal()))
            .put("tax", Json.number(c.tax()))
            .put("total", Json.number(c.total())));
  }

  /** The fields the list and the detail open with, in the seed's order. */
  private static JsonObject common(CdrView c) {
    return new JsonObject()
        .put("id", Json.id(c.id()))
        .put("ocpiId", c.ocpiId())
        .put("sessionId", Json.id(c.sessionId()))
        .put("userId", Json.id(c.driverId()))
        .put("startTime", Json.time(c.startedAt()))
        .put("endTime", Json.time(c.stoppedAt()))
        .put("totalEnergyKwh", Json.number(c.energyKwh()));
  }
}
