package io.voltgate.store.drivers;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A driver's profile and the id tokens they own (live ones, oldest first). */
public record StoredProfile(UUID id, UUID networkId, String email, String firstName, String lastName,
    String phoneNumber, String address, String city, String state, String postalCode, String country,
    Instant createdAt, List<DriverIdToken> tokens) {

  public StoredProfile {
    tokens = List.copyOf(tokens);
  }
}
