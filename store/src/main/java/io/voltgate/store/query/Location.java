package io.voltgate.store.query;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A live location (site) and how many live chargers are attached to it. */
public record Location(UUID id, UUID networkId, String name, String address, String city, String state,
    String country, String postalCode, String contactPhone, String timezone, BigDecimal latitude,
    BigDecimal longitude, long chargerCount, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** The fields of a new location (its network already chosen within the caller's scope). */
  public record New(UUID id, UUID networkId, String name, String address, String city, String state,
      String country, String postalCode, String contactPhone, String timezone, BigDecimal latitude,
      BigDecimal longitude) {
  }
}
