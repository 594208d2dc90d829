package io.voltgate.gateway.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.connection.ChargerConnection;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.ConnectorStatus;
import java.util.Objects;

/** Charger and connector statuses: history in Postgres, current value in Redis, an event. */
public final class StatusService {

  private final GatewayCore core;

  public StatusService(GatewayCore core) {
    this.core = Objects.requireNonNull(core);
  }

  public Future<Void> report(ChargerConnection conn, ConnectorStatus status) {
    ChargerRecord charger = conn.charger();
    core.liveState().status(conn.chargePointId(), status);
    JsonObject data = new JsonObject()
        .put("chargerId", charger.id().toString())
        .put("chargePointId", conn.chargePointId())
        .put("evseId", status.evseId())
        .put("connectorId", status.connectorId())
        .put("status", status.status())
        .put("errorCode", status.errorCode())
        .put("info", status.info())
        .put("vendorErrorCode", status.vendorErrorCode())
        .put("timestamp", status.timestamp().toString());
    core.events().publish(status.wholeCharger() ? "charger.status" : "connector.status",
        charger.networkId(), conn.chargePointId(), core.clock().instant(), data);
    return core.chargers().recordStatus(charger.id(), status);
  }
}
