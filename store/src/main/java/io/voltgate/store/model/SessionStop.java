package io.voltgate.store.model;

import java.math.BigDecimal;
import java.time.Instant;

/** A charger reports that a transaction ended. {@code meterStopWh} may be null (2.0.1 without meter). */
public record SessionStop(
    Instant stoppedAt,
    BigDecimal meterStopWh,
    String reason,
    String idToken) {
}
