package io.voltgate.gateway.core;

import java.time.Clock;
import io.voltgate.store.redis.LiveStateStore;
import io.voltgate.store.redis.EventPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.ConnectorStatus;
import io.voltgate.store.model.EventType;
import io.voltgate.store.pg.ChargerStateWriter;
import java.util.Objects;

/**
 * Charger and connector statuses: current value in Redis and an event at once; history and the
 * connector row in Postgres through the batched writer (latest status wins), never awaited. A report
 * the full writer cannot take is still answered (Redis has it); the writer counts it as dropped.
 */
public final class StatusService {

  private final Clock clock;
  private final LiveStateStore liveState;
  private final EventPublisher events;
  private final ChargerStateWriter writer;

  public StatusService(Clock clock, LiveStateStore liveState, EventPublisher events, ChargerStateWriter writer) {
    this.clock = Objects.requireNonNull(clock);
    this.liveState = Objects.requireNonNull(liveState);
    this.events = Objects.requireNonNull(events);
    this.writer = Objects.requireNonNull(writer);
  }

  public Future<Void> report(ChargerConnection conn, ConnectorStatus status) {
    ChargerRecord charger = conn.charger();
    liveState.status(conn.chargePointId(), status);
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
    events.publish(status.wholeCharger() ? EventType.CHARGER_STATUS : EventType.CONNECTOR_STATUS,
        charger.networkId(), conn.chargePointId(), clock.instant(), data);
    writer.status(charger.id(), status);
    return Future.succeededFuture();
  }
}
