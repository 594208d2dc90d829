package io.voltgate.gateway.core;

import java.time.Clock;
import io.voltgate.store.pg.SessionRepository;
import io.voltgate.store.pg.MeterSampleWriter;
import io.voltgate.store.redis.LiveStateStore;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.EventType;
import io.voltgate.store.model.MeterSample;
import io.voltgate.store.model.SessionEvents;
import io.voltgate.store.model.SessionRef;
import io.voltgate.store.model.SessionStart;
import io.voltgate.store.model.SessionStop;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Charging sessions as chargers report them. Every method completes only after Postgres committed
 * the change, so the charger is answered only for what is durable; all of them are idempotent.
 */
public final class TransactionService {

  private final Clock clock;
  private final SessionRepository sessions;
  private final MeterSampleWriter meterSamples;
  private final LiveStateStore liveState;
  private final EventPublisher events;
  private final GatewayMetrics metrics;

  public TransactionService(Clock clock, SessionRepository sessions, MeterSampleWriter meterSamples, LiveStateStore liveState, EventPublisher events, GatewayMetrics metrics) {
    this.clock = Objects.requireNonNull(clock);
    this.sessions = Objects.requireNonNull(sessions);
    this.meterSamples = Objects.requireNonNull(meterSamples);
    this.liveState = Objects.requireNonNull(liveState);
    this.events = Objects.requireNonNull(events);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /**
   * A transaction started (1.6 StartTransaction, or the first 2.0.1 TransactionEvent seen for a
   * transactionId). A retry returns the same session with {@code created == false}.
   */
  public Future<SessionRef> start(ChargerConnection conn, SessionStart start) {
    ChargerRecord charger = conn.charger();
    Future<SessionRef> stored = start.transactionRef() == null
        ? sessions.startOcpp16(charger, start)
        : sessions.upsertOcpp201(charger, start);
    return stored.onSuccess(session -> {
      if (session.active()) {
        conn.activeSession(session.evseId(), session);
      }
      if (session.created()) {
        liveState.liveValues(conn.chargePointId(), session.evseId(), new JsonObject()
            .put("sessionId", session.id().toString()).put("transactionRef", session.transactionRef())
            .put("energyKwh", 0.0).put("ts", start.startedAt().toString()));
        publishOnce(SessionEvents.startedEventId(session.id()), EventType.SESSION_STARTED, conn, session,
            SessionEvents.started(session, conn.charger().id(), conn.chargePointId(), start.idToken(),
                start.startedAt(), start.meterStartWh(), start.offline()));
      }
    });
  }

  /**
   * 2.0.1: records that the event with sequence number {@code seqNo} (and, when given, the charging
   * state it reports) reached the session, with the event's meter samples in the same statement:
   * durable before the answer, stored once however often the charger retries. Completes with true
   * for a new event, false for a retried or late one whose effects (events) must not be applied again.
   */
  public Future<Boolean> advance(ChargerConnection conn, SessionRef session, int seqNo, String chargingState, int evseId,
      List<MeterSample> samples) {
    return sessions.advance(session.id(), seqNo, chargingState, conn.charger().id(), evseId, samples);
  }

  /** Progress worth telling subscribers about (2.0.1 Updated events: charging state changes). */
  public void updated(ChargerConnection conn, SessionRef session, JsonObject details) {
    publish(EventType.SESSION_UPDATED, conn, session, details);
  }

  /**
   * A transaction ended. Completes with the session; a stop for a session that is already complete
   * changes nothing (idempotent retry).
   */
  public Future<SessionRef> stop(ChargerConnection conn, SessionRef session, SessionStop stop, JsonArray data) {
    // Queued samples first: the energy fallback (no meter stop) reads the session's samples.
    return meterSamples.flush().otherwiseEmpty()
        .compose(flushed -> sessions.complete(session.id(), stop, data)).map(completed -> {
      conn.activeSession(session.evseId(), null);
      if (completed.isPresent()) {
        SessionRef done = completed.get();
        liveState.clearLive(conn.chargePointId(), done.evseId());
        metrics.sessionCompleted(conn.version().label(), done.energyWh());
        publishOnce(SessionEvents.completedEventId(done.id()), EventType.SESSION_COMPLETED, conn, done,
            SessionEvents.completed(done, conn.charger().id(), conn.chargePointId(), stop.stoppedAt(), stop.reason(),
                SessionEvents.Completion.CHARGER, stop.meterStopWh()));
        return done;
      }
      return session;
    });
  }

  /**
   * 1.6 StopTransaction by transactionId. An id Voltgate never issued is recorded as a completed
   * orphan session and still acknowledged, so the charger does not retry forever.
   */
  public Future<SessionRef> stopOcpp16(ChargerConnection conn, int transactionId, SessionStop stop, JsonArray data) {
    return sessions.findOcpp16(conn.charger().id(), transactionId).compose(found -> {
      if (found.isPresent()) {
        return stop(conn, found.get(), stop, data);
      }
      return sessions.recordOrphanStop(conn.charger(), transactionId, stop, data)
          .onSuccess(orphan -> {
            if (orphan.created()) {
              publishOnce(SessionEvents.completedEventId(orphan.id()), EventType.SESSION_COMPLETED, conn, orphan,
                  SessionEvents.completed(orphan, conn.charger().id(), conn.chargePointId(), stop.stoppedAt(),
                      stop.reason(), SessionEvents.Completion.ORPHAN, null));
            }
          });
    });
  }

  /** The active session on an EVSE: this connection's memory first, then Postgres (after reconnects). */
  public Future<Optional<SessionRef>> activeOn(ChargerConnection conn, int evseId) {
    SessionRef known = conn.activeSession(evseId);
    if (known != null) {
      return Future.succeededFuture(Optional.of(known));
    }
    return sessions.findActive(conn.charger().id(), evseId).onSuccess(found ->
        found.ifPresent(s -> conn.activeSession(evseId, s)));
  }

  /** 1.6 MeterValues carrying a transactionId: the session it names, if Voltgate knows it. */
  public Future<Optional<SessionRef>> byOcpp16Id(ChargerConnection conn, int evseId, int transactionId) {
    SessionRef known = conn.activeSession(evseId);
    if (known != null && known.ocpp16TransactionId() != null && known.ocpp16TransactionId() == transactionId) {
      return Future.succeededFuture(Optional.of(known));
    }
    return sessions.findOcpp16(conn.charger().id(), transactionId);
  }

  private void publish(EventType type, ChargerConnection conn, SessionRef session, JsonObject extra) {
    publishData(type, conn, session, SessionEvents.base(session, conn.charger().id(), conn.chargePointId()).mergeIn(extra));
  }

  private void publishData(EventType type, ChargerConnection conn, SessionRef session, JsonObject data) {
    events.publish(type, session.networkId(), conn.chargePointId(), clock.instant(), data);
  }

  /** Under the session's own event id: however often it is published (spool, replay), consumers see one event. */
  private void publishOnce(UUID eventId, EventType type, ChargerConnection conn, SessionRef session, JsonObject data) {
    events.publish(eventId, type, session.networkId(), conn.chargePointId(), clock.instant(), data);
  }
}
