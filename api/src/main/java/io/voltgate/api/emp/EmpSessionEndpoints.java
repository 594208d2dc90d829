package io.voltgate.api.emp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.CommandReplies;
import io.voltgate.api.http.Reply;
import io.voltgate.services.charging.EmpRemoteSessions;
import io.voltgate.services.charging.RemoteCharging;
import io.voltgate.store.query.FraudQueries;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.ApiServices;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.EmpSessionQueries;
import io.voltgate.store.query.IdTokenQueries;
import io.voltgate.store.query.SessionQueries;
import io.voltgate.store.query.SessionViews;
import io.voltgate.store.redis.LiveSessionValues;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Remote sessions on {@code /emp/v1/sessions} (the EMP seed; docs/emp-sessions.md): start on a
 * connector with a charging key, stop a session started here, read a session. A key sees the
 * sessions of its networks only; any other id answers 404 like an unknown one. The seed lists 400
 * for every refusal of a start or stop, so they are 400s with a reason.
 */
public final class EmpSessionEndpoints {

  private final EmpRemoteSessions sessions;
  private final Clock clock;

  /**
   * How long a stop waits for the charger's stop report after it accepted the stop: well under an
   * HTTP client's usual timeout (the driver API waits as long).
   */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** The group over the driver API's remote charging, with this verticle's pool, commands and clock. */
  static EmpSessionEndpoints create(ApiServices services) {
    Pool pg = services.pg();
    SessionQueries sessionQueries = new SessionQueries(pg);
    SessionViews views = new SessionViews(sessionQueries, new LiveSessionValues(services.redis()));
    SessionBilling billing = new SessionBilling(pg);
    RemoteCharging charging = new RemoteCharging(services.vertx(), new ChargerQueries(pg), new IdTokenQueries(pg), views,
        sessionQueries, billing, services.commands(), services.clock(), STOP_WAIT, new FraudQueries(pg));
    return new EmpSessionEndpoints(new EmpRemoteSessions(charging, new EmpSessionQueries(pg), views, billing),
        services.clock());
  }

  public EmpSessionEndpoints(EmpRemoteSessions sessions, Clock clock) {
    this.sessions = Objects.requireNonNull(sessions);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Sessions").callers(Caller.KEY)
        .post("/emp/v1/sessions/start", "emp:sessions:write",
            "Start a remote session on a connector with a charging key (RemoteStartTransaction / RequestStartTransaction)",
            "emp-session-start", (ctx, p) -> start(p, BodySchemas.validated(ctx, "emp-session-start")))
        .post("/emp/v1/sessions/{sessionId}/stop", "emp:sessions:write",
            "Stop a session started through this API; answers once the charger reported the stop (or a while passed)",
            null, (ctx, p) -> stop(p, sessionId(ctx)))
        .get("/emp/v1/sessions/{sessionId}", "emp:sessions:read", "A session with its charger, energy and price",
            (ctx, p) -> detail(p, sessionId(ctx)));
  }

  private Future<Reply> start(ApiPrincipal p, JsonObject body) {
    UUID connector = ConnectorIds.decode(body.getString("connectorId"));
    if (connector == null) {
      throw ApiException.badRequest("connectorId", "connectorId is not a connector id");
    }
    return sessions.start(p.scope(), p.keyId(), connector, body.getString("keyIdentifier")).map(s -> switch (s.status()) {
      case SENT -> Reply.bare(new JsonObject().put("sessionId", s.publicId()));
      case NO_CONNECTOR -> throw ApiException.badRequest("connectorId", "No such connector");
      case UNKNOWN_KEY -> throw ApiException.badRequest("keyIdentifier",
          "keyIdentifier is not a valid charging key of the connector's network");
      case DRIVER_ON_HOLD -> throw new ApiException(409, "driver_on_hold",
          "The charging key's driver is on fraud hold for an unpaid balance: no charging until the operator clears it");
    });
  }

  private Future<Reply> stop(ApiPrincipal p, String id) {
    return sessions.stop(p.scope(), id).map(s -> switch (s.status()) {
      case NO_SESSION -> throw ApiException.notFound("Session");
      case NOT_REMOTE -> throw new ApiException(400, "not_remote_session",
          "Only sessions started remotely (POST /emp/v1/sessions/start) can be remotely stopped", "sessionId");
      case NOT_STARTED -> throw new ApiException(400, "session_not_started",
          "The charger has not started this session: there is nothing to stop", "sessionId");
      case SENT -> stopped(s.remote().publicId(), s.stop());
    });
  }

  private static Reply stopped(String publicId, RemoteCharging.Stop stop) {
    JsonObject out = new JsonObject().put("sessionId", publicId);
    return switch (stop.status()) {
      case COMPLETED -> Reply.bare(out.put("sessionStatus", EmpSessionViews.COMPLETE).put("stopStatus", "Completed"));
      case PENDING -> Reply.bare(out.put("sessionStatus", "ACTIVE").put("stopStatus", "Pending"));
      case NOT_STOPPED -> Reply.bare(out.put("sessionStatus", "ACTIVE").put("stopStatus", CommandReplies.status(stop.outcome()))
          .put("message", CommandReplies.message(stop.outcome(), "Stop")));
      case NO_SESSION -> throw ApiException.notFound("Session");
      case NOT_ACTIVE -> throw new ApiException(400, "session_not_active",
          "The session is not running (status " + stop.session().status() + ")", "sessionId");
    };
  }

  private Future<Reply> detail(ApiPrincipal p, String id) {
    return sessions.find(p.scope(), id).map(found -> Reply.bare(EmpSessionViews.detail(
        found.orElseThrow(() -> ApiException.notFound("Session")), clock.instant())));
  }

  /** A session id: a remote session's public id or a charging session's UUID; anything else is a 400. */
  private static String sessionId(RoutingContext ctx) {
    String id = ctx.pathParam("sessionId");
    if (id != null && (EmpRemoteSessions.isPublicId(id) || isUuid(id))) {
      return id;
    }
    throw ApiException.badRequest("sessionId", "sessionId is not a session id");
  }

  private static boolean isUuid(String s) {
    try {
      return s.length() == 36 && UUID.fromString(s) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
