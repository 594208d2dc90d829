package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.CommandReplies;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.http.TimeRange;
import io.voltgate.services.charging.RemoteCharging;
import io.voltgate.services.charging.SessionCosts;
import io.voltgate.store.query.SessionQueries;
import io.voltgate.store.query.SessionView;
import io.voltgate.store.query.SessionViews;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Charging on {@code /emsp/v1/charging}: start and stop a session (a driver with their own token, a
 * back end with a token of its network), and the caller's sessions with live values, idle time and
 * costs. A driver sees only the sessions started with their tokens; a back end its networks'
 * sessions; anything else is 404.
 */
public final class ChargingEndpoints {

  private final RemoteCharging charging;
  private final SessionViews sessions;
  private final SessionCosts costs;
  private final Clock clock;

  public ChargingEndpoints(RemoteCharging charging, SessionViews sessions, SessionCosts costs, Clock clock) {
    this.charging = Objects.requireNonNull(charging);
    this.sessions = Objects.requireNonNull(sessions);
    this.costs = Objects.requireNonNull(costs);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Charging").callers(Caller.KEY_OR_DRIVER)
        .post("/emsp/v1/charging/start", "emsp:charging",
            "Start charging (RemoteStartTransaction / RequestStartTransaction); answers with the charger's reply at once",
            "emsp-charging-start", (ctx, p) -> start(p, BodySchemas.validated(ctx, "emsp-charging-start")))
        .post("/emsp/v1/charging/stop", "emsp:charging",
            "Stop a session; answers the final session with its costs once the charger reports the stop (202 while pending)",
            "emsp-charging-stop", (ctx, p) -> stop(p, BodySchemas.validated(ctx, "emsp-charging-stop")))
        .get("/emsp/v1/charging/sessions", "emsp:sessions:read", "The caller's charging sessions, newest first",
            (ctx, p) -> list(p, PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE),
                Params.queryEnum(ctx, "status", SessionView.STATUSES), Params.queryUuid(ctx, "chargerId"), TimeRange.from(ctx)))
        .get("/emsp/v1/charging/sessions/{id}", "emsp:sessions:read",
            "A charging session with live values, idle time and its cost breakdown",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> start(ApiPrincipal p, JsonObject body) {
    UUID chargerId = UUID.fromString(body.getString("chargerId"));
    int connector = body.getInteger("connectorNumber");
    String idTag = body.getString("idTag");
    return charging.start(p.scope(), p.catalogueScope(), chargerId, connector, idTag).map(s -> {
      if (s.status() != RemoteCharging.StartStatus.SENT) {
        throw refusal(s.status());
      }
      return Reply.ok(ChargingViews.start(s, chargerId, connector));
    });
  }

  /** Why a start (or a schedule, checked alike) is refused, in the error shape. */
  static ApiException refusal(RemoteCharging.StartStatus why) {
    return switch (why) {
      case NO_CHARGER -> ApiException.notFound("Charger");
      case TOKEN_REQUIRED -> ApiException.badRequest("idTag", "idTag is required: name the token to charge with");
      case UNKNOWN_TOKEN -> ApiException.badRequest("idTag", "idTag is not a valid token of the charger's network");
      case NOT_OWN_TOKEN -> new ApiException(403, "token_not_owned",
          "A driver may start charging only with one of their own valid tokens");
      case NO_VALID_TOKEN -> new ApiException(409, "no_valid_token", "The driver has no valid token to charge with");
      case DRIVER_ON_HOLD -> new ApiException(409, "driver_on_hold",
          "The driver is on fraud hold for an unpaid balance: no charging until the operator clears it");
      case SENT -> throw new IllegalArgumentException("a sent start is no refusal");
    };
  }

  private Future<Reply> stop(ApiPrincipal p, JsonObject body) {
    UUID id = UUID.fromString(body.getString("sessionId"));
    return charging.stop(p.scope(), id).compose(s -> switch (s.status()) {
      case NO_SESSION -> throw ApiException.notFound("Session");
      case NOT_ACTIVE -> throw ApiException.conflict("The session is not running (status " + s.session().status() + ")");
      case COMPLETED -> withCosts(s.session()).map(detail -> Reply.ok(detail.put("stopStatus", "Completed")
          .put("message", "The charger stopped the session")));
      case PENDING -> withCosts(s.session()).map(detail -> Reply.accepted(detail.put("stopStatus", "Pending")
          .put("pollUrl", "/emsp/v1/charging/sessions/" + id)
          .put("message", "The charger accepted the stop but has not reported it yet; poll GET /emsp/v1/charging/sessions/"
              + id + " until status is COMPLETED")));
      case NOT_STOPPED -> withCosts(s.session()).map(detail -> Reply.ok(detail
          .put("stopStatus", CommandReplies.status(s.outcome()))
          .put("message", CommandReplies.message(s.outcome(), "Stop"))));
    });
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page, String status, UUID chargerId, TimeRange range) {
    SessionQueries.Filter filter = new SessionQueries.Filter(status, chargerId, range.fromUtc(), range.toUtc());
    return sessions.page(p.scope(), filter, page.pageSize(), page.offset())
        .map(found -> Reply.navigablePage(found.items().stream()
            .map(s -> ChargingViews.summary(s, clock.instant())).toList(), page, found.total()));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return sessions.find(p.scope(), id).compose(found -> withCosts(found.orElseThrow(() -> ApiException.notFound("Session"))))
        .map(Reply::ok);
  }

  private Future<JsonObject> withCosts(SessionView s) {
    return costs.of(s).map(c -> ChargingViews.detail(s, c, clock.instant()));
  }
}
