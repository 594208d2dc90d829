package io.voltgate.store.query;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A member of a network's team ({@code users}: one row per network membership); role in lower case. */
public record TeamMember(UUID id, UUID networkId, String email, String name, String firstName, String lastName,
    String role, String status, OffsetDateTime createdAt, OffsetDateTime lastActiveAt) {
}
