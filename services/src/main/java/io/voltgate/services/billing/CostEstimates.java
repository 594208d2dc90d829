package io.voltgate.services.billing;

import io.vertx.core.Future;
import io.voltgate.services.Refusal;
import io.voltgate.store.query.Scope;
import io.voltgate.store.query.TariffQueries;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a planned session would cost under a tariff, priced by the {@link PricingEngine} exactly as
 * its CDR will be: the planned energy spread evenly over the charging time, then the idle minutes.
 */
public final class CostEstimates {

  /** Any power above {@link IdleDetector#POWER_THRESHOLD_W}: marks the planned charging time as charging. */
  private static final BigDecimal CHARGING_W = BigDecimal.valueOf(1000);

  private final TariffQueries tariffs;
  private final Clock clock;

  public CostEstimates(TariffQueries tariffs, Clock clock) {
    this.tariffs = Objects.requireNonNull(tariffs);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * A planned session.
   *
   * @param startTime when it starts (peak hours and weekends depend on it), or null for now
   * @param durationMinutes plugged-in time, idle minutes included
   * @param idleMinutes the last minutes of the duration, plugged in without charging
   * @param zone the site's time zone (peak hours and weekends are local)
   */
  public record Plan(BigDecimal energyKwh, long durationMinutes, long idleMinutes, Instant startTime, ZoneId zone) {
  }

  /** A tariff's name and the price of a plan under it. */
  public record Estimate(String tariffName, PriceBreakdown price) {
  }

  /**
   * The price of {@code plan} under a live tariff of the scope; empty when there is no such tariff,
   * failed with a {@link Refusal} for a plan whose idle time exceeds its duration.
   */
  public Future<Optional<Estimate>> estimate(Scope scope, UUID tariffId, Plan plan) {
    if (plan.idleMinutes() > plan.durationMinutes()) {
      return Future.failedFuture(Refusal.invalid("idleMinutes", "idleMinutes must not exceed durationMinutes"));
    }
    SessionUsage usage = usage(plan);
    return tariffs.find(scope, tariffId).map(found -> found.map(row ->
        new Estimate(row.getString("name"), PricingEngine.price(TariffRow.rates(row), usage))));
  }

  private SessionUsage usage(Plan plan) {
    Instant start = plan.startTime() == null ? clock.instant() : plan.startTime();
    Instant stop = start.plus(Duration.ofMinutes(plan.durationMinutes()));
    Instant chargingEnd = stop.minus(Duration.ofMinutes(plan.idleMinutes()));
    // Power readings tell the engine's idle detection where charging ended, as a meter would.
    List<MeterReading> readings = plan.idleMinutes() == 0 ? List.of()
        : List.of(new MeterReading(start, null, CHARGING_W), new MeterReading(chargingEnd, null, BigDecimal.ZERO));
    return new SessionUsage(start, stop, plan.energyKwh().multiply(BigDecimal.valueOf(1000)), readings, plan.zone());
  }
}
