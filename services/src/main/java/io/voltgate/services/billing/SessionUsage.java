package io.voltgate.services.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A completed session as the pricing engine sees it.
 *
 * @param energyWh the session's delivered energy (authoritative total; readings only shape it over time)
 * @param readings meter readings of the session, any order (sorted here); may be empty
 * @param zone the site's time zone: peak hours and weekends are local
 */
public record SessionUsage(Instant startedAt, Instant stoppedAt, BigDecimal energyWh, List<MeterReading> readings,
    ZoneId zone) {

  public SessionUsage {
    Objects.requireNonNull(startedAt);
    Objects.requireNonNull(stoppedAt);
    if (stoppedAt.isBefore(startedAt)) {
      stoppedAt = startedAt;
    }
    Instant from = startedAt;
    Instant to = stoppedAt;
    energyWh = energyWh == null || energyWh.signum() < 0 ? BigDecimal.ZERO : energyWh;
    readings = readings == null ? List.of() : readings.stream()
        .filter(r -> !r.at().isBefore(from) && !r.at().isAfter(to))
        .sorted(Comparator.comparing(MeterReading::at)).toList();
    zone = zone == null ? ZoneId.of("UTC") : zone;
  }
}
