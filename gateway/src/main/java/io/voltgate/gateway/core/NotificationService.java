package io.voltgate.gateway.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.EventType;
import java.time.Instant;
import java.util.Objects;

/** Notifications that update a charger's record and are published as events. */
public final class NotificationService {

  private final GatewayCore core;

  public NotificationService(GatewayCore core) {
    this.core = Objects.requireNonNull(core);
  }

  /** Firmware update progress (1.6 FirmwareStatusNotification / SignedFirmwareStatusNotification, 2.0.1). */
  public Future<Void> firmwareStatus(ChargerConnection conn, String status, Integer requestId) {
    ChargerRecord c = conn.charger();
    publish(conn, EventType.FIRMWARE_STATUS, new JsonObject().put("status", status).put("requestId", requestId));
    return core.chargers().recordFirmwareStatus(c.id(), status);
  }

  /** Diagnostics (1.6) or log (1.6 security, 2.0.1) upload progress. */
  public Future<Void> diagnosticsStatus(ChargerConnection conn, String status, Integer requestId) {
    ChargerRecord c = conn.charger();
    publish(conn, EventType.DIAGNOSTICS_STATUS, new JsonObject().put("status", status).put("requestId", requestId));
    return core.chargers().recordDiagnosticsStatus(c.id(), status);
  }

  public Future<Void> securityEvent(ChargerConnection conn, String type, Instant timestamp, String techInfo) {
    ChargerRecord c = conn.charger();
    publish(conn, EventType.SECURITY_EVENT, new JsonObject().put("type", type)
        .put("timestamp", timestamp.toString()).put("techInfo", techInfo));
    return core.chargers().recordSecurityEvent(c.id(), conn.chargePointId(), type, techInfo, timestamp);
  }

  /** Anything else kept in the charger's event log and published under {@code type}. */
  public Future<Void> record(ChargerConnection conn, EventType type, JsonObject payload) {
    publish(conn, type, payload.copy());
    return core.chargers().recordEvent(conn.charger().id(), type.wire(), payload);
  }

  private void publish(ChargerConnection conn, EventType type, JsonObject data) {
    ChargerRecord c = conn.charger();
    data.put("chargerId", c.id().toString()).put("chargePointId", conn.chargePointId());
    core.events().publish(type, c.networkId(), conn.chargePointId(), core.clock().instant(), data);
  }
}
