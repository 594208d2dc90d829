package io.voltgate.services.billing;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.Currency;
import java.util.Objects;

/**
 * The prices of a tariff, as the pricing engine needs them. Amounts are in {@code currency}; rates
 * are per kWh and per hour; {@code taxRatePercent} is a percentage (11.5 = 11.5 %).
 *
 * @param idleFeeCap largest idle fee per session, or null for no cap
 * @param peakStart start of the daily peak window (site local time), or null for no peak window
 * @param peakEnd end of the peak window (exclusive); before {@code peakStart} it wraps past midnight
 * @param minSessionFee smallest pre-tax price of a session, or null
 * @param maxSessionFee largest pre-tax price of a session, or null
 */
public record TariffRates(Currency currency, BigDecimal energyPerKwh, BigDecimal timePerHour, BigDecimal sessionFee,
    BigDecimal idlePerHour, int idleGraceMinutes, BigDecimal idleFeeCap, boolean idleFeeEnabled,
    LocalTime peakStart, LocalTime peakEnd, BigDecimal peakMultiplier, BigDecimal weekendMultiplier,
    BigDecimal taxRatePercent, BigDecimal minSessionFee, BigDecimal maxSessionFee, boolean free) {

  public TariffRates {
    Objects.requireNonNull(currency);
    energyPerKwh = orZero(energyPerKwh);
    timePerHour = orZero(timePerHour);
    sessionFee = orZero(sessionFee);
    idlePerHour = orZero(idlePerHour);
    idleGraceMinutes = Math.max(0, idleGraceMinutes);
    peakMultiplier = peakMultiplier == null ? BigDecimal.ONE : peakMultiplier;
    weekendMultiplier = weekendMultiplier == null ? BigDecimal.ONE : weekendMultiplier;
    taxRatePercent = orZero(taxRatePercent);
  }

  /** A tariff that charges nothing (used when no tariff applies). */
  public static TariffRates none(Currency currency) {
    return builder(currency.getCurrencyCode()).free(true).build();
  }

  public static Builder builder(String currency) {
    return new Builder(Currency.getInstance(currency));
  }

  /** Whether a daily peak window is defined (start and end set and different). */
  public boolean hasPeakWindow() {
    return peakStart != null && peakEnd != null && !peakStart.equals(peakEnd);
  }

  private static BigDecimal orZero(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }

  /** Fluent construction, mostly for tests; every field defaults to "not charged". */
  public static final class Builder {
    private final Currency currency;
    private BigDecimal energy;
    private BigDecimal time;
    private BigDecimal sessionFee;
    private BigDecimal idle;
    private int grace;
    private BigDecimal idleCap;
    private boolean idleEnabled = true;
    private LocalTime peakStart;
    private LocalTime peakEnd;
    private BigDecimal peakMultiplier;
    private BigDecimal weekendMultiplier;
    private BigDecimal tax;
    private BigDecimal min;
    private BigDecimal max;
    private boolean free;

    private Builder(Currency currency) {
      this.currency = currency;
    }

    public Builder energyPerKwh(String v) {
      energy = new BigDecimal(v);
      return this;
    }

    public Builder timePerHour(String v) {
      time = new BigDecimal(v);
      return this;
    }

    public Builder sessionFee(String v) {
      sessionFee = new BigDecimal(v);
      return this;
    }

    public Builder idlePerHour(String v, int graceMinutes, String cap) {
      idle = new BigDecimal(v);
      grace = graceMinutes;
      idleCap = cap == null ? null : new BigDecimal(cap);
      return this;
    }

    public Builder idleFeeEnabled(boolean v) {
      idleEnabled = v;
      return this;
    }

    public Builder peak(String start, String end, String multiplier) {
      peakStart = LocalTime.parse(start);
      peakEnd = LocalTime.parse(end);
      peakMultiplier = new BigDecimal(multiplier);
      return this;
    }

    public Builder weekendMultiplier(String v) {
      weekendMultiplier = new BigDecimal(v);
      return this;
    }

    public Builder taxRatePercent(String v) {
      tax = new BigDecimal(v);
      return this;
    }

    public Builder minSessionFee(String v) {
      min = new BigDecimal(v);
      return this;
    }

    public Builder maxSessionFee(String v) {
      max = new BigDecimal(v);
      return this;
    }

    public Builder free(boolean v) {
      free = v;
      return this;
    }

    public TariffRates build() {
      return new TariffRates(currency, energy, time, sessionFee, idle, grace, idleCap, idleEnabled, peakStart,
          peakEnd, peakMultiplier, weekendMultiplier, tax, min, max, free);
    }
  }
}
