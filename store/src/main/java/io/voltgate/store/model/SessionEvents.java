package io.voltgate.store.model;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The data and ids of session events on the stream, built in one place so that the gateway (a
 * charger's start and stop), the API (an operator's force-stop) and the replay after Redis lost its
 * data publish the same shapes under the same ids.
 */
public final class SessionEvents {

  private SessionEvents() {
  }

  /** The stop reason an operator's force-stop records (and by which a completion reads as forced). */
  public static final String FORCED_REASON = "ForceStopped";

  /** How a session came to complete. */
  public enum Completion {
    /** The charger reported the stop. */
    CHARGER,
    /** An operator finalised a hung session ({@code "forced": true}). */
    FORCED,
    /** A stop for a transaction Voltgate never started ({@code "orphan": true}, no energy). */
    ORPHAN
  }

  /**
   * The id of a session's one {@code session.completed} event, derived from the session: however often
   * it is published (the spool, the replay after Redis lost its data), consumers see one event.
   */
  public static UUID completedEventId(UUID sessionId) {
    return UUID.nameUUIDFromBytes(("session.completed/" + sessionId).getBytes(StandardCharsets.UTF_8));
  }

  /** The id of a session's one {@code session.started} event, derived like {@link #completedEventId}. */
  public static UUID startedEventId(UUID sessionId) {
    return UUID.nameUUIDFromBytes(("session.started/" + sessionId).getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code session.started} data: {@link #base} then the idToken, start time and meter reading. */
  public static JsonObject started(SessionRef session, UUID chargerId, String chargePointId, String idToken,
      Instant startedAt, BigDecimal meterStartWh, boolean offline) {
    return base(session, chargerId, chargePointId)
        .put("idToken", idToken)
        .put("startedAt", startedAt.toString())
        .put("meterStartWh", meterStartWh == null ? null : meterStartWh.doubleValue())
        .put("offline", offline);
  }

  /** What every session event carries: the session, its charger and its OCPP identifiers. */
  public static JsonObject base(SessionRef session, UUID chargerId, String chargePointId) {
    return new JsonObject()
        .put("sessionId", session.id().toString())
        .put("chargerId", chargerId.toString())
        .put("chargePointId", chargePointId)
        .put("evseId", session.evseId())
        .put("connectorId", session.connectorId())
        .put("transactionId", session.transactionRef())
        .put("status", session.status());
  }

  /**
   * The {@code session.completed} data: {@link #base} then stoppedAt and reason; a charger's or a
   * forced stop adds meterStopWh and the session's energy (a forced one first marks itself), an
   * orphan stop marks itself and carries no energy.
   */
  public static JsonObject completed(SessionRef session, UUID chargerId, String chargePointId, Instant stoppedAt,
      String reason, Completion how, BigDecimal meterStopWh) {
    JsonObject data = base(session, chargerId, chargePointId)
        .put("stoppedAt", stoppedAt.toString())
        .put("reason", reason);
    if (how == Completion.ORPHAN) {
      return data.put("orphan", true);
    }
    if (how == Completion.FORCED) {
      data.put("forced", true);
    }
    return data
        .put("meterStopWh", meterStopWh == null ? null : meterStopWh.doubleValue())
        .put("energyWh", session.energyWh() == null ? null : session.energyWh().doubleValue());
  }
}
