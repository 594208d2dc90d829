package io.voltgate.store.model;

import java.time.Instant;

/** A charger that connected under an id nobody registered, waiting for a platform administrator. */
public record PendingCharger(String chargePointId, String ocppVersion, String vendor, String model,
    String serialNumber, String firmwareVersion, String remoteAddress, int boots, Instant firstSeenAt,
    Instant lastSeenAt) {
}
