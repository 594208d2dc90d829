package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.CsvTable;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.TimeRange;
import io.voltgate.store.query.CdrView;
import io.voltgate.store.query.TransactionQueries;
import java.util.Objects;
import java.util.UUID;

/**
 * The CDR ledger: a filtered page (charger, end-time range), a detail with the full cost breakdown
 * and profit, and a CSV export of a range. Filters apply to the CDR's end time (when it was closed).
 */
public final class TransactionEndpoints {

  /** Largest export; a wider range must be split. */
  static final int MAX_EXPORT_ROWS = 10_000;

  private final TransactionQueries transactions;

  public TransactionEndpoints(TransactionQueries transactions) {
    this.transactions = Objects.requireNonNull(transactions);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Transactions")
        .get("/cpms/v1/transactions", "cpms:transactions:read",
            "Operator CDR / transaction ledger (paged; filters: chargerId, from, to) with cost/profit/payout fields",
            (ctx, p) -> list(p, PageRequest.from(ctx), Params.queryUuid(ctx, "chargerId"),
                TimeRange.from(ctx)))
        // Before /{id}, which would otherwise take "export" for an id.
        .get("/cpms/v1/transactions/export", "cpms:transactions:read",
            "Export the operator's CDRs for a date range as CSV (RFC 4180)",
            (ctx, p) -> export(p, Params.queryUuid(ctx, "chargerId"), TimeRange.from(ctx)))
        .get("/cpms/v1/transactions/{id}", "cpms:transactions:read",
            "Operator transaction (CDR) detail with full cost breakdown, profit summary, and payout id",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page, UUID chargerId, TimeRange range) {
    return transactions.page(p.scope(), filter(chargerId, range), page.pageSize(), page.offset())
        .map(found -> Reply.page(found.items().stream().map(CdrJson::item).toList(), page, found.total()));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return transactions.find(p.scope(), id)
        .map(found -> Reply.ok(CdrJson.detail(found.orElseThrow(() -> ApiException.notFound("Transaction")))));
  }

  private Future<Reply> export(ApiPrincipal p, UUID chargerId, TimeRange range) {
    // One row more than allowed tells a range that is too wide.
    return transactions.export(p.scope(), filter(chargerId, range), MAX_EXPORT_ROWS + 1)
        .map(rows -> {
          if (rows.size() > MAX_EXPORT_ROWS) {
            throw ApiException.badRequest("from", "more than " + MAX_EXPORT_ROWS
                + " transactions in the range; narrow from/to");
          }
          CsvTable csv = new CsvTable(CdrJson.CSV_HEADER);
          for (CdrView r : rows) {
            csv.row(CdrJson.csv(r));
          }
          return Reply.raw("text/csv; charset=utf-8", "transactions.csv", csv.toString());
        });
  }

  private static TransactionQueries.Filter filter(UUID chargerId, TimeRange range) {
    return new TransactionQueries.Filter(chargerId, range.fromUtc(), range.toUtc());
  }
}
