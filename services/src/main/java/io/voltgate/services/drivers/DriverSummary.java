package io.voltgate.services.drivers;

import java.util.UUID;

/** The driver block of the register and login answers (seed: id, email, names, tokenUid). */
public record DriverSummary(UUID id, String email, String firstName, String lastName, String tokenUid) {
}
