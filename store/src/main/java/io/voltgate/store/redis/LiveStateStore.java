package io.voltgate.store.redis;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.store.model.ConnectorStatus;
import java.util.Objects;

/**
 * Writes the live state of chargers to Redis (layout in {@link RedisKeys}); every write goes through
 * the verticle's {@link RedisWriteBuffer}, so a message's writes travel in one pipelined batch.
 */
public final class LiveStateStore {

  /** Deletes the connection entry only if it still belongs to the given connection id. */
  private static final String DELETE_IF_OWNER =
      "if redis.call('HGET', KEYS[1], 'connId') == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  /**
   * Replaces the connection entry and answers the node named by the entry it replaced (nil if
   * none): one pipelined command instead of a read and a write at every connect.
   */
  private static final String REPLACE_CONNECTION = "local prev = redis.call('HGET', KEYS[1], 'node')"
      + " redis.call('DEL', KEYS[1])"
      + " redis.call('HSET', KEYS[1], 'node', ARGV[1], 'connId', ARGV[2], 'protocol', ARGV[3],"
      + " 'remote', ARGV[4], 'connectedAt', ARGV[5], 'lastSeen', ARGV[5])"
      + " return prev";

  private final RedisWriteBuffer buffer;

  public LiveStateStore(RedisWriteBuffer buffer) {
    this.buffer = Objects.requireNonNull(buffer);
  }

  /**
   * The charger's socket is now held by {@code nodeId}; replaces any previous owner entry. Completes
   * with the node that held the replaced entry, or null when there was none (or Redis failed).
   */
  public Future<String> connected(String cp, String nodeId, String connId, String protocol, String remote, long nowMs) {
    // The node's own index of its chargers, so that another node can clean up after it dies.
    buffer.add(Request.cmd(Command.SADD).arg(RedisKeys.nodeConnections(nodeId)).arg(cp));
    return buffer.send(Request.cmd(Command.EVAL).arg(REPLACE_CONNECTION).arg(1).arg(RedisKeys.connection(cp))
            .arg(nodeId).arg(connId).arg(protocol).arg(remote).arg(nowMs))
        .map(previous -> previous == null ? null : previous.toString())
        .otherwise((String) null);
  }

  /**
   * The connection closed; leaves the entry alone if a newer connection already replaced it. When
   * the entry was this connection's, the charger also leaves {@code nodeId}'s index of its chargers.
   */
  public void disconnected(String cp, String nodeId, String connId) {
    buffer.send(Request.cmd(Command.EVAL).arg(DELETE_IF_OWNER).arg(1).arg(RedisKeys.connection(cp)).arg(connId))
        .onSuccess(deleted -> {
          if (deleted != null && deleted.toLong() == 1L) {
            buffer.add(Request.cmd(Command.SREM).arg(RedisKeys.nodeConnections(nodeId)).arg(cp));
          }
        });
  }

  /** Any message from the charger; {@code heartbeat} also moves lastHeartbeat. */
  public void seen(String cp, long nowMs, boolean heartbeat) {
    Request r = Request.cmd(Command.HSET).arg(RedisKeys.connection(cp)).arg("lastSeen").arg(nowMs);
    if (heartbeat) {
      r.arg("lastHeartbeat").arg(nowMs);
    }
    buffer.add(r);
  }

  /** Charger (evse 0) or connector status. */
  public void status(String cp, ConnectorStatus s) {
    String field = s.wholeCharger() ? "0" : s.evseId() + "/" + s.connectorId();
    JsonObject value = new JsonObject()
        .put("status", s.status())
        .put("errorCode", s.errorCode())
        .put("info", s.info())
        .put("vendorErrorCode", s.vendorErrorCode())
        .put("ts", s.timestamp().toString());
    buffer.add(Request.cmd(Command.HSET).arg(RedisKeys.status(cp)).arg(field).arg(value.encode()));
  }

  /** Live values of the session running on an EVSE. */
  public void liveValues(String cp, int evseId, JsonObject values) {
    buffer.add(Request.cmd(Command.HSET).arg(RedisKeys.live(cp)).arg(Integer.toString(evseId)).arg(values.encode()));
  }

  /** The session on this EVSE ended. */
  public void clearLive(String cp, int evseId) {
    buffer.add(Request.cmd(Command.HDEL).arg(RedisKeys.live(cp)).arg(Integer.toString(evseId)));
  }
}
