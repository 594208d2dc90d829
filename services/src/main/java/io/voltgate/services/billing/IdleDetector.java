package io.voltgate.services.billing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * When a session stopped charging, from its meter readings (the session's start and stop meter
 * values count as energy register readings at its start and stop).
 *
 * <p>Definition. A reading with active import power above {@link #POWER_THRESHOLD_W} shows charging
 * at its instant; at or below it, not charging from its instant. A reading without power but with an
 * energy register value shows charging when the register rose since the previous register reading,
 * and otherwise proves that nothing flowed since that previous register reading (or since the last
 * charging evidence, if later). Idle time starts where the final stretch of not-charging evidence
 * starts and lasts until the session ended; without such evidence there is no idle time. This never
 * bills idle time the meter cannot prove (with power-only sampling it may miss up to one sampling
 * interval, which a grace period absorbs). The same rule serves OCPP 1.6 and 2.0.1: both store their
 * sampled values as meter samples; 2.0.1 chargingState changes are not time-stamped in storage.
 */
public final class IdleDetector {

  /** Active import power at or below this (W) counts as not charging (≈ 0 W, meter noise). */
  public static final BigDecimal POWER_THRESHOLD_W = BigDecimal.TEN;

  private IdleDetector() {
  }

  /** The instant idle time began, or null when the readings never prove the charging stopped. */
  public static Instant idleSince(SessionUsage usage) {
    BigDecimal lastEnergy = null;
    Instant lastEnergyAt = null;
    Instant lastChargingAt = null;
    Instant idleSince = null;
    for (MeterReading r : usage.readings()) {
      if (r.powerW() != null) {
        if (r.powerW().compareTo(POWER_THRESHOLD_W) > 0) {
          idleSince = null;
          lastChargingAt = r.at();
        } else if (idleSince == null) {
          idleSince = r.at();
        }
      } else if (r.energyWh() != null && lastEnergy != null) {
        if (r.energyWh().compareTo(lastEnergy) > 0) {
          idleSince = null;
          lastChargingAt = r.at();
        } else if (idleSince == null) {
          idleSince = lastChargingAt != null && lastChargingAt.isAfter(lastEnergyAt) ? lastChargingAt : lastEnergyAt;
        }
      }
      if (r.energyWh() != null) {
        lastEnergy = r.energyWh();
        lastEnergyAt = r.at();
      }
    }
    return idleSince;
  }
}
