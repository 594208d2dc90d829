package io.voltgate.store.query;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * A charging session as every API family reads it (the operator's {@code /cpms/v1/sessions}, the
 * driver's {@code /emsp/v1/charging/sessions}): the session, where it ran, its priced CDR when there is
 * one, and the gateway's live meter values while it is active. Each family renders it in its seed's
 * shape; what the fields mean is decided here once.
 *
 * @param status PENDING, ACTIVE, COMPLETED, FAULTED, or ORPHANED for a stop of a transaction nobody
 *     started (kept as a record of its own, never shown as a completed session)
 * @param energyWh the energy the charger reported at the stop, null while active
 * @param idleSeconds the CDR's idle time, null before pricing
 * @param total the CDR's total charged to the driver, null before pricing
 * @param currency the CDR's currency, else the tariff's, else the network's
 * @param live the gateway's latest values of an active session ({@code energyKwh}, {@code powerKw},
 *     {@code soc}, {@code currentA}, {@code voltageV}, {@code ts}), or null
 * @param where the site and the connector's rating (names the driver API shows)
 * @param ocpp16TransactionId the integer transaction id a 1.6 charger knows the session by, else null
 * @param idTokenType the OCPP type of the token the session was started with (ISO14443, eMAID, ...)
 * @param cdr the priced CDR's amounts, null before pricing
 */
public record SessionView(UUID id, String status, UUID networkId, UUID chargerId, String chargePointId, UUID locationId,
    UUID connectorPk, Integer evseId, Integer connectorId, String transactionRef, String idToken,
    OffsetDateTime startedAt, OffsetDateTime stoppedAt, BigDecimal energyWh, BigDecimal meterStartWh,
    BigDecimal meterStopWh, String stopReason, UUID tariffId, UUID cdrId, BigDecimal total, Long idleSeconds,
    String currency, JsonObject live, Where where, Integer ocpp16TransactionId, String idTokenType, Cdr cdr) {

  /** The session's site name and its connector's rated power (kW), each null when unknown. */
  public record Where(String locationName, BigDecimal maxPowerKw) {
  }

  /**
   * A priced CDR's amounts, as billing stored them ({@code subtotal = energy + time + session + idle
   * + adjustment}, {@code total = subtotal + tax}).
   */
  public record Cdr(BigDecimal energyCost, BigDecimal timeCost, BigDecimal sessionFee, BigDecimal idleFee,
      BigDecimal subtotal, BigDecimal tax, BigDecimal total, String currency, String paymentStatus, String authMethod) {
  }

  public static final String ACTIVE = "ACTIVE";
  public static final String COMPLETED = "COMPLETED";

  /** Every status a client may see (and filter by). */
  public static final Set<String> STATUSES = Set.of("PENDING", ACTIVE, COMPLETED, "FAULTED",
      "ORPHANED");

  public boolean active() {
    return ACTIVE.equals(status);
  }

  /** The same session with the gateway's live values. */
  public SessionView withLive(JsonObject values) {
    return new SessionView(id, status, networkId, chargerId, chargePointId, locationId, connectorPk, evseId, connectorId,
        transactionRef, idToken, startedAt, stoppedAt, energyWh, meterStartWh, meterStopWh, stopReason, tariffId, cdrId,
        total, idleSeconds, currency, values, where, ocpp16TransactionId, idTokenType, cdr);
  }

  /** The id the charger knows the transaction by: 1.6's integer, else 2.0.1's transactionId. */
  public Object chargerTransactionId() {
    return ocpp16TransactionId != null ? ocpp16TransactionId : transactionRef;
  }

  /**
   * Energy so far in kWh: the reported total once stopped (to the Wh), else the live reading, else
   * null.
   */
  public Object energyKwh() {
    if (energyWh != null) {
      return energyWh.divide(BigDecimal.valueOf(1000), 3, RoundingMode.HALF_UP);
    }
    return live == null ? null : live.getValue("energyKwh");
  }

  /** Seconds from start to stop, or to {@code now} while not stopped. */
  public long durationSeconds(java.time.Instant now) {
    java.time.Instant end = stoppedAt == null ? now : stoppedAt.toInstant();
    return Math.max(0, end.getEpochSecond() - startedAt.toEpochSecond());
  }
}
