package io.voltgate.services.billing;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a time span into pieces of constant price multiplier: the peak multiplier inside the daily
 * peak window, the weekend multiplier on Saturdays and Sundays (both in the site's local time; on a
 * weekend peak hour both apply, multiplied).
 */
final class RateWindows {

  /** A piece {@code [from, to)} priced with {@code multiplier}. */
  record Piece(Instant from, Instant to, BigDecimal multiplier) {
    long millis() {
      return to.toEpochMilli() - from.toEpochMilli();
    }
  }

  private final TariffRates rates;
  private final java.time.ZoneId zone;

  RateWindows(TariffRates rates, java.time.ZoneId zone) {
    this.rates = rates;
    this.zone = zone;
  }

  /** The multiplier in force at an instant. */
  BigDecimal multiplierAt(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    BigDecimal m = BigDecimal.ONE;
    if (rates.hasPeakWindow() && inPeak(local.toLocalTime())) {
      m = m.multiply(rates.peakMultiplier());
    }
    DayOfWeek day = local.getDayOfWeek();
    if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
      m = m.multiply(rates.weekendMultiplier());
    }
    return m;
  }

  private boolean inPeak(LocalTime t) {
    LocalTime s = rates.peakStart();
    LocalTime e = rates.peakEnd();
    return s.isBefore(e) ? !t.isBefore(s) && t.isBefore(e) : !t.isBefore(s) || t.isBefore(e);
  }

  /** The pieces of {@code [from, to)}; a zero-length span is one zero-length piece. */
  List<Piece> split(Instant from, Instant to) {
    List<Piece> pieces = new ArrayList<>();
    Instant cursor = from;
    do {
      Instant next = nextBoundary(cursor);
      Instant end = next.isBefore(to) ? next : to;
      pieces.add(new Piece(cursor, end, multiplierAt(cursor)));
      cursor = end;
    } while (cursor.isBefore(to));
    return pieces;
  }

  /** The first instant after {@code t} where the multiplier may change. */
  private Instant nextBoundary(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    LocalDate day = local.toLocalDate();
    Instant best = day.plusDays(1).atStartOfDay(zone).toInstant();
    if (rates.hasPeakWindow()) {
      for (LocalTime edge : List.of(rates.peakStart(), rates.peakEnd())) {
        for (int d = 0; d <= 1; d++) {
          Instant candidate = ZonedDateTime.of(day.plusDays(d), edge, zone).toInstant();
          if (candidate.isAfter(t) && candidate.isBefore(best)) {
            best = candidate;
          }
        }
      }
    }
    return best;
  }
}
