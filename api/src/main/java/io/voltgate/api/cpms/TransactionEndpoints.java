package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.CsvTable;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The CDR ledger: a filtered page (charger, end-time range), a detail with the full cost breakdown
 * and profit, and a CSV export of a range. Filters apply to the CDR's end time (when it was closed).
 */
public final class TransactionEndpoints {

  /** Largest export; a wider range must be split. */
  static final int MAX_EXPORT_ROWS = 10_000;

  private static final String FILTER = " WHERE ($1::uuid[] IS NULL OR t.network_id = ANY($1))"
      + " AND ($2::uuid IS NULL OR t.charger_id = $2) AND ($3::timestamptz IS NULL OR t.stopped_at >= $3)"
      + " AND ($4::timestamptz IS NULL OR t.stopped_at <= $4)";

  private final ApiServices s;

  public TransactionEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Transactions")
        .get("/cpms/v1/transactions", "cpms:transactions:read",
            "Operator CDR / transaction ledger (paged; filters: chargerId, from, to) with cost/profit/payout fields",
            (ctx, p) -> list(p, PageRequest.from(ctx), Params.queryUuid(ctx, "chargerId"),
                SessionEndpoints.TimeRange.from(ctx)))
        // Before /{id}, which would otherwise take "export" for an id.
        .get("/cpms/v1/transactions/export", "cpms:transactions:read",
            "Export the operator's CDRs for a date range as CSV (RFC 4180)",
            (ctx, p) -> export(p, Params.queryUuid(ctx, "chargerId"), SessionEndpoints.TimeRange.from(ctx)))
        .get("/cpms/v1/transactions/{id}", "cpms:transactions:read",
            "Operator transaction (CDR) detail with full cost breakdown, profit summary, and payout id",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page, UUID chargerId, SessionEndpoints.TimeRange range) {
    return s.pg().preparedQuery(CdrView.COLUMNS + ", count(*) OVER () AS total_count" + CdrView.FROM
            + FILTER + " ORDER BY t.stopped_at DESC, t.id LIMIT $5 OFFSET $6")
        .execute(Tuple.from(Arrays.asList(p.networkFilter(), chargerId, range.fromUtc(), range.toUtc(),
            page.pageSize(), page.offset())))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total_count");
            items.add(CdrView.item(r));
          }
          return Reply.page(items, page, total);
        });
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return s.pg().preparedQuery(CdrView.SELECT + " WHERE t.id = $2 AND ($1::uuid[] IS NULL OR t.network_id = ANY($1))")
        .execute(Tuple.of(p.networkFilter(), id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Transaction");
          }
          return Reply.ok(CdrView.detail(rows.iterator().next()));
        });
  }

  private Future<Reply> export(ApiPrincipal p, UUID chargerId, SessionEndpoints.TimeRange range) {
    return s.pg().preparedQuery(CdrView.SELECT + FILTER + " ORDER BY t.stopped_at, t.id LIMIT $5")
        .execute(Tuple.from(Arrays.asList(p.networkFilter(), chargerId, range.fromUtc(), range.toUtc(),
            MAX_EXPORT_ROWS + 1)))
        .map(rows -> {
          if (rows.size() > MAX_EXPORT_ROWS) {
            throw ApiException.badRequest("from", "more than " + MAX_EXPORT_ROWS
                + " transactions in the range; narrow from/to");
          }
          CsvTable csv = new CsvTable(CdrView.CSV_HEADER);
          for (Row r : rows) {
            csv.row(CdrView.csv(r));
          }
          return Reply.raw("text/csv; charset=utf-8", "transactions.csv", csv.toString());
        });
  }
}
