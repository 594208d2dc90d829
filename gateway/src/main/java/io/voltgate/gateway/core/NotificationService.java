package io.voltgate.gateway.core;

import java.time.Clock;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.redis.EventPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.EventType;
import java.time.Instant;
import java.util.Objects;

/** Notifications that update a charger's record and are published as events. */
public final class NotificationService {

  private final Clock clock;
  private final ChargerRepository chargers;
  private final EventPublisher events;

  public NotificationService(Clock clock, ChargerRepository chargers, EventPublisher events) {
    this.clock = Objects.requireNonNull(clock);
    this.chargers = Objects.requireNonNull(chargers);
    this.events = Objects.requireNonNull(events);
  }

  /** Firmware update progress (1.6 FirmwareStatusNotification / SignedFirmwareStatusNotification, 2.0.1). */
  public Future<Void> firmwareStatus(ChargerConnection conn, String status, Integer requestId) {
    ChargerRecord c = conn.charger();
    publish(conn, EventType.FIRMWARE_STATUS, new JsonObject().put("status", status).put("requestId", requestId));
    return chargers.recordFirmwareStatus(c.id(), status);
  }

  /** Diagnostics (1.6) or log (1.6 security, 2.0.1) upload progress. */
  public Future<Void> diagnosticsStatus(ChargerConnection conn, String status, Integer requestId) {
    ChargerRecord c = conn.charger();
    publish(conn, EventType.DIAGNOSTICS_STATUS, new JsonObject().put("status", status).put("requestId", requestId));
    return chargers.recordDiagnosticsStatus(c.id(), status);
  }

  public Future<Void> securityEvent(ChargerConnection conn, String type, Instant timestamp, String techInfo) {
    ChargerRecord c = conn.charger();
    publish(conn, EventType.SECURITY_EVENT, new JsonObject().put("type", type)
        .put("timestamp", timestamp.toString()).put("techInfo", techInfo));
    return chargers.recordSecurityEvent(c.id(), conn.chargePointId(), type, techInfo, timestamp);
  }

  /** Anything else kept in the charger's event log and published under {@code type}. */
  public Future<Void> record(ChargerConnection conn, EventType type, JsonObject payload) {
    publish(conn, type, payload.copy());
    return chargers.recordEvent(conn.charger().id(), type.wire(), payload);
  }

  private void publish(ChargerConnection conn, EventType type, JsonObject data) {
    ChargerRecord c = conn.charger();
    data.put("chargerId", c.id().toString()).put("chargePointId", conn.chargePointId());
    events.publish(type, c.networkId(), conn.chargePointId(), clock.instant(), data);
  }
}
