package io.voltgate.store.model;

import java.time.Instant;

/**
 * A status report for the whole charger ({@code evseId == 0}) or one connector.
 *
 * @param status the OCPP status as the charger sent it (1.6 ChargePointStatus or 2.0.1
 *     ConnectorStatusEnumType)
 */
public record ConnectorStatus(
    int evseId,
    int connectorId,
    String status,
    String errorCode,
    String info,
    String vendorId,
    String vendorErrorCode,
    Instant timestamp) {

  public boolean wholeCharger() {
    return evseId == 0;
  }
}
