package io.voltgate.store.drivers;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A refresh token as stored: its SHA-256, never the token. */
public record RefreshTokenRow(UUID id, byte[] tokenHash, UUID familyId, UUID driverId, UUID networkId,
    Instant createdAt, Instant expiresAt) {

  public RefreshTokenRow {
    Objects.requireNonNull(id);
    Objects.requireNonNull(tokenHash);
    Objects.requireNonNull(familyId);
    Objects.requireNonNull(driverId);
    Objects.requireNonNull(networkId);
    Objects.requireNonNull(createdAt);
    Objects.requireNonNull(expiresAt);
  }
}
