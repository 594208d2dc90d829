package io.voltgate.store.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One sampled value, normalised: energy in Wh, power in W (kWh/kW converted), other units as sent.
 *
 * @param value numeric value after normalisation, or null when the raw value is not a number
 * @param rawValue the value as the charger sent it
 */
public record MeterSample(
    Instant sampledAt,
    String measurand,
    String phase,
    String location,
    String context,
    String unit,
    BigDecimal value,
    String rawValue) {

  public static final String ENERGY_REGISTER = "Energy.Active.Import.Register";
}
