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
  TEAM_MEMBER, FIRMWARE, CHARGER_MODEL, API_KEY, USER, ID_TOKEN, FAVORITE, CHARGING_SCHEDULE,
  RESERVATION;

  private static final Map<String, Resource> BY_SEGMENT = Map.ofEntries(
      Map.entry("networks", NETWORK),
      Map.entry("locations", LOCATION),
      // a site's load balancing is addressed by its location (or one of its chargers)
      Map.entry("load-balancing", LOCATION),
      Map.entry("chargers", CHARGER),
      Map.entry("smart-charging", CHARGER),
      // a driver's control of a charger (/emsp/v1/remote-control/{chargerId}/unlock ...)
      Map.entry("remote-control", CHARGER),
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
      // private to a network since the per-network catalog (V6); global ones are everyone's
      Map.entry("charger-models", CHARGER_MODEL),
      Map.entry("api-keys", API_KEY),
      // the eMSP family's drivers and their authorization tokens
      Map.entry("users", USER),
      // the operator's view of the same drivers (/cpms/v1/fraud/drivers/{driverUuid})
      Map.entry("drivers", USER),
      Map.entry("tokens", ID_TOKEN),
      // a driver's favourites (the driver's own: reached with the driver's token)
      Map.entry("favorites", FAVORITE),
      // a scheduled charge (/emsp/v1/charging/schedule/{id})
      Map.entry("schedule", CHARGING_SCHEDULE),
      // a driver's connector reservations (the driver's own; a back end sees its networks')
      Map.entry("reservations", RESERVATION));

  private static final Map<String, Resource> BY_PROPERTY = Map.ofEntries(
      Map.entry("networkUuid", NETWORK),
      Map.entry("networkIds", NETWORK),
      // the network of an EMP order the operator records (POST /cpms/v1/emp-orders)
      Map.entry("networkId", NETWORK),
      Map.entry("chargerId", CHARGER),
      Map.entry("locationUuid", LOCATION),
      Map.entry("chargerUuid", CHARGER),
      Map.entry("connectorUuid", CONNECTOR),
      Map.entry("sessionId", SESSION),
      Map.entry("firmwareVersionId", FIRMWARE),
      Map.entry("modelUuid", CHARGER_MODEL),
      Map.entry("modelId", CHARGER_MODEL),
      Map.entry("userId", USER));

  /** The resource a path segment names, if it names one. */
  static Optional<Resource> ofSegment(String segment) {
    return Optional.ofNullable(BY_SEGMENT.get(segment));
  }

  /** The resource a body or query property names, if it names one. */
  static Optional<Resource> ofProperty(String property) {
    return Optional.ofNullable(BY_PROPERTY.get(property));
  }
}
