package io.voltgate.store.drivers;

import java.util.UUID;

/** One of a driver's id tokens as the profile lists it. */
public record DriverIdToken(UUID id, String uid, String tokenType) {
}
