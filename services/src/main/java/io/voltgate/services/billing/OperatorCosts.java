package io.voltgate.services.billing;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * The operator's own costs of a CDR, from optional network settings: {@code energyCostPerKwh}
 * (what the operator pays for energy) and {@code processingFeePercent} / {@code processingFeeFixed}
 * (payment processing, only on a non-zero amount). Absent settings cost nothing. Snapshotted into the
 * CDR when it is priced, so later settings changes do not rewrite history.
 */
public record OperatorCosts(BigDecimal energySupply, BigDecimal processing) {

  public static OperatorCosts of(JsonObject settings, PriceBreakdown price, Currency currency) {
    JsonObject s = settings == null ? new JsonObject() : settings;
    BigDecimal energy = Money.round(price.energyKwh().multiply(decimal(s, "energyCostPerKwh")), currency);
    BigDecimal processing = Money.zero(currency);
    if (price.total().signum() > 0) {
      processing = Money.round(price.total().multiply(decimal(s, "processingFeePercent"))
          .divide(BigDecimal.valueOf(100), Money.MC).add(decimal(s, "processingFeeFixed")), currency);
    }
    return new OperatorCosts(energy, processing);
  }

  private static BigDecimal decimal(JsonObject s, String key) {
    Object v = s.getValue(key);
    if (v == null) {
      return BigDecimal.ZERO;
    }
    try {
      BigDecimal d = new BigDecimal(v.toString());
      return d.signum() < 0 ? BigDecimal.ZERO : d;
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO;
    }
  }
}
