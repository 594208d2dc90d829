package io.voltgate.store.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One OCPP-J frame as the message log keeps it (docs/ocpp-log.md).
 *
 * @param direction {@code in} (charger → CSMS) or {@code out}
 * @param messageType {@code CALL}, {@code CALLRESULT}, {@code CALLERROR} or {@code REFUSED} (a frame
 *     that could not be read as one of them, or an answer to nothing we sent)
 * @param payloadBytes the frame's size on the wire (UTF-8), before any truncation
 * @param frame the frame text as stored: as received or sent, redacted, truncated; null when a
 *     refused frame looked like it carried a secret
 * @param latencyMicros on an answer: from its CALL to it (our handling time, or the charger's)
 */
public record LoggedFrame(Instant loggedAt, UUID networkId, UUID chargerId, String chargePointId, String node,
    String connectionId, String ocppVersion, String direction, String messageType, String messageId,
    String action, String errorCode, String refusal, int payloadBytes, String frame, boolean truncated,
    boolean redacted, Long latencyMicros) {
}
