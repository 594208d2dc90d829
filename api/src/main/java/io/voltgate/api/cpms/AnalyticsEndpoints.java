package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.AnalyticsReplies;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.analytics.AnalyticsReports;
import io.voltgate.services.analytics.AnalyticsReports.Figures;
import io.voltgate.services.analytics.AnalyticsReports.Report;
import io.voltgate.services.analytics.AnalyticsReports.SessionRollup;
import io.voltgate.services.analytics.AnalyticsReports.Uptime;
import io.voltgate.services.analytics.AnalyticsReports.UtilizationRollup;
import io.voltgate.services.analytics.AnalyticsReports.Window;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The operator's analytics, {@code /cpms/v1/analytics/*} (docs/analytics.md): rollups over a window
 * of the key's networks (or one, {@code networkId}; another network's id is 404), in total and per
 * network, read from the rollups only (docs/analytics.md).
 */
public final class AnalyticsEndpoints {

  private static final String SCOPE = "cpms:analytics:read";

  private final AnalyticsReports reports;
  private final Clock clock;

  public AnalyticsEndpoints(AnalyticsReports reports, Clock clock) {
    this.reports = Objects.requireNonNull(reports);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Analytics")
        .get("/cpms/v1/analytics/revenue", SCOPE,
            "Operator revenue rollup over a date range (scoped to the key's networks)",
            (ctx, p) -> sessions(p, Params.queryUuid(ctx, "networkId"), AnalyticsReplies.window(ctx, clock, true),
                "revenue", Figures.BY_LOCATION, (r, w) -> new JsonObject()
                    .put("totalRevenue", AnalyticsReplies.round(r.current().revenue().doubleValue(), 2)),
                AnalyticsReplies::revenue))
        .get("/cpms/v1/analytics/energy", SCOPE, "Operator energy (kWh) rollup over a date range",
            (ctx, p) -> sessions(p, Params.queryUuid(ctx, "networkId"), AnalyticsReplies.window(ctx, clock, true),
                "energy", Figures.PEAK_DAY, (r, w) -> new JsonObject()
                    .put("totalEnergyKwh", AnalyticsReplies.round(r.current().energyKwh().doubleValue(), 2)),
                AnalyticsReplies::energy))
        .get("/cpms/v1/analytics/sessions", SCOPE, "Operator session-count rollup over a date range",
            (ctx, p) -> sessions(p, Params.queryUuid(ctx, "networkId"), AnalyticsReplies.window(ctx, clock, true),
                "sessions", Figures.TIMELINE, (r, w) -> new JsonObject().put("totalSessions", r.current().sessions()),
                AnalyticsReplies::sessions))
        .get("/cpms/v1/analytics/utilization", SCOPE, "Operator connector utilization rollup over a date range",
            (ctx, p) -> utilization(p, Params.queryUuid(ctx, "networkId"), AnalyticsReplies.window(ctx, clock, true)))
        .get("/cpms/v1/analytics/uptime", SCOPE, "Operator charger uptime / availability (SLA) snapshot",
            (ctx, p) -> uptime(p, Params.queryUuid(ctx, "networkId")))
        .get("/cpms/v1/analytics/kpis", SCOPE, "Operator KPI summary (revenue, energy, sessions, avg duration)",
            (ctx, p) -> kpis(p, Params.queryUuid(ctx, "networkId"), AnalyticsReplies.window(ctx, clock, false)));
  }

  private Future<Reply> sessions(ApiPrincipal p, UUID networkId, Window w, String metric, Figures figures,
      BiFunction<SessionRollup, Window, JsonObject> headline, BiFunction<SessionRollup, Window, JsonObject> rollup) {
    return reports.sessions(p.scope(), networkId, w, figures).map(found -> {
      Report<SessionRollup> report = orNotFound(found);
      JsonObject data = new JsonObject().put("metric", metric).put("period", w.period().wire())
          .put("from", w.from().toString()).put("to", w.to().toString());
      data.mergeIn(headline.apply(report.total(), w));
      data.put("networkCount", report.networks().size());
      JsonArray networks = new JsonArray();
      for (SessionRollup r : report.networks()) {
        networks.add(new JsonObject().put("networkId", r.network().id().toString()).put("name", r.network().name())
            .put("rollup", rollup.apply(r, w)));
      }
      data.put("networks", networks);
      data.put("total", rollup.apply(report.total(), w));
      return Reply.ok(data);
    });
  }

  private Future<Reply> utilization(ApiPrincipal p, UUID networkId, Window w) {
    return reports.utilization(p.scope(), networkId, w).map(found -> {
      Report<UtilizationRollup> report = orNotFound(found);
      JsonArray networks = new JsonArray();
      for (UtilizationRollup r : report.networks()) {
        networks.add(new JsonObject().put("networkId", r.network().id().toString()).put("name", r.network().name())
            .put("rollup", AnalyticsReplies.utilization(r, w)));
      }
      return Reply.ok(new JsonObject().put("metric", "utilization").put("period", w.period().wire())
          .put("from", w.from().toString()).put("to", w.to().toString())
          .put("averageUtilization", AnalyticsReplies.round(report.total().utilization(), 2))
          .put("networkCount", report.networks().size()).put("networks", networks)
          .put("total", AnalyticsReplies.utilization(report.total(), w)));
    });
  }

  private Future<Reply> uptime(ApiPrincipal p, UUID networkId) {
    return reports.uptime(p.scope(), networkId).map(found -> {
      Report<Uptime> report = orNotFound(found);
      Uptime t = report.total();
      JsonArray networks = new JsonArray();
      for (Uptime u : report.networks()) {
        networks.add(new JsonObject().put("networkId", u.network().id().toString()).put("name", u.network().name())
            .mergeIn(AnalyticsReplies.uptime(u))
            .put("availablePercent", AnalyticsReplies.percent(u.available(), u.totalChargers()))
            .put("inUsePercent", AnalyticsReplies.percent(u.charging(), u.totalChargers()))
            .put("offlinePercent", AnalyticsReplies.percent(u.offline(), u.totalChargers())));
      }
      return Reply.ok(new JsonObject().put("metric", "uptime").mergeIn(AnalyticsReplies.uptime(t))
          .put("uptimePercent", AnalyticsReplies.percent(t.available() + t.charging(), t.totalChargers()))
          .put("offlinePercent", AnalyticsReplies.percent(t.offline(), t.totalChargers()))
          .put("networkCount", report.networks().size()).put("networks", networks));
    });
  }

  private Future<Reply> kpis(ApiPrincipal p, UUID networkId, Window w) {
    return reports.sessions(p.scope(), networkId, w, Figures.TOTALS).map(found -> {
      Report<SessionRollup> report = orNotFound(found);
      return Reply.ok(AnalyticsReplies.kpis(report.total(), w, report.networks().size()));
    });
  }

  private static <T> Report<T> orNotFound(Optional<Report<T>> found) {
    return found.orElseThrow(() -> ApiException.notFound("Network"));
  }
}
