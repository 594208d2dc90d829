package io.voltgate.api.cpms;

import io.vertx.core.json.JsonObject;
import io.voltgate.store.query.CdrView;
import io.voltgate.services.billing.Money;
import io.voltgate.api.http.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;

/**
 * How the operator API shows a CDR ({@link CdrView}, the view every family shares): list item,
 * detail and CSV record, with the operator's profit (defined on {@link CdrView}).
 */
final class CdrJson {

  static final List<String> CSV_HEADER = List.of("id", "ocpiId", "sessionId", "chargerId", "chargerUid",
      "connectorNumber", "locationName", "startTime", "endTime", "energyKwh", "totalTimeMinutes", "idleTimeMinutes",
      "currency", "energyCost", "timeCost", "sessionFee", "idleFee", "adjustment", "subtotal", "taxRate", "tax",
      "amount", "energySupplyCost", "processingFees", "totalCosts", "grossProfit", "netProfit", "profitMarginPercent",
      "paymentStatus", "isFree", "tariffId");

  private CdrJson() {
  }

  static JsonObject item(CdrView c) {
    return new JsonObject()
        .put("id", Json.id(c.id()))
        .put("ocpiId", c.ocpiId())
        .put("sessionId", Json.id(c.sessionId()))
        .put("chargerId", Json.id(c.chargerId()))
        .put("chargerUid", c.chargePointId())
        .put("locationName", c.locationName())
        .put("startTime", Json.time(c.startedAt()))
        .put("endTime", Json.time(c.stoppedAt()))
        .put("energyKwh", Json.number(c.energyKwh()))
        .put("amount", Json.number(c.total()))
        .put("currency", c.currency())
        .put("paymentStatus", c.paymentStatus())
        .put("paymentMethod", c.paymentMethod())
        .put("paymentReference", c.paymentReference())
        .put("energyCost", Json.number(c.energyCost()))
        .put("timeCost", Json.number(c.timeCost()))
        .put("sessionFee", Json.number(c.sessionFee()))
        .put("idleFee", Json.number(c.idleFee()))
        .put("subtotal", Json.number(c.subtotal()))
        .put("processingFees", Json.number(c.processingFees()))
        .put("totalCosts", Json.number(c.totalCosts()))
        .put("grossProfit", Json.number(c.grossProfit()))
        .put("netProfit", Json.number(c.netProfit()))
        .put("profitMarginPercent", Json.number(c.marginPercent()))
        .put("taxAmount", Json.number(c.tax()))
        .put("payoutId", Json.id(c.payoutId()))
        .put("isFree", c.free());
  }

  static JsonObject detail(CdrView c) {
    return new JsonObject()
        .put("id", Json.id(c.id()))
        .put("ocpiId", c.ocpiId())
        .put("sessionId", Json.id(c.sessionId()))
        .put("startTime", Json.time(c.startedAt()))
        .put("endTime", Json.time(c.stoppedAt()))
        .put("energyKwh", Json.number(c.energyKwh()))
        .put("totalTimeMinutes", minutes(c.durationSeconds()))
        .put("chargingTimeMinutes", minutes(c.durationSeconds() - c.idleSeconds()))
        .put("idleTimeMinutes", minutes(c.idleSeconds()))
        .put("currency", c.currency())
        .put("amount", Json.number(c.total()))
        .put("paymentStatus", c.paymentStatus())
        .put("paymentMethod", c.paymentMethod())
        .put("paymentReference", c.paymentReference())
        .put("authMethod", c.authMethod())
        .put("authorizationReference", null)
        .put("isFree", c.free())
        .put("tariffId", Json.id(c.tariffId()))
        .put("chargerId", Json.id(c.chargerId()))
        .put("locationName", c.locationName())
        .put("locationAddress", c.locationAddress())
        .put("chargerUid", c.chargePointId())
        .put("connectorNumber", c.evseId() == null || c.evseId() == 0 ? null : c.evseId())
        .put("costBreakdown", new JsonObject()
            .put("energyCost", Json.number(c.energyCost()))
            .put("timeCost", Json.number(c.timeCost()))
            .put("sessionFee", Json.number(c.sessionFee()))
            .put("idleFee", Json.number(c.idleFee()))
            .put("adjustment", Json.number(c.adjustment()))
            .put("subtotal", Json.number(c.subtotal()))
            .put("tax", Json.number(c.tax()))
            .put("taxRate", Json.number(c.taxRate()))
            .put("total", Json.number(c.total()))
            .put("energySupplyCost", Json.number(c.energySupplyCost()))
            .put("processingFees", Json.number(c.processingFees()))
            .put("totalCosts", Json.number(c.totalCosts()))
            .put("details", c.breakdown()))
        .put("profit", new JsonObject()
            .put("grossProfit", Json.number(c.grossProfit()))
            .put("netProfit", Json.number(c.netProfit()))
            .put("profitMarginPercent", Json.number(c.marginPercent())))
        .put("payout", c.payoutId() == null ? null : new JsonObject().put("payoutId", c.payoutId().toString()))
        .put("invoiceNumber", c.invoiceNumber())
        .put("invoiceDate", Json.time(c.invoiceDate()));
  }

  static Object[] csv(CdrView c) {
    String currency = c.currency();
    BigDecimal taxRate = c.taxRate();
    return new Object[] {c.id(), c.ocpiId(), c.sessionId(), c.chargerId(), c.chargePointId(), c.evseId(),
        c.locationName(), Json.time(c.startedAt()), Json.time(c.stoppedAt()), c.energyKwh(),
        minutesExact(c.durationSeconds()), minutesExact(c.idleSeconds()), currency,
        money(c.energyCost(), currency), money(c.timeCost(), currency), money(c.sessionFee(), currency),
        money(c.idleFee(), currency), money(c.adjustment(), currency), money(c.subtotal(), currency),
        taxRate == null ? null : taxRate.stripTrailingZeros(), money(c.tax(), currency), money(c.total(), currency),
        money(c.energySupplyCost(), currency), money(c.processingFees(), currency), money(c.totalCosts(), currency),
        money(c.grossProfit(), currency), money(c.netProfit(), currency), c.marginPercent(), c.paymentStatus(),
        c.free(), c.tariffId()};
  }

  /** An amount at its currency's minor unit (stored with four decimals, priced at the minor unit). */
  private static BigDecimal money(BigDecimal amount, String currency) {
    return Money.round(amount, Currency.getInstance(currency));
  }

  private static double minutes(long seconds) {
    return minutesExact(seconds).doubleValue();
  }

  private static BigDecimal minutesExact(long seconds) {
    return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP);
  }
}
