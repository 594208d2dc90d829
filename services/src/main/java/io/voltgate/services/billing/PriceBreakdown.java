package io.voltgate.services.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The price of one session and how it came about. Money amounts are rounded to the currency's minor
 * unit and add up exactly: {@code subtotal = energyCost + timeCost + sessionFee + idleFee + adjustment},
 * {@code total = subtotal + tax}.
 *
 * @param idleSince when charging stopped (start of idle time), or null when it never did
 * @param billableIdleSeconds idle seconds after the grace period
 * @param adjustment what the minimum / maximum session fee added (positive) or removed (negative)
 * @param bands energy and charging time per price multiplier
 */
public record PriceBreakdown(String currency, BigDecimal energyKwh, long durationSeconds, long chargingSeconds,
    long idleSeconds, long billableIdleSeconds, Instant idleSince, List<Band> bands,
    BigDecimal weightedEnergyKwh, BigDecimal weightedChargingHours,
    BigDecimal energyCost, BigDecimal timeCost, BigDecimal sessionFee, BigDecimal idleFee, boolean idleFeeCapped,
    BigDecimal adjustment, BigDecimal subtotal, BigDecimal taxRatePercent, BigDecimal tax, BigDecimal total,
    boolean free) {

  /** Energy (kWh) and charging time (hours) priced with one multiplier (1 = base rate). */
  public record Band(BigDecimal multiplier, BigDecimal energyKwh, BigDecimal hours) {
  }

  /** The breakdown as stored with the CDR ({@code transactions.breakdown}). */
  public JsonObject toJson() {
    JsonArray bandJson = new JsonArray();
    for (Band b : bands) {
      bandJson.add(new JsonObject().put("multiplier", b.multiplier().toPlainString())
          .put("energyKwh", b.energyKwh().toPlainString()).put("hours", b.hours().toPlainString()));
    }
    return new JsonObject()
        .put("currency", currency)
        .put("energyKwh", energyKwh.toPlainString())
        .put("durationSeconds", durationSeconds)
        .put("chargingSeconds", chargingSeconds)
        .put("idleSeconds", idleSeconds)
        .put("billableIdleSeconds", billableIdleSeconds)
        .put("idleSince", idleSince == null ? null : idleSince.toString())
        .put("bands", bandJson)
        .put("weightedEnergyKwh", weightedEnergyKwh.toPlainString())
        .put("weightedChargingHours", weightedChargingHours.toPlainString())
        .put("energyCost", energyCost.toPlainString())
        .put("timeCost", timeCost.toPlainString())
        .put("sessionFee", sessionFee.toPlainString())
        .put("idleFee", idleFee.toPlainString())
        .put("idleFeeCapped", idleFeeCapped)
        .put("adjustment", adjustment.toPlainString())
        .put("subtotal", subtotal.toPlainString())
        .put("taxRatePercent", taxRatePercent.toPlainString())
        .put("tax", tax.toPlainString())
        .put("total", total.toPlainString())
        .put("free", free);
  }
}
