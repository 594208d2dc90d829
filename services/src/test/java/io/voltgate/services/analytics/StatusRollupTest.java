package io.voltgate.services.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.voltgate.store.pg.AnalyticsRollups.Cursor;
import io.voltgate.store.pg.AnalyticsRollups.StatusRow;
import io.voltgate.store.pg.AnalyticsRollups.UtilizationDay;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Status reports → connector time per local day, without a database. */
class StatusRollupTest {

  private static final UUID NETWORK = UUID.randomUUID();
  private static final UUID CHARGER = UUID.randomUUID();
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private static StatusRow row(long id, int connector, String status, String at) {
    return new StatusRow(id, CHARGER, 1, connector, status, Instant.parse(at), NETWORK, "Europe/Berlin");
  }

  private static Map<LocalDate, UtilizationDay> byDay(StatusRollup.Result r) {
    return r.days().stream().collect(Collectors.toMap(UtilizationDay::day, d -> d));
  }

  @Test
  void theDayTheClocksGoForwardHas23HoursSplitAtLocalMidnights() {
    // 2026-03-29 in Berlin: 00:00 CET = 03-28T23:00Z, next midnight 00:00 CEST = 03-29T22:00Z
    StatusRollup.Result r = StatusRollup.apply(0, List.of(
        row(1, 1, "Available", "2026-03-28T20:00:00Z"),
        row(2, 1, "Charging", "2026-03-29T10:00:00Z"),
        row(3, 1, "Available", "2026-03-30T00:00:00Z")), List.of(), false, Instant.EPOCH);
    Map<LocalDate, UtilizationDay> days = byDay(r);
    UtilizationDay dst = days.get(LocalDate.of(2026, 3, 29));
    assertEquals(11 * HOUR, dst.availableMs()); // 23:00Z .. 10:00Z
    assertEquals(12 * HOUR, dst.occupiedMs());  // 10:00Z .. 22:00Z
    assertEquals(3 * HOUR, days.get(LocalDate.of(2026, 3, 28)).availableMs());
    assertEquals(2 * HOUR, days.get(LocalDate.of(2026, 3, 30)).occupiedMs());
    assertEquals(3, r.lastId());
    assertEquals(1, r.cursors().size());
    assertEquals("Available", r.cursors().get(0).status());
  }

  @Test
  void aReportEarlierThanWhatIsAccountedIsClippedAndConnectorZeroIsSkipped() {
    Cursor cursor = new Cursor(CHARGER, 1, 1, "Charging", Instant.parse("2026-06-01T12:00:00Z"), NETWORK, "UTC");
    StatusRollup.Result r = StatusRollup.apply(10, List.of(
        new StatusRow(11, CHARGER, 0, 0, "Faulted", Instant.parse("2026-06-01T11:00:00Z"), NETWORK, "UTC"),
        new StatusRow(12, CHARGER, 1, 1, "Available", Instant.parse("2026-06-01T11:00:00Z"), NETWORK, "UTC"),
        new StatusRow(13, CHARGER, 1, 1, "Faulted", Instant.parse("2026-06-01T13:00:00Z"), NETWORK, "UTC")),
        List.of(cursor), true, Instant.parse("2026-06-01T14:00:00Z"));
    UtilizationDay d = byDay(r).get(LocalDate.of(2026, 6, 1));
    assertEquals(0, d.occupiedMs());            // 12:00 .. 12:00 (clipped)
    assertEquals(HOUR, d.availableMs());        // 12:00 .. 13:00
    assertEquals(HOUR, d.unavailableMs());      // 13:00 .. cutoff 14:00 (drained)
    assertEquals(13, r.lastId());
    assertEquals(Instant.parse("2026-06-01T14:00:00Z"), r.cursors().get(0).since());
  }
}
