package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.AnalyticsReplies;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.analytics.AnalyticsReports;
import io.voltgate.services.analytics.AnalyticsReports.Figures;
import io.voltgate.services.analytics.AnalyticsReports.SessionRollup;
import io.voltgate.services.analytics.AnalyticsReports.Window;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The driver API's analytics for a back end, {@code /emsp/v1/analytics/*} (docs/analytics.md): the
 * total of the eMSP key's networks (or one, {@code networkId}; another network's id is 404), from the
 * same rollups and figures as the operator's.
 */
public final class EmspAnalyticsEndpoints {

  private static final String SCOPE = "emsp:analytics:read";

  private final AnalyticsReports reports;
  private final Clock clock;

  public EmspAnalyticsEndpoints(AnalyticsReports reports, Clock clock) {
    this.reports = Objects.requireNonNull(reports);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Analytics").callers(Caller.KEY)
        .get("/emsp/v1/analytics/sessions", SCOPE,
            "Returns session analytics including counts, averages, and time series data.",
            (ctx, p) -> report(p, Params.queryUuid(ctx, "networkId"),
                AnalyticsReplies.window(ctx, clock, true), Figures.TIMELINE, AnalyticsReplies::sessions))
        .get("/emsp/v1/analytics/revenue", SCOPE,
            "Returns revenue analytics including totals, averages, and time series data.",
            (ctx, p) -> report(p, Params.queryUuid(ctx, "networkId"), AnalyticsReplies.window(ctx, clock, true),
                Figures.BY_LOCATION, AnalyticsReplies::revenue))
        .get("/emsp/v1/analytics/energy", SCOPE,
            "Returns energy consumption analytics including totals and time series data.",
            (ctx, p) -> report(p, Params.queryUuid(ctx, "networkId"), AnalyticsReplies.window(ctx, clock, true),
                Figures.PEAK_DAY, AnalyticsReplies::energy));
  }

  private Future<Reply> report(ApiPrincipal p, UUID networkId, Window w, Figures figures,
      BiFunction<SessionRollup, Window, JsonObject> render) {
    return reports.sessions(p.scope(), networkId, w, figures)
        .map(found -> Reply.ok(render.apply(found.orElseThrow(() -> ApiException.notFound("Network")).total(), w)));
  }
}
