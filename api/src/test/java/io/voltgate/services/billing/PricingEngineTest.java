package io.voltgate.services.billing;

import io.voltgate.services.billing.MeterReading;
import io.voltgate.services.billing.PriceBreakdown;
import io.voltgate.services.billing.PricingEngine;
import io.voltgate.services.billing.SessionUsage;
import io.voltgate.services.billing.TariffRates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every pricing component alone and combined, with a fixed clock (Wednesday 2026-06-17 10:00 UTC). */
class PricingEngineTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-17T10:00:00Z"), ZoneOffset.UTC);
  private static final Instant T0 = CLOCK.instant();
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static Instant at(long minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static SessionUsage usage(long minutes, String wh, MeterReading... readings) {
    return new SessionUsage(T0, at(minutes), new BigDecimal(wh), List.of(readings), UTC);
  }

  private static void money(String expected, BigDecimal actual) {
    assertEquals(new BigDecimal(expected), actual, "expected " + expected + " but was " + actual);
  }

  @Test
  void energyIsRatePerKwhRoundedToCents() {
    PriceBreakdown p = PricingEngine.price(TariffRates.builder("EUR").energyPerKwh("0.35").build(),
        usage(60, "12345"));
    money("4.32", p.energyCost()); // 12.345 × 0.35 = 4.32075
    money("4.32", p.subtotal());
    money("4.32", p.total());
    assertEquals(new BigDecimal("12.345000"), p.energyKwh());
  }

  @Test
  void roundingIsHalfUpNotHalfEven() {
    PriceBreakdown p = PricingEngine.price(TariffRates.builder("EUR").energyPerKwh("0.125").build(), usage(60, "1000"));
    money("0.13", p.energyCost());
  }

  @Test
  void moneyUsesTheCurrencysMinorUnit() {
    PriceBreakdown yen = PricingEngine.price(TariffRates.builder("JPY").energyPerKwh("35.5").build(), usage(60, "1000"));
    money("36", yen.energyCost());
    PriceBreakdown dinar = PricingEngine.price(TariffRates.builder("KWD").energyPerKwh("0.1235").build(), usage(60, "1000"));
    money("0.124", dinar.energyCost());
  }

  @Test
  void timeIsRatePerHourOfChargingTime() {
    PriceBreakdown p = PricingEngine.price(TariffRates.builder("EUR").timePerHour("2").build(), usage(90, "0"));
    money("3.00", p.timeCost());
    assertEquals(5400, p.chargingSeconds());
  }

  @Test
  void sessionFeeIsFlat() {
    PriceBreakdown p = PricingEngine.price(TariffRates.builder("EUR").sessionFee("1").build(), usage(5, "0"));
    money("1.00", p.sessionFee());
    money("1.00", p.total());
  }

  @Test
  void idleTimeStartsWhereTheRegisterStoppedRisingAndIsBilledAfterGrace() {
    TariffRates rates = TariffRates.builder("EUR").timePerHour("1").idlePerHour("6", 15, null).build();
    // Register rises until 11:00, then stays flat until the stop at 12:00: 60 min idle, 45 billable.
    PriceBreakdown p = PricingEngine.price(rates, usage(120, "10000",
        MeterReading.energy(at(0), "5000"), MeterReading.energy(at(60), "15000"),
        MeterReading.energy(at(90), "15000"), MeterReading.energy(at(120), "15000")));
    assertEquals(at(60), p.idleSince());
    assertEquals(3600, p.idleSeconds());
    assertEquals(2700, p.billableIdleSeconds());
    money("4.50", p.idleFee());
    money("1.00", p.timeCost()); // time rate covers the 60 charging minutes only
  }

  @Test
  void zeroPowerMarksIdleFromThatReading() {
    TariffRates rates = TariffRates.builder("EUR").idlePerHour("6", 0, null).build();
    PriceBreakdown p = PricingEngine.price(rates, usage(60, "5000",
        MeterReading.power(at(10), "7200"), MeterReading.power(at(40), "0"), MeterReading.power(at(50), "3")));
    assertEquals(at(40), p.idleSince());
    money("2.00", p.idleFee());
  }

  @Test
  void chargingAgainAfterAPauseResetsIdle() {
    TariffRates rates = TariffRates.builder("EUR").idlePerHour("6", 0, null).build();
    PriceBreakdown p = PricingEngine.price(rates, usage(60, "5000",
        MeterReading.power(at(10), "0"), MeterReading.power(at(20), "7000"), MeterReading.power(at(50), "0")));
    assertEquals(at(50), p.idleSince());
    money("1.00", p.idleFee());
  }

  @Test
  void noIdleWithoutProof() {
    TariffRates rates = TariffRates.builder("EUR").idlePerHour("6", 0, null).build();
    assertNull(PricingEngine.price(rates, usage(60, "5000")).idleSince());
    PriceBreakdown rising = PricingEngine.price(rates, usage(60, "5000",
        MeterReading.energy(at(0), "0"), MeterReading.energy(at(60), "5000")));
    assertNull(rising.idleSince());
    money("0.00", rising.idleFee());
  }

  @Test
  void idleFeeIsCappedAndCanBeDisabled() {
    SessionUsage u = usage(300, "1000", MeterReading.energy(at(0), "0"), MeterReading.energy(at(10), "1000"),
        MeterReading.energy(at(300), "1000"));
    PriceBreakdown capped = PricingEngine.price(TariffRates.builder("EUR").idlePerHour("6", 10, "5").build(), u);
    money("5.00", capped.idleFee());
    assertTrue(capped.idleFeeCapped());
    PriceBreakdown off = PricingEngine.price(TariffRates.builder("EUR").idlePerHour("6", 10, null)
        .idleFeeEnabled(false).build(), u);
    money("0.00", off.idleFee());
    assertEquals(17400, off.idleSeconds());
  }

  @Test
  void peakMultiplierAppliesToEnergyAndTimeInsideTheWindow() {
    // 10:00–12:00, peak from 11:00: energy flows evenly (register readings), half of it in the peak.
    TariffRates rates = TariffRates.builder("EUR").energyPerKwh("0.40").timePerHour("1")
        .peak("11:00", "18:00", "1.5").build();
    PriceBreakdown p = PricingEngine.price(rates, usage(120, "20000",
        MeterReading.energy(at(0), "0"), MeterReading.energy(at(60), "10000"), MeterReading.energy(at(120), "20000")));
    money("10.00", p.energyCost()); // 10 × 0.40 + 10 × 0.40 × 1.5
    money("2.50", p.timeCost()); // 1 h × 1 + 1 h × 1.5
    assertEquals(2, p.bands().size());
  }

  @Test
  void energyFollowsTheRegisterNotTheClock() {
    // All energy before the peak starts at 11:00, the second hour only idles on the plug.
    TariffRates rates = TariffRates.builder("EUR").energyPerKwh("0.40").peak("11:00", "18:00", "2").build();
    PriceBreakdown p = PricingEngine.price(rates, usage(120, "20000",
        MeterReading.energy(at(0), "0"), MeterReading.energy(at(60), "20000"), MeterReading.energy(at(120), "20000")));
    money("8.00", p.energyCost());
  }

  @Test
  void peakWindowMayWrapPastMidnightInTheSiteTimeZone() {
    // Peak 22:00–06:00 local in Tokyo (UTC+9): 10:00–11:00 UTC is 19:00–20:00 local, off-peak;
    // 13:00–14:00 UTC is 22:00–23:00 local, peak.
    TariffRates rates = TariffRates.builder("EUR").timePerHour("1").peak("22:00", "06:00", "3").build();
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    PriceBreakdown offPeak = PricingEngine.price(rates, new SessionUsage(T0, at(60), BigDecimal.ZERO, List.of(), tokyo));
    money("1.00", offPeak.timeCost());
    PriceBreakdown peak = PricingEngine.price(rates, new SessionUsage(at(180), at(240), BigDecimal.ZERO, List.of(), tokyo));
    money("3.00", peak.timeCost());
  }

  @Test
  void weekendMultiplierAppliesOnSaturdayAndSunday() {
    TariffRates rates = TariffRates.builder("EUR").energyPerKwh("0.50").weekendMultiplier("0.8").build();
    Instant friday23 = Instant.parse("2026-06-19T23:00:00Z");
    // 23:00 Friday → 01:00 Saturday, energy spread evenly: half at the base rate, half at 0.8.
    PriceBreakdown p = PricingEngine.price(rates, new SessionUsage(friday23, friday23.plus(Duration.ofHours(2)),
        new BigDecimal("10000"), List.of(), UTC));
    money("4.50", p.energyCost()); // 5 × 0.5 + 5 × 0.5 × 0.8
  }

  @Test
  void peakAndWeekendMultipliersCompound() {
    TariffRates rates = TariffRates.builder("EUR").timePerHour("10").peak("09:00", "12:00", "1.5")
        .weekendMultiplier("2").build();
    Instant saturday10 = Instant.parse("2026-06-20T10:00:00Z");
    PriceBreakdown p = PricingEngine.price(rates, new SessionUsage(saturday10, saturday10.plus(Duration.ofHours(1)),
        BigDecimal.ZERO, List.of(), UTC));
    money("30.00", p.timeCost());
  }

  @Test
  void taxIsAPercentageOfTheSubtotal() {
    TariffRates rates = TariffRates.builder("USD").energyPerKwh("0.35").sessionFee("0.50").taxRatePercent("11.5").build();
    PriceBreakdown p = PricingEngine.price(rates, usage(60, "23400"));
    money("8.19", p.energyCost()); // 23.4 × 0.35
    money("8.69", p.subtotal());
    money("1.00", p.tax()); // 0.99935
    money("9.69", p.total());
  }

  @Test
  void minimumSessionFeeRaisesTheSubtotal() {
    TariffRates rates = TariffRates.builder("EUR").energyPerKwh("0.30").minSessionFee("2").taxRatePercent("20").build();
    PriceBreakdown p = PricingEngine.price(rates, usage(10, "1000"));
    money("0.30", p.energyCost());
    money("1.70", p.adjustment());
    money("2.00", p.subtotal());
    money("0.40", p.tax());
    money("2.40", p.total());
  }

  @Test
  void maximumSessionFeeCapsTheSubtotal() {
    TariffRates rates = TariffRates.builder("EUR").energyPerKwh("0.50").sessionFee("1").maxSessionFee("20").build();
    PriceBreakdown p = PricingEngine.price(rates, usage(240, "80000"));
    money("40.00", p.energyCost());
    money("-21.00", p.adjustment());
    money("20.00", p.total());
  }

  @Test
  void freeTariffChargesNothingButReportsQuantities() {
    TariffRates rates = TariffRates.builder("EUR").energyPerKwh("0.5").sessionFee("1").minSessionFee("3")
        .taxRatePercent("20").free(true).build();
    PriceBreakdown p = PricingEngine.price(rates, usage(60, "10000"));
    money("0.00", p.total());
    money("0.00", p.adjustment());
    assertTrue(p.free());
    assertEquals(new BigDecimal("10.000000"), p.energyKwh());
    assertEquals(3600, p.durationSeconds());
  }

  @Test
  void everyComponentTogetherAddsUpExactly() {
    // Wednesday 16:00–19:30 UTC, Europe/Paris (UTC+2): 18:00–21:30 local, peak 17:00–20:00 local.
    TariffRates rates = TariffRates.builder("EUR").energyPerKwh("0.29").timePerHour("1.20").sessionFee("0.99")
        .idlePerHour("4.80", 10, "10").peak("17:00", "20:00", "1.25").weekendMultiplier("0.9")
        .taxRatePercent("21").minSessionFee("1").maxSessionFee("100").build();
    Instant start = Instant.parse("2026-06-17T16:00:00Z");
    List<MeterReading> readings = new ArrayList<>();
    readings.add(MeterReading.energy(start, "100000"));
    readings.add(new MeterReading(start.plus(Duration.ofMinutes(60)), new BigDecimal("111000"), new BigDecimal("11000")));
    readings.add(new MeterReading(start.plus(Duration.ofMinutes(120)), new BigDecimal("122000"), new BigDecimal("11000")));
    readings.add(new MeterReading(start.plus(Duration.ofMinutes(150)), new BigDecimal("127500"), new BigDecimal("0")));
    readings.add(MeterReading.energy(start.plus(Duration.ofMinutes(210)), "127500"));
    SessionUsage u = new SessionUsage(start, start.plus(Duration.ofMinutes(210)), new BigDecimal("27500"), readings,
        ZoneId.of("Europe/Paris"));
    PriceBreakdown p = PricingEngine.price(rates, u);
    // Idle from the zero-power reading at 18:30 UTC: 60 min, 50 billable → 4.00.
    assertEquals(start.plus(Duration.ofMinutes(150)), p.idleSince());
    money("4.00", p.idleFee());
    // Energy: 11 kWh 18:00–19:00 local (peak), 11 kWh 19:00–20:00 (peak), 5.5 kWh 20:00–20:30 (base).
    // 22 × 1.25 + 5.5 = 33 weighted kWh × 0.29 = 9.57
    money("9.57", p.energyCost());
    // Time: 2 h peak + 0.5 h base = 3 weighted h × 1.20 = 3.60
    money("3.60", p.timeCost());
    money("0.99", p.sessionFee());
    money("18.16", p.subtotal());
    money("3.81", p.tax()); // 3.8136
    money("21.97", p.total());
    assertEquals(p.subtotal(), p.energyCost().add(p.timeCost()).add(p.sessionFee()).add(p.idleFee()).add(p.adjustment()));
    assertFalse(p.free());
    assertEquals("9.57", p.toJson().getString("energyCost"));
  }
}
