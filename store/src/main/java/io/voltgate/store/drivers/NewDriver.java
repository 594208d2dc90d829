package io.voltgate.store.drivers;

import java.util.Objects;
import java.util.UUID;

/**
 * A driver account about to be stored: the password already hashed, optional fields null.
 *
 * @param email as given (trimmed); uniqueness is decided on its lower case within the network
 */
public record NewDriver(UUID id, UUID networkId, String email, String passwordHash, String firstName,
    String lastName, String phoneNumber, String address, String city, String state, String postalCode,
    String country) {

  public NewDriver {
    Objects.requireNonNull(id);
    Objects.requireNonNull(networkId);
    Objects.requireNonNull(email);
    Objects.requireNonNull(passwordHash);
  }
}
