package io.voltgate.api.emsp;

import io.voltgate.store.query.PublishedLocation.PublicConnector;
import io.voltgate.store.redis.ChargerLiveState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What each location's public chargers offer right now: how many chargers, how many connectors are
 * available (live status Available: the reported one, else the stored one), the strongest connector
 * and the distinct connector standards. Pure: computed from the store's rows and the live state.
 */
final class LocationOffers {

  /** One location's offer. */
  record Offer(long chargerCount, long availableCount, BigDecimal maxPowerKw, List<String> connectorTypes) {
    static final Offer NONE = new Offer(0, 0, null, List.of());
  }

  private LocationOffers() {
  }

  /** The chargePointIds whose live state the offers need. */
  static List<String> chargePointIds(List<PublicConnector> connectors) {
    return connectors.stream().map(PublicConnector::chargePointId).distinct().toList();
  }

  static Map<UUID, Offer> of(List<PublicConnector> connectors, Map<String, ChargerLiveState.Charger> live) {
    Map<UUID, Set<UUID>> chargers = new HashMap<>();
    Map<UUID, Long> available = new HashMap<>();
    Map<UUID, BigDecimal> power = new HashMap<>();
    Map<UUID, TreeSet<String>> types = new HashMap<>();
    for (PublicConnector k : connectors) {
      UUID location = k.locationId();
      chargers.computeIfAbsent(location, l -> new HashSet<>()).add(k.chargerId());
      types.computeIfAbsent(location, l -> new TreeSet<>());
      if (k.evseId() == null) {
        continue; // a charger without connectors
      }
      ChargerLiveState.Charger state = live.getOrDefault(k.chargePointId(), ChargerLiveState.Charger.NONE);
      if ("Available".equalsIgnoreCase(state.connectorStatusOr(k.evseId(), k.connectorId(), k.storedStatus()))) {
        available.merge(location, 1L, Long::sum);
      }
      if (k.maxPowerKw() != null) {
        power.merge(location, k.maxPowerKw(), BigDecimal::max);
      }
      if (k.standard() != null) {
        types.get(location).add(k.standard());
      }
    }
    Map<UUID, Offer> out = new HashMap<>();
    chargers.forEach((location, ids) -> out.put(location, new Offer(ids.size(), available.getOrDefault(location, 0L),
        power.get(location), new ArrayList<>(types.get(location)))));
    return out;
  }
}
