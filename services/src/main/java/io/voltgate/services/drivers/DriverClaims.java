package io.voltgate.services.drivers;

import java.time.Instant;
import java.util.UUID;

/** What a verified access token says: whose it is, in which network, until when, by which key. */
public record DriverClaims(UUID networkId, UUID driverId, String keyId, Instant expiresAt) {
}
