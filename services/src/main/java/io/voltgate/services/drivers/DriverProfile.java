package io.voltgate.services.drivers;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The driver as {@code GET /auth/driver/me} shows them, with their id tokens. */
public record DriverProfile(UUID id, String email, String firstName, String lastName, String phoneNumber,
    String address, String city, String state, String postalCode, String country, Instant createdAt,
    List<Token> tokens) {

  public DriverProfile {
    tokens = List.copyOf(tokens);
  }

  /** One id token: its id ({@code TokenUuid}), uid and type. */
  public record Token(UUID id, String uid, String tokenType) {
  }
}
