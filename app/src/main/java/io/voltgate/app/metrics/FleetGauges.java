package io.voltgate.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.voltgate.metrics.MetricNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The fleet-wide gauges. They read the last published {@link FleetSnapshot}, so a refresh never
 * re-registers a meter (re-registration races with a concurrent scrape); they are registered when
 * this node starts publishing and removed when it stops (lease lost, shutdown). Consumer-group gauges
 * follow the groups that exist. Used on one event loop.
 */
final class FleetGauges {

  /** Whether a charger counts as online or offline. */
  enum ChargerState {
    ONLINE, OFFLINE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final List<Meter> fixed = new ArrayList<>();
  private final Map<String, List<Meter>> groups = new HashMap<>();
  private volatile FleetSnapshot last;

  FleetGauges(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
  }

  /** Makes {@code snapshot} the exported values, registering the gauges on first use. */
  void publish(FleetSnapshot snapshot) {
    last = snapshot;
    if (fixed.isEmpty()) {
      registerFixed(snapshot);
    }
    groups.entrySet().removeIf(e -> {
      if (snapshot.groupPending.containsKey(e.getKey())) {
        return false;
      }
      e.getValue().forEach(registry::remove);
      return true;
    });
    for (String group : snapshot.groupPending.keySet()) {
      groups.computeIfAbsent(group, this::registerGroup);
    }
  }

  /** Stops exporting: this node no longer computes the fleet gauges. */
  void clear() {
    fixed.forEach(registry::remove);
    fixed.clear();
    groups.values().forEach(list -> list.forEach(registry::remove));
    groups.clear();
    last = null;
  }

  boolean publishing() {
    return !fixed.isEmpty();
  }

  private void registerFixed(FleetSnapshot first) {
    gauge(fixed, MetricNames.CHARGERS, "Registered chargers by state (online: connected and heard from within the online window)",
        Tags.of("state", ChargerState.ONLINE.label()), s -> s.online, null);
    gauge(fixed, MetricNames.CHARGERS, "Registered chargers by state (online: connected and heard from within the online window)",
        Tags.of("state", ChargerState.OFFLINE.label()), FleetSnapshot::offline, null);
    gauge(fixed, MetricNames.CHARGERS_FAULTED, "Online chargers reporting Faulted on the charger or a connector",
        Tags.empty(), s -> s.faulted, null);
    for (String status : first.connectors.keySet()) {
      gauge(fixed, MetricNames.CONNECTORS, "Connectors of online chargers by their last reported status",
          Tags.of("status", status), s -> s.connectors.getOrDefault(status, 0L), null);
    }
    gauge(fixed, MetricNames.SESSIONS_ACTIVE, "Charging sessions in state ACTIVE", Tags.empty(), s -> s.sessionsActive, null);
    gauge(fixed, MetricNames.EVENTS_STREAM_LENGTH, "Entries in the Redis event stream", Tags.empty(), s -> s.streamLength, null);
    gauge(fixed, MetricNames.EVENTS_STREAM_LAST_ENTRY_AGE, "Time since the newest entry of the Redis event stream",
        Tags.empty(), s -> s.lastEntryAgeSeconds, "seconds");
  }

  private List<Meter> registerGroup(String group) {
    List<Meter> meters = new ArrayList<>();
    Tags tags = Tags.of("group", group);
    gauge(meters, MetricNames.EVENTS_STREAM_GROUP_PENDING,
        "Event-stream entries delivered to a consumer group and not acknowledged", tags,
        s -> s.groupPending.getOrDefault(group, 0L), null);
    if (last != null && last.groupLag.containsKey(group)) {
      gauge(meters, MetricNames.EVENTS_STREAM_GROUP_LAG, "Event-stream entries not yet delivered to a consumer group",
          tags, s -> s.groupLag.containsKey(group) ? s.groupLag.get(group) : Double.NaN, null);
    }
    return meters;
  }

  private void gauge(List<Meter> into, String name, String description, Tags tags,
      ToDoubleFunction<FleetSnapshot> value, String unit) {
    into.add(Gauge.builder(name, this, g -> {
      FleetSnapshot s = g.last;
      return s == null ? Double.NaN : value.applyAsDouble(s);
    }).description(description).tags(tags).baseUnit(unit).strongReference(true).register(registry));
  }
}
