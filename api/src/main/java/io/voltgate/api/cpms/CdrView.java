package io.voltgate.api.cpms;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.services.billing.Money;
import io.voltgate.api.http.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;

/**
 * How a transaction (CDR) row view of {@link io.voltgate.store.query.TransactionQueries} is shown: list
 * item, detail and CSV record, with the operator's profit.
 *
 * <p>Definitions (see docs/cpms-money.md): {@code amount} = total charged to the driver (tax
 * included); {@code totalCosts} = energy supply cost + processing fees; {@code grossProfit} =
 * subtotal (amount net of tax) − energy supply cost; {@code netProfit} = grossProfit − processing
 * fees; {@code profitMarginPercent} = netProfit / amount × 100 (null when nothing was charged).
 */
final class CdrView {

  static final List<String> CSV_HEADER = List.of("id", "ocpiId", "sessionId", "chargerId", "chargerUid",
      "connectorNumber", "locationName", "startTime", "endTime", "energyKwh", "totalTimeMinutes", "idleTimeMinutes",
      "currency", "energyCost", "timeCost", "sessionFee", "idleFee", "adjustment", "subtotal", "taxRate", "tax",
      "amount", "energySupplyCost", "processingFees", "totalCosts", "grossProfit", "netProfit", "profitMarginPercent",
      "paymentStatus", "isFree", "tariffId");

  private CdrView() {
  }

  /** The money columns and derived profit figures of one row. */
  record Figures(BigDecimal amount, BigDecimal subtotal, BigDecimal tax, BigDecimal energySupply, BigDecimal processing,
      BigDecimal adjustment) {

    static Figures of(Row r) {
      BigDecimal subtotal = r.getBigDecimal("subtotal");
      BigDecimal components = r.getBigDecimal("energy_cost").add(r.getBigDecimal("time_cost"))
          .add(r.getBigDecimal("session_fee")).add(r.getBigDecimal("idle_fee"));
      return new Figures(r.getBigDecimal("total"), subtotal, r.getBigDecimal("tax"),
          r.getBigDecimal("energy_supply_cost"), r.getBigDecimal("processing_fees"), subtotal.subtract(components));
    }

    BigDecimal totalCosts() {
      return energySupply.add(processing);
    }

    BigDecimal grossProfit() {
      return subtotal.subtract(energySupply);
    }

    BigDecimal netProfit() {
      return grossProfit().subtract(processing);
    }

    BigDecimal marginPercent() {
      return amount.signum() == 0 ? null
          : netProfit().multiply(BigDecimal.valueOf(100)).divide(amount, 1, RoundingMode.HALF_UP);
    }
  }

  static JsonObject item(Row r) {
    Figures f = Figures.of(r);
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("ocpiId", r.getString("ocpi_id"))
        .put("sessionId", Json.id(r.getUUID("session_id")))
        .put("chargerId", Json.id(r.getUUID("charger_id")))
        .put("chargerUid", r.getString("charge_point_id"))
        .put("locationName", r.getString("location_name"))
        .put("startTime", Json.time(r.getOffsetDateTime("started_at")))
        .put("endTime", Json.time(r.getOffsetDateTime("stopped_at")))
        .put("energyKwh", Json.number(r.getBigDecimal("energy_kwh")))
        .put("amount", Json.number(f.amount()))
        .put("currency", r.getString("currency").trim())
        .put("paymentStatus", r.getString("payment_status"))
        .put("paymentMethod", r.getString("payment_method"))
        .put("paymentReference", r.getString("payment_reference"))
        .put("energyCost", Json.number(r.getBigDecimal("energy_cost")))
        .put("timeCost", Json.number(r.getBigDecimal("time_cost")))
        .put("sessionFee", Json.number(r.getBigDecimal("session_fee")))
        .put("idleFee", Json.number(r.getBigDecimal("idle_fee")))
        .put("subtotal", Json.number(f.subtotal()))
        .put("processingFees", Json.number(f.processing()))
        .put("totalCosts", Json.number(f.totalCosts()))
        .put("grossProfit", Json.number(f.grossProfit()))
        .put("netProfit", Json.number(f.netProfit()))
        .put("profitMarginPercent", Json.number(f.marginPercent()))
        .put("taxAmount", Json.number(f.tax()))
        .put("payoutId", Json.id(r.getUUID("payout_id")))
        .put("isFree", r.getBoolean("is_free"));
  }

  static JsonObject detail(Row r) {
    Figures f = Figures.of(r);
    JsonObject breakdown = r.getJsonObject("breakdown");
    long duration = r.getLong("duration_seconds");
    long idle = r.getLong("idle_seconds");
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("ocpiId", r.getString("ocpi_id"))
        .put("sessionId", Json.id(r.getUUID("session_id")))
        .put("startTime", Json.time(r.getOffsetDateTime("started_at")))
        .put("endTime", Json.time(r.getOffsetDateTime("stopped_at")))
        .put("energyKwh", Json.number(r.getBigDecimal("energy_kwh")))
        .put("totalTimeMinutes", minutes(duration))
        .put("chargingTimeMinutes", minutes(duration - idle))
        .put("idleTimeMinutes", minutes(idle))
        .put("currency", r.getString("currency").trim())
        .put("amount", Json.number(f.amount()))
        .put("paymentStatus", r.getString("payment_status"))
        .put("paymentMethod", r.getString("payment_method"))
        .put("paymentReference", r.getString("payment_reference"))
        .put("authMethod", r.getString("auth_method"))
        .put("authorizationReference", null)
        .put("isFree", r.getBoolean("is_free"))
        .put("tariffId", Json.id(r.getUUID("tariff_id")))
        .put("chargerId", Json.id(r.getUUID("charger_id")))
        .put("locationName", r.getString("location_name"))
        .put("locationAddress", r.getString("location_address"))
        .put("chargerUid", r.getString("charge_point_id"))
        .put("connectorNumber", r.getInteger("evse_id") == null || r.getInteger("evse_id") == 0 ? null : r.getInteger("evse_id"))
        .put("costBreakdown", new JsonObject()
            .put("energyCost", Json.number(r.getBigDecimal("energy_cost")))
            .put("timeCost", Json.number(r.getBigDecimal("time_cost")))
            .put("sessionFee", Json.number(r.getBigDecimal("session_fee")))
            .put("idleFee", Json.number(r.getBigDecimal("idle_fee")))
            .put("adjustment", Json.number(f.adjustment()))
            .put("subtotal", Json.number(f.subtotal()))
            .put("tax", Json.number(f.tax()))
            .put("taxRate", Json.number(r.getBigDecimal("tax_rate")))
            .put("total", Json.number(f.amount()))
            .put("energySupplyCost", Json.number(f.energySupply()))
            .put("processingFees", Json.number(f.processing()))
            .put("totalCosts", Json.number(f.totalCosts()))
            .put("details", breakdown))
        .put("profit", new JsonObject()
            .put("grossProfit", Json.number(f.grossProfit()))
            .put("netProfit", Json.number(f.netProfit()))
            .put("profitMarginPercent", Json.number(f.marginPercent())))
        .put("payout", r.getUUID("payout_id") == null ? null : new JsonObject().put("payoutId", r.getUUID("payout_id").toString()))
        .put("invoiceNumber", r.getString("invoice_number"))
        .put("invoiceDate", Json.time(r.getOffsetDateTime("invoice_date")));
  }

  static Object[] csv(Row r) {
    Figures f = Figures.of(r);
    String currency = r.getString("currency").trim();
    BigDecimal taxRate = r.getBigDecimal("tax_rate");
    return new Object[] {r.getUUID("id"), r.getString("ocpi_id"), r.getUUID("session_id"), r.getUUID("charger_id"),
        r.getString("charge_point_id"), r.getInteger("evse_id"), r.getString("location_name"),
        Json.time(r.getOffsetDateTime("started_at")), Json.time(r.getOffsetDateTime("stopped_at")),
        r.getBigDecimal("energy_kwh"), minutesExact(r.getLong("duration_seconds")),
        minutesExact(r.getLong("idle_seconds")), currency,
        money(r.getBigDecimal("energy_cost"), currency), money(r.getBigDecimal("time_cost"), currency),
        money(r.getBigDecimal("session_fee"), currency), money(r.getBigDecimal("idle_fee"), currency),
        money(f.adjustment(), currency), money(f.subtotal(), currency),
        taxRate == null ? null : taxRate.stripTrailingZeros(), money(f.tax(), currency), money(f.amount(), currency),
        money(f.energySupply(), currency), money(f.processing(), currency), money(f.totalCosts(), currency),
        money(f.grossProfit(), currency), money(f.netProfit(), currency), f.marginPercent(),
        r.getString("payment_status"), r.getBoolean("is_free"), r.getUUID("tariff_id")};
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
