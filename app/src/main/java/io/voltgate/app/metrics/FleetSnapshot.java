package io.voltgate.app.metrics;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Values gathered during one fleet refresh: chargers online, connectors of online chargers by their
 * last status (values outside the OCPP enums count as {@code Other}), online chargers with a fault,
 * Postgres counts and the event stream. Filled on one event loop, then published whole to the gauges.
 */
final class FleetSnapshot {

  /** OCPP 1.6 and 2.0.1 connector statuses; anything else is reported as {@code Other}. */
  static final Set<String> STATUSES = Set.of("Available", "Preparing", "Charging", "SuspendedEVSE",
      "SuspendedEV", "Finishing", "Reserved", "Unavailable", "Faulted", "Occupied");
  static final String OTHER = "Other";

  long online;
  long faulted;
  final Map<String, Long> connectors = new LinkedHashMap<>();
  long registered;
  long sessionsActive;
  long streamLength;
  /** Seconds since the newest stream entry; NaN while the stream is empty. */
  double lastEntryAgeSeconds = Double.NaN;
  final Map<String, Long> groupPending = new LinkedHashMap<>();
  /** Only when the server reports it (Redis 7+). */
  final Map<String, Long> groupLag = new LinkedHashMap<>();

  FleetSnapshot() {
    STATUSES.stream().sorted().forEach(s -> connectors.put(s, 0L));
    connectors.put(OTHER, 0L);
  }

  /**
   * One online charger and its status hash (field {@code 0} = the charger itself, {@code evse/connector}
   * = a connector; values are JSON with a {@code status}).
   */
  void onlineCharger(Map<String, String> statusHash) {
    online++;
    boolean fault = false;
    for (Map.Entry<String, String> e : statusHash.entrySet()) {
      String status = statusOf(e.getValue());
      if ("Faulted".equals(status)) {
        fault = true;
      }
      if (!"0".equals(e.getKey())) {
        connectors.merge(STATUSES.contains(status) ? status : OTHER, 1L, Long::sum);
      }
    }
    if (fault) {
      faulted++;
    }
  }

  long offline() {
    return Math.max(0, registered - online);
  }

  private static String statusOf(String json) {
    try {
      String s = new JsonObject(json).getString("status");
      return s == null ? OTHER : s;
    } catch (RuntimeException e) {
      return OTHER;
    }
  }
}
