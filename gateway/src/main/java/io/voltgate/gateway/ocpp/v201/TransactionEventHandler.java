package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.gateway.core.AuthorizationService;
import io.voltgate.gateway.core.MeterService;
import io.voltgate.gateway.core.ReservationService;
import io.voltgate.gateway.core.TransactionService;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.MeterValueParser;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.Authorization;
import io.voltgate.store.model.MeterSample;
import io.voltgate.store.model.SessionRef;
import io.voltgate.store.model.SessionStart;
import io.voltgate.store.model.SessionStop;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * 2.0.1 TransactionEvent (Started, Updated, Ended). The charger's transactionId is the session key:
 * whichever event arrives first creates the session. The event's seqNo detects retries, whose meter
 * values and events are not applied twice; an Ended retry still completes the session (idempotent),
 * so a stop that failed half-way is finished by the charger's retry. Everything is committed before
 * the answer. An event naming a reservationId uses that reservation up.
 */
final class TransactionEventHandler implements ActionHandler {

  private static final String STARTED = "Started";
  private static final String UPDATED = "Updated";
  private static final String ENDED = "Ended";
  /** ReasonEnumType default when an Ended event gives no stoppedReason. */
  private static final String DEFAULT_STOP_REASON = "Local";

  private final TransactionService transactions;
  private final AuthorizationService auth;
  private final MeterService meters;
  private final ReservationService reservations;

  TransactionEventHandler(TransactionService transactions, AuthorizationService auth, MeterService meters,
      ReservationService reservations) {
    this.transactions = transactions;
    this.auth = auth;
    this.meters = meters;
    this.reservations = reservations;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    String eventType = Payloads.text(req, "eventType");
    JsonNode info = req.get("transactionInfo");
    String token = Payloads.text(req.get("idToken"), "idToken");
    List<MeterSample> samples = MeterValueParser.ocpp201(req.get("meterValue"), ctx.receivedAt());
    SessionStart start = sessionStart(ctx, req, eventType, token, samples);
    return transactions.start(ctx.connection(), start)
        .compose(session -> reservations.used(ctx.connection(), start.reservationId()).map(session))
        .compose(session -> transactions.advance(ctx.connection(), session, Payloads.integer(req, "seqNo"),
                Payloads.text(info, "chargingState"), evseOf(req, session), samples)
            .compose(isNew -> apply(ctx, req, eventType, session, isNew, samples)))
        .compose(session -> answer(ctx.connection().charger().networkId(), eventType, token, session));
  }

  /** The session as far as this event tells; the first event of a transactionId creates it. */
  private static SessionStart sessionStart(CallContext ctx, ObjectNode req, String eventType, String token,
      List<MeterSample> samples) {
    JsonNode evse = req.get("evse");
    return new SessionStart(
        evse == null ? 0 : Payloads.integer(evse, "id"),
        connectorId(evse),
        "2.0.1",
        Payloads.text(req.get("transactionInfo"), "transactionId"),
        null,
        token,
        Payloads.text(req.get("idToken"), "type"),
        Payloads.integer(req, "reservationId"),
        Payloads.instant(req, "timestamp", ctx.receivedAt()),
        STARTED.equals(eventType) ? MeterValueParser.register(samples, "Transaction.Begin") : null,
        req.path("offline").asBoolean(false));
  }

  /**
   * Live meter values and the charging-state event for a new event (not for a retry; its samples are
   * stored with its sequence number); completes an Ended session (again, harmlessly, on a retry).
   * Completes with the session after the event.
   */
  private Future<SessionRef> apply(CallContext ctx, ObjectNode req, String eventType, SessionRef session,
      boolean isNew, List<MeterSample> samples) {
    ChargerConnection conn = ctx.connection();
    JsonNode info = req.get("transactionInfo");
    Instant timestamp = Payloads.instant(req, "timestamp", ctx.receivedAt());
    if (isNew) {
      meters.stored(conn, evseOf(req, session), session, samples);
      String chargingState = Payloads.text(info, "chargingState");
      // The spec requires chargingState exactly when it changed since the previous event.
      if (UPDATED.equals(eventType) && chargingState != null) {
        transactions.updated(conn, session, new JsonObject()
            .put("chargingState", chargingState)
            .put("triggerReason", Payloads.text(req, "triggerReason"))
            .put("seqNo", Payloads.integer(req, "seqNo"))
            .put("timestamp", timestamp.toString())
            .put("timeSpentCharging", Payloads.integer(info, "timeSpentCharging")));
      }
    }
    if (!ENDED.equals(eventType)) {
      return Future.succeededFuture(session);
    }
    SessionStop stop = new SessionStop(timestamp, MeterValueParser.register(samples, "Transaction.End"),
        stoppedReason(Payloads.text(info, "stoppedReason")), Payloads.text(req.get("idToken"), "idToken"));
    return transactions.stop(conn, session, stop, Payloads.toVertxArray(req.get("meterValue")));
  }

  /** The event's EVSE: evse may be left out after the first event, and the session knows where it runs. */
  private static int evseOf(ObjectNode req, SessionRef session) {
    Integer evseId = Payloads.integer(req.get("evse"), "id");
    return evseId == null ? session.evseId() : evseId;
  }

  /** {@code {}}, plus idTokenInfo when the request carried an idToken (the spec requires it then). */
  private Future<ObjectNode> answer(UUID network, String eventType, String token, SessionRef session) {
    if (token == null) {
      return Future.succeededFuture(Payloads.object());
    }
    // A token in Started or Updated (e.g. trigger Authorized after CablePluggedIn) starts the
    // charging, so it is checked for other active sessions; the token that ends it is not.
    Future<Authorization> authorization = ENDED.equals(eventType)
        ? auth.authorize(network, token) : auth.authorizeStart(network, token, session.id());
    return authorization.map(a -> Payloads.object().set("idTokenInfo", IdTokenInfo.of(a)));
  }

  /** The connector in use; an EVSE without connectorId is taken to have one connector (1). */
  private static int connectorId(JsonNode evse) {
    if (evse == null) {
      return 0;
    }
    Integer connectorId = Payloads.integer(evse, "connectorId");
    return connectorId == null ? 1 : connectorId;
  }

  private static String stoppedReason(String given) {
    return given == null ? DEFAULT_STOP_REASON : given;
  }
}
