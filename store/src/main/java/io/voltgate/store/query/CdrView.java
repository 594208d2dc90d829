package io.voltgate.store.query;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A priced session (CDR) as every API family reads it, with where it ran and the operator's profit.
 *
 * <p>Definitions (docs/cpms-money.md): {@code total} = what the driver is charged (tax included);
 * {@link #totalCosts()} = energy supply cost + processing fees; {@link #grossProfit()} = subtotal
 * (net of tax) − energy supply cost; {@link #netProfit()} = gross profit − processing fees;
 * {@link #marginPercent()} = net profit ÷ total × 100, null when nothing was charged;
 * {@link #adjustment()} = subtotal − the priced components (a rounding or manual adjustment).
 *
 * @param driverId the driver of the session (its token's owner), or null for an anonymous token
 * @param locationId where the charger stands, or null
 * @param locationAddress address, postal code and city joined, or null without a location
 * @param breakdown the pricing engine's itemised breakdown
 */
public record CdrView(UUID id, String ocpiId, UUID sessionId, UUID networkId, UUID driverId, UUID chargerId,
    String chargePointId, Integer evseId, Integer connectorId, UUID locationId, String locationName,
    String locationAddress, OffsetDateTime startedAt, OffsetDateTime stoppedAt, BigDecimal energyKwh, long durationSeconds, long idleSeconds, String currency,
    BigDecimal energyCost, BigDecimal timeCost, BigDecimal sessionFee, BigDecimal idleFee, BigDecimal subtotal,
    BigDecimal taxRate, BigDecimal tax, BigDecimal total, BigDecimal energySupplyCost, BigDecimal processingFees,
    String paymentStatus, String paymentMethod, String paymentReference, String authMethod, boolean free,
    UUID tariffId, UUID payoutId, String invoiceNumber, OffsetDateTime invoiceDate, JsonObject breakdown) {

  public BigDecimal adjustment() {
    return subtotal.subtract(energyCost.add(timeCost).add(sessionFee).add(idleFee));
  }

  public BigDecimal totalCosts() {
    return energySupplyCost.add(processingFees);
  }

  public BigDecimal grossProfit() {
    return subtotal.subtract(energySupplyCost);
  }

  public BigDecimal netProfit() {
    return grossProfit().subtract(processingFees);
  }

  /** Net profit as a percentage of the total, to one decimal; null when nothing was charged. */
  public BigDecimal marginPercent() {
    return total.signum() == 0 ? null
        : netProfit().multiply(BigDecimal.valueOf(100)).divide(total, 1, RoundingMode.HALF_UP);
  }
}
