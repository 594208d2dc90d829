package io.voltgate.services.events;

import io.voltgate.store.query.Scope;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A back end's view of the stream: every event of the scope's networks, optionally only some types
 * and some stations (charger UUIDs or chargePointIds). An event of no network is nobody's.
 *
 * @param eventTypes the types wanted; empty for all
 * @param stations the chargers wanted; empty for all
 */
public record NetworkEvents(Scope scope, Set<String> eventTypes, Set<String> stations) implements EventFilter {

  public NetworkEvents {
    Objects.requireNonNull(scope);
    // Sets that accept contains(null) (an event of no charger has no chargePointId): not Set.copyOf.
    eventTypes = Collections.unmodifiableSet(new HashSet<>(eventTypes));
    stations = Collections.unmodifiableSet(new HashSet<>(stations));
  }

  @Override
  public boolean wants(StreamEvent e) {
    if (e.networkId() == null || !scope.sees(e.networkId())) {
      return false;
    }
    if (!eventTypes.isEmpty() && !eventTypes.contains(e.type())) {
      return false;
    }
    return stations.isEmpty() || stations.contains(e.chargePointId())
        || stations.contains(e.data().getString("chargerId"));
  }
}
