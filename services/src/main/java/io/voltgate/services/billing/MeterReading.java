package io.voltgate.services.billing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the meter said at one instant of a session: the energy register (Wh) and/or the active
 * import power (W); either may be null when not reported at that instant.
 */
public record MeterReading(Instant at, BigDecimal energyWh, BigDecimal powerW) {

  public static MeterReading energy(Instant at, String wh) {
    return new MeterReading(at, new BigDecimal(wh), null);
  }

  public static MeterReading power(Instant at, String w) {
    return new MeterReading(at, null, new BigDecimal(w));
  }
}
