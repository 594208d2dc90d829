package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.ReportExport;
import io.voltgate.store.query.ReportQueries;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code GET /cpms/v1/reports/export}: the operator's sessions with their revenue (one row per CDR,
 * the default) or an aggregate report ({@code daily-sales}, {@code by-location}, {@code by-user},
 * {@code sessions-summary}) over the CDRs ended in a range, streamed from a database cursor as CSV
 * (the default) or JSON; {@code networkId} narrows to one of the key's networks (another answers
 * 404). See docs/reports.md.
 */
public final class ReportEndpoints {

  static final Set<String> TYPES = Arrays.stream(ReportQueries.Type.values()).map(ReportQueries.Type::wire)
      .collect(Collectors.toUnmodifiableSet());

  private final ReportQueries reports;
  private final ApiKeyAuth auth;
  private final Clock clock;

  public ReportEndpoints(ReportQueries reports, ApiKeyAuth auth, Clock clock) {
    this.reports = Objects.requireNonNull(reports);
    this.auth = Objects.requireNonNull(auth);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Reports")
        .get("/cpms/v1/reports/export", "cpms:transactions:read",
            "CSV (or JSON) export of the operator's sessions/revenue for a date range (type: sessions (default),"
                + " daily-sales, by-location, by-user, sessions-summary; format: csv (default) or json; from/to on the"
                + " CDR's end, inclusive, default the last 30 days, at most 366 days; networkId), streamed",
            this::export);
  }

  private Future<Reply> export(RoutingContext ctx, ApiPrincipal p) {
    String type = Params.queryEnum(ctx, "type", TYPES);
    ReportExport.Request req = ReportExport.request(ctx, type == null ? ReportQueries.Type.SESSIONS.wire() : type,
        "csv", clock.instant());
    UUID networkId = Params.queryUuid(ctx, "networkId");
    if (networkId != null && !p.scope().sees(networkId)) {
      throw ApiException.notFound("Network");
    }
    ReportQueries.Type t = ReportQueries.Type.of(req.type());
    return reports.open(p.scope(), t, networkId, req.from().atOffset(ZoneOffset.UTC), req.to().atOffset(ZoneOffset.UTC))
        .map(cursor -> {
          ReportExport.send(ctx, req, t.columns(), cursor.rows(), cursor::close)
              .onSuccess(rows -> auth.meterUnits(p.keyId(), ReportExport.extraUnits(rows)));
          return Reply.streaming();
        });
  }
}
