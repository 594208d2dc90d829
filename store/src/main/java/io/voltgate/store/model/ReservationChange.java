package io.voltgate.store.model;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A reservation's change as published on the event stream ({@link EventType#RESERVATION_STATUS}):
 * the API (created, cancelled) and the gateway (expired, removed, used) write the same shape, so
 * SSE and webhook consumers read one payload whichever side changed it (docs/emsp.md, "Reservations").
 *
 * @param change created, cancelled, expired, removed or used
 * @param status the reservation's status after the change
 */
public record ReservationChange(UUID reservationId, UUID chargerId, String chargePointId, Integer connectorNumber,
    UUID driverId, String change, String status) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("reservationId", reservationId.toString())
        .put("chargerId", chargerId.toString())
        .put("chargePointId", chargePointId)
        .put("connectorNumber", connectorNumber)
        .put("driverId", driverId == null ? null : driverId.toString())
        .put("change", change)
        .put("status", status);
  }
}
