package io.voltgate.store.query;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A published live location as drivers discover it. What its chargers offer comes separately
 * ({@link PublicConnector}), for the whole page at once, since their availability is live state.
 *
 * @param openingHours the OCPI-style hours document, or null when not given
 * @param images the pictures ({@code url, thumbnailUrl, type, width, height}), empty when none
 * @param distanceKm from the point the caller gave, or null when it gave none
 */
public record PublishedLocation(UUID id, UUID networkId, String name, String address, String city, String state,
    String country, BigDecimal latitude, BigDecimal longitude, boolean hasParking, boolean hasRestrooms,
    boolean hasWifi, String phone, JsonObject openingHours, JsonArray images, Double distanceKm) {

  /**
   * A live public charger at a published location and one of its live connectors; a charger
   * without connectors appears once with null connector fields.
   */
  public record PublicConnector(UUID locationId, UUID chargerId, String chargePointId, Integer evseId,
      Integer connectorId, String storedStatus, BigDecimal maxPowerKw, String standard) {
  }
}
