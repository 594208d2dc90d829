package io.voltgate.app.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.voltgate.services.billing.MeterReading;
import io.voltgate.services.billing.PriceBreakdown;
import io.voltgate.services.billing.PricingEngine;
import io.voltgate.services.billing.SessionUsage;
import io.voltgate.services.billing.TariffRates;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The charging tests' tariff and session, so that each compares its API's amounts with the pricing
 * engine's for the same rates and readings. Tariff (network-wide): 0.30/kWh, 1.20/h charging time,
 * 0.50 session fee, idle 6/h after 5 minutes, 10 % tax. Session: 40 minutes from {@code t0}, meter
 * 1,000 Wh at the start, 7,000 Wh at 11 kW after 15 minutes, 13,000 Wh at 0 W after 30, stop at 40
 * with 13,000 Wh: energy 3.60, time 0.60, session 0.50, idle 0.50 → subtotal 5.20, tax 0.52, total 5.72.
 */
public final class IdleTariffSession {

  private IdleTariffSession() {
  }

  /** Creates the tariff through the operator API and assigns it network-wide; its id. */
  public static String createTariff(Http operator, String name) {
    Http.Result made = operator.post("/cpms/v1/tariffs", new JsonObject().put("name", name)
        .put("energyRate", 0.30).put("timeRate", 1.20).put("sessionFee", 0.50).put("idleRate", 6)
        .put("idleGracePeriodMinutes", 5).put("taxRate", 10));
    assertEquals(201, made.status(), made.body().encode());
    String tariff = made.data().getString("id");
    assertEquals(201, operator.post("/cpms/v1/tariffs/" + tariff + "/assign", new JsonObject()).status());
    return tariff;
  }

  /** The engine's price of the session that started at {@code t0} (and stopped 40 minutes later). */
  public static PriceBreakdown enginePrice(String currency, Instant t0) {
    Instant end = t0.plus(40, ChronoUnit.MINUTES);
    return PricingEngine.price(TariffRates.builder(currency).energyPerKwh("0.30").timePerHour("1.20")
        .sessionFee("0.50").idlePerHour("6", 5, null).taxRatePercent("10").build(), new SessionUsage(t0, end,
        BigDecimal.valueOf(12000), List.of(reading(t0, 1000, null), reading(t0.plus(15, ChronoUnit.MINUTES), 7000, 11000),
        reading(t0.plus(30, ChronoUnit.MINUTES), 13000, 0), reading(end, 13000, null)), ZoneOffset.UTC));
  }

  private static MeterReading reading(Instant at, int wh, Integer w) {
    return new MeterReading(at, BigDecimal.valueOf(wh), w == null ? null : BigDecimal.valueOf(w));
  }
}
