package io.voltgate.store.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A charger reports that a transaction started.
 *
 * @param transactionRef 2.0.1: the charger's transactionId; 1.6: null (Voltgate assigns an integer)
 * @param startKey 1.6: natural key of the StartTransaction so that a retry finds the same session
 */
public record SessionStart(
    int evseId,
    int connectorId,
    String ocppVersion,
    String transactionRef,
    String startKey,
    String idToken,
    String idTokenType,
    Integer reservationId,
    Instant startedAt,
    BigDecimal meterStartWh,
    boolean offline) {
}
