package io.voltgate.gateway.ocpp;

import io.voltgate.gateway.charger.ChargerConnection;
import java.time.Instant;

/** One inbound CALL being handled. */
public record CallContext(ChargerConnection connection, String messageId, String action, Instant receivedAt) {
}
