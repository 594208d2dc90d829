package io.voltgate.store.model;

import java.util.UUID;

/**
 * A charger as the gateway needs it on every message: identity, owning network, registration and
 * security settings. Immutable; a new instance replaces it after changes.
 *
 * @param registrationStatus {@code Accepted}, {@code Pending} or {@code Rejected}
 * @param securityProfile 0 (none), 1 (Basic auth), 2 (TLS + Basic), 3 (mutual TLS)
 */
public record ChargerRecord(
    UUID id,
    UUID networkId,
    String chargePointId,
    String registrationStatus,
    int securityProfile,
    String passwordHash,
    String vendor,
    String model,
    String firmwareVersion) {

  public boolean accepted() {
    return "Accepted".equals(registrationStatus);
  }
}
