package io.voltgate.gateway.connection;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.store.commands.LocalConnections;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection registry outlives the node that wrote it (one per gateway process).
 *
 * <p>Each gateway node refreshes a liveness key in Redis ({@code vg:node:ID}, expiring after
 * {@code ttlMs}) and is a member of {@code vg:nodes}; each connection entry it writes is also in its
 * index {@code vg:node:ID:conns} (see LiveStateStore). When a node's liveness key has expired (the
 * process was killed, or lost Redis for longer than the TTL), the first other node to see it (a
 * short {@code SET NX} lock) deletes the connection entries that still name the dead node, so the
 * API shows its chargers offline and commands to them answer offline until they reconnect somewhere.
 * At its own start a node removes the entries a previous life under the same id left behind.
 *
 * <p>When the node's own liveness key is found missing at a refresh (Redis restarted empty, or this
 * node was taken for dead after a long pause), the node writes the entries of the sockets it still
 * holds again, so commands reach them without waiting for the chargers to reconnect.
 */
public final class NodeLiveness extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLiveness.class);

  /**
   * Deletes the entry if it names the node and was made before ARGV[2] (ms): answers 1 when deleted,
   * 2 when the entry is gone or names another node (a stale member of the index), else 0.
   */
  private static final String DELETE_IF_NODE =
      "local owner = redis.call('HGET', KEYS[1], 'node')"
      + " if owner ~= ARGV[1] then return 2 end"
      + " local at = tonumber(redis.call('HGET', KEYS[1], 'connectedAt') or '0')"
      + " if at < tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) return 1 end return 0";

  /**
   * Writes the entry of a socket this node holds unless a connection has one (a node field): a
   * message heard since the restart may have made the hash with its lastSeen alone.
   */
  private static final String RESTORE_IF_ABSENT =
      "if redis.call('HEXISTS', KEYS[1], 'node') == 0 then"
      + " redis.call('HSET', KEYS[1], 'node', ARGV[1], 'connId', ARGV[2], 'connectedAt', ARGV[3], 'lastSeen', ARGV[3])"
      + " return 1 end return 0";

  /** Refresh period of the liveness key, and its lifetime: a killed node is swept 15-20 s later. */
  public static final long INTERVAL_MS = 5_000;
  public static final long TTL_MS = 15_000;

  private final String nodeId;
  private final String redisUrl;
  private final long intervalMs;
  private final long ttlMs;
  private final long startedAtMs;
  private Redis redis;
  private LocalConnections local;
  private long timer = -1;
  private boolean firstTick = true;
  private boolean ticking;

  public NodeLiveness(String nodeId, String redisUrl, long intervalMs, long ttlMs) {
    this.nodeId = Objects.requireNonNull(nodeId);
    this.redisUrl = Objects.requireNonNull(redisUrl);
    if (ttlMs < 2 * intervalMs) {
      throw new IllegalArgumentException("the liveness TTL must cover at least two refreshes");
    }
    this.intervalMs = intervalMs;
    this.ttlMs = ttlMs;
    this.startedAtMs = System.currentTimeMillis();
  }

  @Override
  public Future<?> start() {
    redis = RedisClients.client(vertx, redisUrl, 2);
    local = LocalConnections.of(vertx);
    timer = vertx.setPeriodic(0, intervalMs, id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    if (ticking) {
      return;
    }
    ticking = true;
    refresh().compose(previous -> {
      boolean first = firstTick;
      firstTick = false;
      Future<?> own = Future.succeededFuture();
      if (first) {
        // A previous process under this id may have left entries: those made before this start go.
        own = sweep(nodeId, startedAtMs, false);
      } else if (previous == null) {
        own = restoreLocal();
      }
      return own.compose(x -> sweepDeadNodes());
    }).onComplete(ar -> {
      ticking = false;
      if (ar.failed()) {
        LOG.debug("node liveness tick failed: {}", ar.cause().getMessage());
      }
    });
  }

  /** Refreshes this node's liveness key; completes with its previous value (null: it was missing). */
  private Future<Response> refresh() {
    return redis.batch(List.of(
            Request.cmd(Command.SET).arg(RedisKeys.node(nodeId)).arg(Long.toString(System.currentTimeMillis()))
                .arg("PX").arg(ttlMs).arg("GET"),
            Request.cmd(Command.SADD).arg(RedisKeys.NODES).arg(nodeId)))
        .map(r -> r.get(0));
  }

  private Future<?> sweepDeadNodes() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.NODES)).compose(members -> {
      List<Future<?>> sweeps = new ArrayList<>();
      for (Response m : members) {
        String other = m.toString();
        if (other.equals(nodeId)) {
          continue;
        }
        sweeps.add(redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.node(other))).compose(exists -> {
          if (exists.toLong() > 0) {
            return Future.<Void>succeededFuture();
          }
          return redis.send(Request.cmd(Command.SET).arg(RedisKeys.nodeSweep(other)).arg(nodeId)
                  .arg("NX").arg("PX").arg(ttlMs))
              .compose(lock -> lock == null ? Future.<Void>succeededFuture() : sweep(other, Long.MAX_VALUE, true));
        }));
      }
      return Future.join(sweeps);
    });
  }

  /**
   * Deletes the connection entries that name {@code node} and were made before {@code beforeMs};
   * a dead node also leaves {@code vg:nodes} with its index.
   */
  private Future<Void> sweep(String node, long beforeMs, boolean dead) {
    String index = RedisKeys.nodeConnections(node);
    return redis.send(Request.cmd(Command.SMEMBERS).arg(index)).compose(members -> {
      if (members == null || members.size() == 0) {
        return dead ? forget(node) : Future.<Void>succeededFuture();
      }
      List<Request> deletes = new ArrayList<>();
      List<String> cps = new ArrayList<>();
      for (Response m : members) {
        String cp = m.toString();
        cps.add(cp);
        deletes.add(Request.cmd(Command.EVAL).arg(DELETE_IF_NODE).arg(1).arg(RedisKeys.connection(cp))
            .arg(node).arg(beforeMs));
      }
      return redis.batch(deletes).compose(results -> {
        int removed = 0;
        List<Request> after = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
          long r = results.get(i) == null ? 0L : results.get(i).toLong();
          if (r == 1L) {
            removed++;
          }
          if (r != 0L && !dead) {
            after.add(Request.cmd(Command.SREM).arg(index).arg(cps.get(i)));
          }
        }
        if (removed > 0 || dead) {
          LOG.info("removed {} connection entr{} of {} node {}", removed, removed == 1 ? "y" : "ies",
              dead ? "dead" : "this process's earlier", node);
        }
        Future<Void> cleaned = after.isEmpty() ? Future.succeededFuture() : redis.batch(after).mapEmpty();
        return dead ? cleaned.compose(x -> forget(node)) : cleaned;
      });
    });
  }

  private Future<Void> forget(String node) {
    return redis.batch(List.of(Request.cmd(Command.DEL).arg(RedisKeys.nodeConnections(node)),
        Request.cmd(Command.SREM).arg(RedisKeys.NODES).arg(node))).mapEmpty();
  }

  /** Writes again the entries of the sockets this process holds (Redis lost them). */
  private Future<?> restoreLocal() {
    List<Request> writes = new ArrayList<>();
    long now = System.currentTimeMillis();
    local.forEach((cp, holder) -> {
      writes.add(Request.cmd(Command.EVAL).arg(RESTORE_IF_ABSENT).arg(1).arg(RedisKeys.connection(cp))
          .arg(nodeId).arg(holder.connectionId()).arg(now));
      writes.add(Request.cmd(Command.SADD).arg(RedisKeys.nodeConnections(nodeId)).arg(cp));
    });
    if (writes.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.warn("this node's liveness key was missing in Redis (Redis restarted, or the node was taken for dead):"
        + " writing the connection entries of its {} open sockets again", writes.size() / 2);
    List<Future<?>> batches = new ArrayList<>();
    for (int i = 0; i < writes.size(); i += 1000) {
      batches.add(redis.batch(writes.subList(i, Math.min(writes.size(), i + 1000))));
    }
    return Future.all(batches);
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    // A graceful stop closes every socket (their entries go with them); the liveness key goes now,
    // so another node sweeps whatever is left at once and forgets this node.
    // Best effort: with Redis already gone the key expires by its TTL, and the stop is not a failure.
    return redis.send(Request.cmd(Command.DEL).arg(RedisKeys.node(nodeId)))
        .recover(e -> {
          LOG.warn("node {}: liveness key not removed at stop ({}); it expires in {} ms", nodeId, e.getMessage(), ttlMs);
          return Future.succeededFuture();
        })
        .eventually(() -> {
          redis.close();
          return Future.succeededFuture();
        });
  }
}
