package io.voltgate.store.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A network: the tenant boundary of every charger, location, session and key.
 *
 * @param country ISO 3166-1 alpha-2, or null
 */
public record Network(UUID id, String name, String currency, String country, OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {
}
