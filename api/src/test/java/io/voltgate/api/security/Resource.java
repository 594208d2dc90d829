package io.voltgate.api.security;

import java.util.Map;
import java.util.Optional;

/**
 * The network-owned resources a path, query or body id can name, and how the security suites tell
 * which one an id names: by the path segment before the parameter ({@code /chargers/{uuid}} →
 * charger) or by the property name ({@code chargerUuid}).
 */
enum Resource {
  NETWORK, LOCATION, CHARGER, CONNECTOR, TARIFF, TARIFF_ASSIGNMENT, SESSION, TRANSACTION, WEBHOOK, WEBHOOK_DELIVERY,
  TEAM_MEMBER, FIRMWARE, API_KEY;

  private static final Map<String, Resource> BY_SEGMENT = Map.ofEntries(
      Map.entry("networks", NETWORK),
      Map.entry("locations", LOCATION),
      // a site's load balancing is addressed by its location (or one of its chargers)
      Map.entry("load-balancing", LOCATION),
      Map.entry("chargers", CHARGER),
      Map.entry("smart-charging", CHARGER),
      // /diagnostic-files/{chargerId}/{fileName}
      Map.entry("diagnostic-files", CHARGER),
      Map.entry("connectors", CONNECTOR),
      Map.entry("tariffs", TARIFF),
      Map.entry("assignments", TARIFF_ASSIGNMENT),
      Map.entry("sessions", SESSION),
      Map.entry("transactions", TRANSACTION),
      Map.entry("webhooks", WEBHOOK),
      Map.entry("deliveries", WEBHOOK_DELIVERY),
      Map.entry("team", TEAM_MEMBER),
      Map.entry("firmware", FIRMWARE),
      Map.entry("api-keys", API_KEY));

  private static final Map<String, Resource> BY_PROPERTY = Map.of(
      "networkUuid", NETWORK,
      "networkIds", NETWORK,
      "chargerId", CHARGER,
      "locationUuid", LOCATION,
      "chargerUuid", CHARGER,
      "connectorUuid", CONNECTOR,
      "sessionId", SESSION,
      "firmwareVersionId", FIRMWARE);

  /** The resource a path segment names, if it names one. */
  static Optional<Resource> ofSegment(String segment) {
    return Optional.ofNullable(BY_SEGMENT.get(segment));
  }

  /** The resource a body or query property names, if it names one. */
  static Optional<Resource> ofProperty(String property) {
    return Optional.ofNullable(BY_PROPERTY.get(property));
  }
}
