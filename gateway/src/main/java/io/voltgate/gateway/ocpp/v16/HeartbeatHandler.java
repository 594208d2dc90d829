package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.redis.LiveStateStore;

/**
 * Heartbeat (same payloads in 1.6 and 2.0.1): records the heartbeat in the live state and answers
 * the current time. (Every inbound message also moves the charger's last-seen time.)
 */
public final class HeartbeatHandler implements ActionHandler {

  private final LiveStateStore liveState;

  public HeartbeatHandler(LiveStateStore liveState) {
    this.liveState = liveState;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    liveState.seen(ctx.connection().chargePointId(), ctx.receivedAt().toEpochMilli(), true);
    return Future.succeededFuture(Payloads.object().put("currentTime", Payloads.time(ctx.receivedAt())));
  }
}
