package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.TimeRange;
import io.voltgate.store.query.SessionQueries;
import io.voltgate.store.query.SessionView;
import io.voltgate.store.query.SessionViews;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Charging sessions of the operator's networks: a filtered page (status, charger, start time range)
 * and a detail; active sessions carry the live meter values the gateway keeps in Redis, completed
 * ones their priced total. Renders the {@link SessionView}s every family shares.
 */
public final class SessionEndpoints {

  static final Set<String> STATUSES = SessionView.STATUSES;

  private final SessionViews sessions;
  private final Clock clock;

  public SessionEndpoints(SessionViews sessions, Clock clock) {
    this.sessions = Objects.requireNonNull(sessions);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Sessions")
        .get("/cpms/v1/sessions", "cpms:sessions:read", "List the operator's charging sessions", (ctx, p) -> {
          String status = Params.queryText(ctx, "status", 20);
          if (status != null && !STATUSES.contains(status.toUpperCase(Locale.ROOT))) {
            throw ApiException.badRequest("status", "status must be one of " + STATUSES);
          }
          return list(p, PageRequest.from(ctx), status == null ? null : status.toUpperCase(Locale.ROOT),
              Params.queryUuid(ctx, "chargerId"), TimeRange.from(ctx));
        })
        .get("/cpms/v1/sessions/{id}", "cpms:sessions:read", "Charging session detail (energy, cost, timing)",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page, String status, UUID chargerId, TimeRange range) {
    return sessions.page(p.scope(), new SessionQueries.Filter(status, chargerId, range.fromUtc(), range.toUtc()),
            page.pageSize(), page.offset())
        .map(found -> Reply.page(found.items().stream().map(SessionEndpoints::summary).toList(), page, found.total()));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return sessions.find(p.scope(), id).map(found -> {
      SessionView s = found.orElseThrow(() -> ApiException.notFound("Session"));
      JsonObject values = s.live();
      return Reply.ok(summary(s)
          .put("locationId", Json.id(s.locationId()))
          .put("connectorUuid", Json.id(s.connectorPk()))
          .put("idToken", s.idToken())
          .put("tariffId", Json.id(s.tariffId()))
          .put("meterStartWh", Json.number(s.meterStartWh()))
          .put("meterStopWh", Json.number(s.meterStopWh()))
          .put("durationMinutes", Json.minutes(s.durationSeconds(clock.instant())))
          .put("idleMinutes", s.idleSeconds() == null ? null : Json.minutes(s.idleSeconds()))
          .put("currentPowerKw", values == null ? null : values.getValue("powerKw"))
          .put("soc", values == null ? null : values.getValue("soc"))
          .put("live", values));
    });
  }

  private static JsonObject summary(SessionView s) {
    Object energy = s.energyKwh();
    return new JsonObject()
        .put("id", Json.id(s.id()))
        .put("status", s.status())
        .put("networkId", Json.id(s.networkId()))
        .put("chargerId", Json.id(s.chargerId()))
        .put("chargePointId", s.chargePointId())
        .put("evseId", s.evseId())
        .put("connectorId", s.connectorId())
        .put("ocppTransactionId", s.transactionRef())
        .put("energyKwh", energy instanceof BigDecimal kwh ? Json.number(kwh) : energy)
        .put("total", Json.number(s.total()))
        .put("currency", s.currency())
        .put("cdrId", Json.id(s.cdrId()))
        .put("startedAt", Json.time(s.startedAt()))
        .put("endedAt", Json.time(s.stoppedAt()))
        .put("stopReason", s.stopReason());
  }
}
