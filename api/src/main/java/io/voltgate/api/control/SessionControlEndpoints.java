package io.voltgate.api.control;

import io.voltgate.services.commands.ChargerCommands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.payments.PaymentProvider;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.model.EventType;
import io.voltgate.store.model.SessionEvents;
import io.voltgate.store.model.SessionRef;
import io.voltgate.store.pg.SessionRepository;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.query.SessionQueries;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Operator interventions on sessions: force-stop (finalise a hung session from its last known meter
 * values even if the charger never answers; the completion event lets billing produce its
 * transaction) and refund (through the payment provider; disabled by default).
 */
public final class SessionControlEndpoints {

  private final SessionRepository sessions;
  private final SessionQueries sessionQueries;
  private final EventPublisher events;
  private final Clock clock;
  private final ChargerCommands commands;
  private final PaymentProvider payments;

  /** {@code events} carries the forced completion to billing; {@code commands} asks the charger to stop too. */
  public SessionControlEndpoints(SessionRepository sessions, SessionQueries sessionQueries, EventPublisher events,
      Clock clock, ChargerCommands commands, PaymentProvider payments) {
    this.sessions = Objects.requireNonNull(sessions);
    this.sessionQueries = Objects.requireNonNull(sessionQueries);
    this.events = Objects.requireNonNull(events);
    this.clock = Objects.requireNonNull(clock);
    this.commands = Objects.requireNonNull(commands);
    this.payments = Objects.requireNonNull(payments);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Sessions")
        .post("/cpms/v1/sessions/{id}/force-stop", "cpms:control", "Finalise a hung session as COMPLETED", null, this::forceStop)
        .post("/cpms/v1/sessions/{id}/refund", "cpms:money", "Refund a session's payment", null, this::refund);
  }

  private Future<Reply> forceStop(RoutingContext ctx, ApiPrincipal p) {
    UUID id = Params.pathUuid(ctx, "id");
    return sessions.forceComplete(p.scope(), id, SessionEvents.FORCED_REASON)
        .compose(forced -> {
          if (forced.isEmpty()) {
            return sessionQueries.status(p.scope(), id)
                .compose(status -> Future.failedFuture(status.isEmpty() ? ApiException.notFound("Session")
                    : ApiException.conflict("The session is not active (status " + status.get() + ")")));
          }
          SessionRepository.ForcedStop stop = forced.get();
          SessionRef done = stop.session();
          String cp = stop.chargePointId();
          events.publish(SessionEvents.completedEventId(done.id()), EventType.SESSION_COMPLETED, done.networkId(), cp,
              clock.instant(), SessionEvents.completed(done, stop.chargerId(), cp, clock.instant(),
                  SessionEvents.FORCED_REASON, SessionEvents.Completion.FORCED, stop.meterStopWh()));
          // Best effort: also ask the charger to stop; the session is final whatever it answers.
          Object tx = done.ocpp16TransactionId() != null ? done.ocpp16TransactionId() : done.transactionRef();
          commands.send(cp, Op.STOP, null, new JsonObject().put("transactionId", tx));
          return Future.succeededFuture(Reply.ok(new JsonObject().put("sessionId", id.toString()).put("stopped", true)
              .put("status", "COMPLETED").put("energyWh", done.energyWh() == null ? null
                  : done.energyWh().doubleValue())));
        });
  }

  private Future<Reply> refund(RoutingContext ctx, ApiPrincipal p) {
    UUID id = Params.pathUuid(ctx, "id");
    return sessionQueries.status(p.scope(), id)
        .compose(found -> found.isEmpty() ? Future.failedFuture(ApiException.notFound("Session")) : payments.refund(id))
        .map(refund -> Reply.ok(refund));
  }
}
