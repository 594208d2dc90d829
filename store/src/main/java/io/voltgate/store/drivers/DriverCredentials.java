package io.voltgate.store.drivers;

import java.util.UUID;

/**
 * What a login needs of an account: who it is, the stored password hash and whether it may log in.
 *
 * @param tokenUid the uid of the driver's first app token, or null if it was removed
 */
public record DriverCredentials(UUID id, UUID networkId, String email, String passwordHash, String firstName,
    String lastName, String status, String tokenUid) {

  public boolean active() {
    return "active".equals(status);
  }
}
