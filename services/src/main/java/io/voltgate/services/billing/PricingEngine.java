package io.voltgate.services.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices a completed session with a tariff. Pure: no I/O, no clock; exact {@link BigDecimal}
 * arithmetic, each money component rounded HALF_UP to the currency's minor unit.
 *
 * <ul>
 *   <li>energy: {@code energyPerKwh × Σ(kWh × multiplier)}; the session's energy is spread over time
 *       along its energy register readings (uniformly over the charging time without them);</li>
 *   <li>time: {@code timePerHour × Σ(hours × multiplier)} over the charging time (start until idle
 *       time began, see {@link IdleDetector});</li>
 *   <li>multiplier: peak multiplier inside the daily peak window, weekend multiplier on Saturday and
 *       Sunday, both in site-local time, multiplied when both apply; energy and time only;</li>
 *   <li>session fee: flat;</li>
 *   <li>idle fee: {@code idlePerHour × (idle time − grace)}, capped at the idle fee cap, not charged
 *       when idle fees are disabled;</li>
 *   <li>minimum / maximum session fee: bound the pre-tax subtotal (the difference is the adjustment);</li>
 *   <li>tax: {@code subtotal × taxRatePercent / 100}; total = subtotal + tax;</li>
 *   <li>a free tariff prices every component at zero (quantities are still reported).</li>
 * </ul>
 */
public final class PricingEngine {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

  private PricingEngine() {
  }

  /** The price of {@code usage} under {@code rates}. */
  public static PriceBreakdown price(TariffRates rates, SessionUsage usage) {
    Currency currency = rates.currency();
    Instant start = usage.startedAt();
    Instant stop = usage.stoppedAt();
    Instant idleSince = IdleDetector.idleSince(usage);
    Instant chargingEnd = idleSince == null ? stop : idleSince;
    long duration = Duration.between(start, stop).toSeconds();
    long charging = Duration.between(start, chargingEnd).toSeconds();
    long idle = Duration.between(chargingEnd, stop).toSeconds();
    long billableIdle = Math.max(0, idle - rates.idleGraceMinutes() * 60L);

    RateWindows windows = new RateWindows(rates, usage.zone());
    Map<BigDecimal, BigDecimal[]> bands = new TreeMap<>();
    BigDecimal kwh = usage.energyWh().divide(THOUSAND, Money.MC);
    allocateEnergy(windows, usage, kwh, chargingEnd, bands);
    if (chargingEnd.isAfter(start)) {
      for (RateWindows.Piece p : windows.split(start, chargingEnd)) {
        band(bands, p.multiplier())[1] = band(bands, p.multiplier())[1]
            .add(BigDecimal.valueOf(p.millis()).divide(MS_PER_HOUR, Money.MC));
      }
    }
    BigDecimal weightedKwh = BigDecimal.ZERO;
    BigDecimal weightedHours = BigDecimal.ZERO;
    List<PriceBreakdown.Band> bandList = new ArrayList<>();
    for (Map.Entry<BigDecimal, BigDecimal[]> e : bands.entrySet()) {
      BigDecimal m = e.getKey();
      BigDecimal[] v = e.getValue();
      weightedKwh = weightedKwh.add(v[0].multiply(m));
      weightedHours = weightedHours.add(v[1].multiply(m));
      bandList.add(new PriceBreakdown.Band(m, v[0].setScale(6, RoundingMode.HALF_UP),
          v[1].setScale(6, RoundingMode.HALF_UP)));
    }

    BigDecimal zero = Money.zero(currency);
    BigDecimal energyCost = zero;
    BigDecimal timeCost = zero;
    BigDecimal sessionFee = zero;
    BigDecimal idleFee = zero;
    boolean capped = false;
    BigDecimal adjustment = zero;
    BigDecimal tax = zero;
    if (!rates.free()) {
      energyCost = Money.round(rates.energyPerKwh().multiply(weightedKwh), currency);
      timeCost = Money.round(rates.timePerHour().multiply(weightedHours), currency);
      sessionFee = Money.round(rates.sessionFee(), currency);
      if (rates.idleFeeEnabled() && billableIdle > 0) {
        BigDecimal fee = rates.idlePerHour().multiply(BigDecimal.valueOf(billableIdle))
            .divide(BigDecimal.valueOf(3600), Money.MC);
        if (rates.idleFeeCap() != null && fee.compareTo(rates.idleFeeCap()) > 0) {
          fee = rates.idleFeeCap();
          capped = true;
        }
        idleFee = Money.round(fee, currency);
      }
      BigDecimal raw = energyCost.add(timeCost).add(sessionFee).add(idleFee);
      BigDecimal min = rates.minSessionFee() == null ? null : Money.round(rates.minSessionFee(), currency);
      BigDecimal max = rates.maxSessionFee() == null ? null : Money.round(rates.maxSessionFee(), currency);
      if (min != null && raw.compareTo(min) < 0) {
        adjustment = min.subtract(raw);
      } else if (max != null && raw.compareTo(max) > 0) {
        adjustment = max.subtract(raw);
      }
    }
    BigDecimal subtotal = energyCost.add(timeCost).add(sessionFee).add(idleFee).add(adjustment);
    if (!rates.free()) {
      tax = Money.round(subtotal.multiply(rates.taxRatePercent()).divide(HUNDRED, Money.MC), currency);
    }
    return new PriceBreakdown(currency.getCurrencyCode(), kwh.setScale(6, RoundingMode.HALF_UP), duration, charging,
        idle, billableIdle, idleSince, List.copyOf(bandList), weightedKwh.setScale(6, RoundingMode.HALF_UP),
        weightedHours.setScale(6, RoundingMode.HALF_UP), energyCost, timeCost, sessionFee, idleFee, capped,
        adjustment, subtotal, rates.taxRatePercent(), tax, subtotal.add(tax), rates.free());
  }

  /**
   * Spreads the session's kWh over time: between consecutive register readings in proportion to the
   * register increase (scaled so the parts add up to the session's energy), else uniformly over the
   * charging time (the whole session when there was none).
   */
  private static void allocateEnergy(RateWindows windows, SessionUsage usage, BigDecimal kwh, Instant chargingEnd,
      Map<BigDecimal, BigDecimal[]> bands) {
    if (kwh.signum() == 0) {
      return;
    }
    List<MeterReading> registers = usage.readings().stream().filter(r -> r.energyWh() != null).toList();
    BigDecimal curve = BigDecimal.ZERO;
    for (int i = 1; i < registers.size(); i++) {
      curve = curve.add(registers.get(i).energyWh().subtract(registers.get(i - 1).energyWh()).max(BigDecimal.ZERO));
    }
    if (curve.signum() > 0) {
      for (int i = 1; i < registers.size(); i++) {
        BigDecimal delta = registers.get(i).energyWh().subtract(registers.get(i - 1).energyWh());
        if (delta.signum() > 0) {
          spread(windows, registers.get(i - 1).at(), registers.get(i).at(),
              kwh.multiply(delta).divide(curve, Money.MC), bands);
        }
      }
      return;
    }
    Instant end = chargingEnd.isAfter(usage.startedAt()) ? chargingEnd : usage.stoppedAt();
    spread(windows, usage.startedAt(), end, kwh, bands);
  }

  private static void spread(RateWindows windows, Instant from, Instant to, BigDecimal kwh,
      Map<BigDecimal, BigDecimal[]> bands) {
    List<RateWindows.Piece> pieces = windows.split(from, to);
    long total = Duration.between(from, to).toMillis();
    for (RateWindows.Piece p : pieces) {
      BigDecimal part = total == 0 ? kwh
          : kwh.multiply(BigDecimal.valueOf(p.millis())).divide(BigDecimal.valueOf(total), Money.MC);
      BigDecimal[] b = band(bands, p.multiplier());
      b[0] = b[0].add(part);
    }
  }

  private static BigDecimal[] band(Map<BigDecimal, BigDecimal[]> bands, BigDecimal multiplier) {
    return bands.computeIfAbsent(multiplier.stripTrailingZeros(), m -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
  }
}
