package io.voltgate.store.model;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A stored charging session as the gateway sees it.
 *
 * @param created true when this call created it (false on an idempotent retry)
 * @param ocpp16TransactionId the integer id given to a 1.6 charger, null for 2.0.1
 */
public record SessionRef(
    UUID id,
    UUID networkId,
    int evseId,
    int connectorId,
    Integer ocpp16TransactionId,
    String transactionRef,
    String status,
    BigDecimal meterStartWh,
    BigDecimal energyWh,
    boolean created) {

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
