package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.ReportExport;
import io.voltgate.store.query.ReportQueries;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /emsp/v1/reports/export}: a back end's reports over its networks' CDRs ended in a range
 * ({@code daily-sales}, the default, {@code by-location}, {@code by-user}, {@code sessions-summary}),
 * streamed from a database cursor as JSON (the default, the seed's export object) or CSV. See
 * docs/reports.md.
 */
public final class ReportExportEndpoints {

  /** The seed's four types; the per-CDR {@code sessions} report is the operator's. */
  static final Set<String> TYPES = Arrays.stream(ReportQueries.Type.values()).filter(t -> !t.perCdr())
      .map(ReportQueries.Type::wire).collect(Collectors.toUnmodifiableSet());

  private final ReportQueries reports;
  private final ApiKeyAuth auth;
  private final Clock clock;

  public ReportExportEndpoints(ReportQueries reports, ApiKeyAuth auth, Clock clock) {
    this.reports = Objects.requireNonNull(reports);
    this.auth = Objects.requireNonNull(auth);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Reports")
        .get("/emsp/v1/reports/export", "emsp:reports:read",
            "Exports reports in JSON or CSV format. Supported types: daily-sales (default), by-location, by-user,"
                + " sessions-summary (format: json (default) or csv; from/to on the CDR's end, inclusive, default the"
                + " last 30 days, at most 366 days), streamed",
            this::export);
  }

  private Future<Reply> export(RoutingContext ctx, ApiPrincipal p) {
    String type = Params.queryEnum(ctx, "type", TYPES);
    ReportExport.Request req = ReportExport.request(ctx, type == null ? ReportQueries.Type.DAILY_SALES.wire() : type,
        "json", clock.instant());
    ReportQueries.Type t = ReportQueries.Type.of(req.type());
    return reports.open(p.scope(), t, null, req.from().atOffset(ZoneOffset.UTC), req.to().atOffset(ZoneOffset.UTC))
        .map(cursor -> {
          ReportExport.send(ctx, req, t.columns(), cursor.rows(), cursor::close)
              .onSuccess(rows -> auth.meterUnits(p.keyId(), ReportExport.extraUnits(rows)));
          return Reply.streaming();
        });
  }
}
