package io.voltgate.services.analytics;

import io.voltgate.store.pg.AnalyticsRollups.Cursor;
import io.voltgate.store.pg.AnalyticsRollups.StatusRow;
import io.voltgate.store.pg.AnalyticsRollups.UtilizationDay;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Status reports → connector time per network day (pure). Each connector's time between two of
 * its reports counts in the state of the earlier one; an interval is split at local midnights of
 * the network's time zone. Reports are taken in arrival order; one reported earlier than what is
 * already accounted starts at the accounted point (clipped, never counted twice). Connector 0 (the
 * whole charger) is no connector and is skipped. When the backlog is drained, every connector's
 * current state is accounted up to {@code cutoff}, so today's figures grow while nothing is reported.
 */
public final class StatusRollup {

  /** What one run produced: the day sums to add, the cursors that changed, the new watermark. */
  public record Result(List<UtilizationDay> days, List<Cursor> cursors, long lastId) {
  }

  /** The state classes of utilization. */
  enum StateClass { OCCUPIED, AVAILABLE, UNAVAILABLE }

  private static final Set<String> OCCUPIED = Set.of("Charging", "Occupied", "SuspendedEV", "SuspendedEVSE",
      "Preparing", "Finishing");
  private static final Set<String> AVAILABLE = Set.of("Available", "Reserved");

  private StatusRollup() {
  }

  static StateClass classOf(String status) {
    if (status != null && OCCUPIED.contains(status)) {
      return StateClass.OCCUPIED;
    }
    return status != null && AVAILABLE.contains(status) ? StateClass.AVAILABLE : StateClass.UNAVAILABLE;
  }

  private record Key(UUID charger, int evse, int connector) {
  }

  private record DayKey(UUID network, LocalDate day) {
  }

  /**
   * @param watermark the last status id already accounted
   * @param rows the reports after it, in id order
   * @param cursors every connector's accounted state
   * @param drained whether {@code rows} is the whole backlog (then cursors advance to {@code cutoff})
   */
  public static Result apply(long watermark, List<StatusRow> rows, List<Cursor> cursors, boolean drained,
      Instant cutoff) {
    Map<Key, Cursor> byKey = new HashMap<>();
    for (Cursor c : cursors) {
      byKey.put(new Key(c.chargerId(), c.evseId(), c.connectorId()), c);
    }
    Map<DayKey, long[]> days = new LinkedHashMap<>();
    Set<Key> changed = new LinkedHashSet<>();
    long last = watermark;
    for (StatusRow r : rows) {
      last = Math.max(last, r.id());
      if (r.connectorId() <= 0) {
        continue;
      }
      Key key = new Key(r.chargerId(), r.evseId(), r.connectorId());
      Cursor c = byKey.get(key);
      Instant at = r.reportedAt();
      if (c != null) {
        if (at.isBefore(c.since())) {
          at = c.since();
        }
        add(days, c.networkId(), zone(c.zone()), c.status(), c.since(), at);
      }
      byKey.put(key, new Cursor(r.chargerId(), r.evseId(), r.connectorId(), r.status(), at, r.networkId(), r.zone()));
      changed.add(key);
    }
    if (drained) {
      for (Map.Entry<Key, Cursor> e : byKey.entrySet()) {
        Cursor c = e.getValue();
        if (c.since().isBefore(cutoff)) {
          add(days, c.networkId(), zone(c.zone()), c.status(), c.since(), cutoff);
          e.setValue(new Cursor(c.chargerId(), c.evseId(), c.connectorId(), c.status(), cutoff, c.networkId(), c.zone()));
          changed.add(e.getKey());
        }
      }
    }
    List<UtilizationDay> out = new ArrayList<>(days.size());
    days.forEach((k, v) -> out.add(new UtilizationDay(k.network(), k.day(), v[0], v[1], v[2])));
    List<Cursor> moved = new ArrayList<>(changed.size());
    changed.forEach(k -> moved.add(byKey.get(k)));
    return new Result(out, moved, last);
  }

  /** Adds [from, to) in the state's class, split at the zone's midnights. */
  static void add(Map<DayKey, long[]> days, UUID network, ZoneId zone, String status, Instant from, Instant to) {
    int slot = classOf(status).ordinal();
    Instant start = from;
    while (start.isBefore(to)) {
      LocalDate day = start.atZone(zone).toLocalDate();
      Instant midnight = day.plusDays(1).atStartOfDay(zone).toInstant();
      Instant end = midnight.isBefore(to) ? midnight : to;
      days.computeIfAbsent(new DayKey(network, day), k -> new long[3])[slot] += end.toEpochMilli() - start.toEpochMilli();
      start = end;
    }
  }

  static ZoneId zone(String name) {
    try {
      return name == null || name.isBlank() ? ZoneOffset.UTC : ZoneId.of(name);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
