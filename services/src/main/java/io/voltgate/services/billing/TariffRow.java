package io.voltgate.services.billing;

import io.vertx.sqlclient.Row;
import java.time.LocalTime;
import java.util.Currency;

/** Reads a {@code tariffs} row into {@link TariffRates}. */
public final class TariffRow {

  /** The columns {@link #rates(Row)} needs, for SELECT lists (alias {@code t}). */
  public static final String COLUMNS = "t.id, t.currency, t.energy_rate_per_kwh, t.time_rate_per_hour, t.session_fee,"
      + " t.idle_fee_per_hour, t.idle_grace_minutes, t.idle_fee_cap, t.idle_fee_enabled, t.peak_start, t.peak_end,"
      + " t.peak_multiplier, t.weekend_multiplier, t.tax_rate, t.min_session_fee, t.max_session_fee, t.is_free";

  private TariffRow() {
  }

  public static TariffRates rates(Row r) {
    LocalTime peakStart = r.getLocalTime("peak_start");
    LocalTime peakEnd = r.getLocalTime("peak_end");
    return new TariffRates(Currency.getInstance(r.getString("currency").trim()),
        r.getBigDecimal("energy_rate_per_kwh"), r.getBigDecimal("time_rate_per_hour"), r.getBigDecimal("session_fee"),
        r.getBigDecimal("idle_fee_per_hour"), r.getInteger("idle_grace_minutes"), r.getBigDecimal("idle_fee_cap"),
        r.getBoolean("idle_fee_enabled"), peakStart, peakEnd, r.getBigDecimal("peak_multiplier"),
        r.getBigDecimal("weekend_multiplier"), r.getBigDecimal("tax_rate"), r.getBigDecimal("min_session_fee"),
        r.getBigDecimal("max_session_fee"), r.getBoolean("is_free"));
  }
}
