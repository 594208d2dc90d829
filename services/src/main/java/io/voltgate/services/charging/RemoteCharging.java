package io.voltgate.services.charging;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.ChargerQueries.Visibility;
import io.voltgate.store.query.FraudQueries;
import io.voltgate.store.query.IdTokenQueries;
import io.voltgate.store.query.Scope;
import io.voltgate.store.query.SessionQueries;
import io.voltgate.store.query.SessionView;
import io.voltgate.store.query.SessionViews;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts and stops charging for the driver API. A start names a charger the caller may see and a
 * token the caller may use (a driver: one of their own valid tokens; a back end: a valid token of
 * the charger's network), sends the remote start (1.6 RemoteStartTransaction, 2.0.1
 * RequestStartTransaction) and completes with the charger's answer at once: the session itself is
 * created by the gateway when the charger confirms. A stop sends the remote stop and then waits, up
 * to {@code stopWait}, for the charger's stop report, polling the session on a timer (the report
 * may reach any gateway node, and Postgres is where every node's sessions end); the completed session
 * is priced at once ({@link SessionBilling#bill} is idempotent, so the billing verticle racing it is
 * harmless) so its costs are the CDR's. A held driver's token (docs/fraud.md) starts nothing:
 * {@link StartStatus#DRIVER_ON_HOLD}.
 */
public final class RemoteCharging {

  /** How often a stop looks whether the charger's stop report has completed the session. */
  static final Duration POLL = Duration.ofMillis(250);

  /** What became of a start. */
  public enum StartStatus {
    /** The command went out; {@link Start#outcome()} is the charger's answer or why there is none. */
    SENT,
    /** No charger with this id is visible to the caller. */
    NO_CHARGER,
    /** A back end named no idTag. */
    TOKEN_REQUIRED,
    /** A back end's idTag is not a valid token of the charger's network. */
    UNKNOWN_TOKEN,
    /** A driver named an idTag that is not one of their own valid tokens. */
    NOT_OWN_TOKEN,
    /** A driver has no valid token to start with. */
    NO_VALID_TOKEN,
    /** The token is a driver's who is on fraud hold (docs/fraud.md): the charger would answer it Blocked. */
    DRIVER_ON_HOLD
  }

  /**
   * @param correlationId this start request's id (the charger's session has its own once it exists)
   * @param idTag the token sent to the charger, null when none was
   * @param outcome the charger's answer, null unless {@link StartStatus#SENT}
   */
  public record Start(StartStatus status, UUID correlationId, String idTag, CommandOutcome outcome, Instant at) {
  }

  /** What became of a stop. */
  public enum StopStatus {
    /** The session is completed and priced: {@link Stop#session()} is final. */
    COMPLETED,
    /** The charger accepted the stop but has not reported it within the wait. */
    PENDING,
    /** The charger refused the stop or could not be asked (offline, timeout ...): see the outcome. */
    NOT_STOPPED,
    /** No session with this id is visible to the caller. */
    NO_SESSION,
    /** The session is neither running nor completed (pending, faulted, orphaned). */
    NOT_ACTIVE
  }

  /** @param outcome the charger's answer to the stop, null when none was sent */
  public record Stop(StopStatus status, SessionView session, CommandOutcome outcome) {
  }

  private final Vertx vertx;
  private final ChargerQueries chargers;
  private final IdTokenQueries tokens;
  private final SessionViews views;
  private final SessionQueries sessions;
  private final SessionBilling billing;
  private final ChargerCommands commands;
  private final Clock clock;
  private final Duration stopWait;
  private final FraudQueries fraud;

  public RemoteCharging(Vertx vertx, ChargerQueries chargers, IdTokenQueries tokens, SessionViews views,
      SessionQueries sessions, SessionBilling billing, ChargerCommands commands, Clock clock, Duration stopWait,
      FraudQueries fraud) {
    this.vertx = Objects.requireNonNull(vertx);
    this.chargers = Objects.requireNonNull(chargers);
    this.tokens = Objects.requireNonNull(tokens);
    this.views = Objects.requireNonNull(views);
    this.sessions = Objects.requireNonNull(sessions);
    this.billing = Objects.requireNonNull(billing);
    this.commands = Objects.requireNonNull(commands);
    this.clock = Objects.requireNonNull(clock);
    this.stopWait = Objects.requireNonNull(stopWait);
    this.fraud = Objects.requireNonNull(fraud);
  }

  /**
   * The charger and token a start would use, or why there are none: {@link StartStatus#SENT} when
   * both are found (nothing is sent here).
   *
   * @param driverId the token's driver, or null for a token of no driver
   */
  public record Target(StartStatus status, UUID chargerId, UUID networkId, String chargePointId, String idTag,
      UUID driverId) {

    static Target none(StartStatus why) {
      return new Target(why, null, null, null, null, null);
    }
  }

  /**
   * Finds what a start would use. A driver scope sees the public chargers of {@code catalogue} (the
   * driver's network) and uses its own tokens; a network scope sees its fleet and uses a token of the
   * charger's network. Fails only on backend errors.
   *
   * @param idTag the token's uid, or null (a driver: their app token, else their newest valid token)
   */
  public Future<Target> target(Scope scope, Scope catalogue, UUID chargerId, String idTag) {
    boolean driver = scope.isDriver();
    if (!driver && idTag == null) {
      return Future.succeededFuture(Target.none(StartStatus.TOKEN_REQUIRED));
    }
    Future<Optional<Row>> found = driver ? chargers.discoveryFind(catalogue, Visibility.PUBLIC, chargerId)
        : chargers.discoveryFind(scope, Visibility.FLEET, chargerId);
    return found.compose(charger -> {
      if (charger.isEmpty()) {
        return Future.succeededFuture(Target.none(StartStatus.NO_CHARGER));
      }
      UUID network = charger.get().getUUID("network_id");
      return tokens.usable(scope, idTag).map(usable -> usable.stream().filter(t -> network.equals(t.networkId()))
          .findFirst()
          .map(t -> new Target(StartStatus.SENT, chargerId, network, charger.get().getString("charge_point_id"),
              t.uid(), t.userId()))
          .orElseGet(() -> Target.none(noToken(driver, idTag))))
          .compose(this::unlessHeld);
    });
  }

  /** The target, or {@link StartStatus#DRIVER_ON_HOLD} when its token is a held driver's. */
  private Future<Target> unlessHeld(Target t) {
    if (t.status() != StartStatus.SENT) {
      return Future.succeededFuture(t);
    }
    return fraud.tokenHeld(t.networkId(), t.idTag()).map(held -> held ? Target.none(StartStatus.DRIVER_ON_HOLD) : t);
  }

  /**
   * Starts charging on what {@link #target} finds: sends the remote start and completes with the
   * charger's answer at once (never fails for the charger's refusal, absence or silence); fails only
   * on backend errors.
   */
  public Future<Start> start(Scope scope, Scope catalogue, UUID chargerId, int connectorNumber, String idTag) {
    UUID correlationId = UUID.randomUUID();
    return target(scope, catalogue, chargerId, idTag).compose(t -> {
      if (t.status() != StartStatus.SENT) {
        return Future.succeededFuture(new Start(t.status(), correlationId, null, null, clock.instant()));
      }
      return send(commands, t.chargePointId(), connectorNumber, t.idTag())
          .map(outcome -> new Start(StartStatus.SENT, correlationId, t.idTag(), outcome, clock.instant()));
    });
  }

  /**
   * Sends the remote start for a target {@link #target} found ({@link StartStatus#SENT}), for a
   * caller that records the start before it goes out (the EMP API's remote sessions); completes with
   * the charger's answer, fails only on backend errors.
   */
  public Future<CommandOutcome> sendStart(Target target, int connectorNumber) {
    if (target.status() != StartStatus.SENT) {
      throw new IllegalArgumentException("no start to send: " + target.status());
    }
    return send(commands, target.chargePointId(), connectorNumber, target.idTag());
  }

  /** The remote start (1.6 RemoteStartTransaction, 2.0.1 RequestStartTransaction) of one token on one connector. */
  static Future<CommandOutcome> send(ChargerCommands commands, String chargePointId, int connectorNumber, String idTag) {
    return commands.send(chargePointId, Op.START, null,
        new JsonObject().put("idTag", idTag).put("connectorNumber", connectorNumber));
  }

  private static StartStatus noToken(boolean driver, String idTag) {
    if (!driver) {
      return StartStatus.UNKNOWN_TOKEN;
    }
    return idTag == null ? StartStatus.NO_VALID_TOKEN : StartStatus.NOT_OWN_TOKEN;
  }

  /**
   * Stops a running session of the scope and waits, at most the configured wait, for the charger to
   * report it. A completed session answers as it is (stopping twice is harmless). Completes with the
   * stop's status and the session as it then is; fails only on backend errors.
   */
  public Future<Stop> stop(Scope scope, UUID sessionId) {
    return views.find(scope, sessionId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(new Stop(StopStatus.NO_SESSION, null, null));
      }
      SessionView session = found.get();
      if (SessionView.COMPLETED.equals(session.status())) {
        return completed(scope, sessionId, null);
      }
      if (!session.active()) {
        return Future.succeededFuture(new Stop(StopStatus.NOT_ACTIVE, session, null));
      }
      return commands.send(session.chargePointId(), Op.STOP, null,
              new JsonObject().put("transactionId", session.chargerTransactionId()))
          .compose(outcome -> {
            if (!outcome.accepted()) {
              return Future.succeededFuture(new Stop(StopStatus.NOT_STOPPED, session, outcome));
            }
            return awaitCompletion(scope, sessionId, clock.instant().plus(stopWait))
                .compose(done -> done ? completed(scope, sessionId, outcome)
                    : views.find(scope, sessionId).map(now -> new Stop(StopStatus.PENDING, now.orElse(session), outcome)));
          });
    });
  }

  /** Prices the completed session (if billing has not yet) and reads it back with its CDR. */
  private Future<Stop> completed(Scope scope, UUID sessionId, CommandOutcome outcome) {
    return billing.bill(sessionId).compose(priced -> views.find(scope, sessionId))
        .map(session -> new Stop(StopStatus.COMPLETED, session.orElse(null), outcome));
  }

  /** Completes with true once the session is no longer active, false at the deadline. */
  private Future<Boolean> awaitCompletion(Scope scope, UUID sessionId, Instant deadline) {
    return sessions.status(scope, sessionId).compose(status -> {
      if (status.isEmpty() || !SessionView.ACTIVE.equals(status.get())) {
        return Future.succeededFuture(SessionView.COMPLETED.equals(status.orElse(null)));
      }
      if (!clock.instant().isBefore(deadline)) {
        return Future.succeededFuture(false);
      }
      Promise<Void> tick = Promise.promise();
      vertx.setTimer(POLL.toMillis(), id -> tick.complete());
      return tick.future().compose(v -> awaitCompletion(scope, sessionId, deadline));
    });
  }
}
