package io.voltgate.gateway.connection;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.store.commands.CommandAddresses;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.EventType;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.redis.LiveStateStore;
import java.time.Clock;
import java.util.Objects;

/**
 * What the rest of the deployment learns about a settled connection: the connection registry in
 * Redis (which node holds the charger, when it was last heard), the close of a stale socket another
 * node still holds, and the {@code charger.online} / {@code charger.offline} events.
 */
public final class ChargerPresence {

  private final String nodeId;
  private final Clock clock;
  private final LiveStateStore liveState;
  private final EventPublisher events;
  private final Redis redis;

  public ChargerPresence(String nodeId, Clock clock, LiveStateStore liveState, EventPublisher events, Redis redis) {
    this.nodeId = Objects.requireNonNull(nodeId);
    this.clock = Objects.requireNonNull(clock);
    this.liveState = Objects.requireNonNull(liveState);
    this.events = Objects.requireNonNull(events);
    this.redis = Objects.requireNonNull(redis);
  }

  /** Registers the connection as the charger's and announces it online. */
  void online(ChargerConnection conn) {
    String cp = conn.chargePointId();
    String connId = conn.connectionId();
    liveState.connected(cp, nodeId, connId, conn.version().subprotocol(), conn.remoteAddress(), clock.millis())
        .onSuccess(owner -> {
          if (owner != null && !nodeId.equals(owner)) {
            // The charger was connected to another node a moment ago: close the stale socket there.
            redis.send(Request.cmd(Command.PUBLISH).arg(CommandAddresses.commandChannel(owner))
                .arg(new JsonObject().put("kick", new JsonObject().put("cp", cp).put("connId", connId)).encode()));
          }
        });
    ChargerRecord charger = conn.charger();
    if (charger != null) {
      events.publish(EventType.CHARGER_ONLINE, charger.networkId(), cp, clock.instant(), new JsonObject()
          .put("chargerId", charger.id().toString()).put("chargePointId", cp)
          .put("ocppVersion", conn.version().label()).put("node", nodeId));
    }
  }

  /** A frame came in at {@code nowMs}. */
  void seen(String chargePointId, long nowMs) {
    liveState.seen(chargePointId, nowMs, false);
  }

  /** Removes the connection from the registry (if still its entry) and announces the charger offline. */
  void offline(ChargerConnection conn, Short code) {
    String cp = conn.chargePointId();
    liveState.disconnected(cp, nodeId, conn.connectionId());
    ChargerRecord charger = conn.charger();
    if (charger != null) {
      events.publish(EventType.CHARGER_OFFLINE, charger.networkId(), cp, clock.instant(), new JsonObject()
          .put("chargerId", charger.id().toString()).put("chargePointId", cp)
          .put("closeCode", code == null ? null : (int) code).put("node", nodeId));
    }
  }
}
