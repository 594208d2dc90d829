package io.voltgate.store.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.store.redis.RedisKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Tells every node that chargers changed (created, deleted, decommissioned, credentials or security
 * profile changed): their Redis identity entries are dropped and a message on
 * {@link RedisKeys#CHARGER_CHANGES} makes each node forget its cached copy and re-check open
 * sockets. Call after the change is committed in Postgres.
 */
public final class ChargerChanges {

  private final Redis redis;

  public ChargerChanges(Redis redis) {
    this.redis = Objects.requireNonNull(redis);
  }

  /** Kind of change: a new charger only makes "unknown" answers stale; any other change makes all of them stale. */
  public static final String CREATED = "created";
  public static final String CHANGED = "changed";

  /** Completes when Redis took the invalidation; fails when Redis is unreachable. */
  public Future<Void> changed(String chargePointId) {
    return announce(List.of(chargePointId), CHANGED);
  }

  public Future<Void> changed(Collection<String> chargePointIds) {
    return announce(chargePointIds, CHANGED);
  }

  /** A charger was created: nodes that remember its id as unknown forget that. */
  public Future<Void> created(String chargePointId) {
    return announce(List.of(chargePointId), CREATED);
  }

  /** Chargers were created (one Redis batch for all of them). */
  public Future<Void> created(Collection<String> chargePointIds) {
    return announce(chargePointIds, CREATED);
  }

  private Future<Void> announce(Collection<String> chargePointIds, String kind) {
    if (chargePointIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Request> batch = new ArrayList<>();
    for (String cp : chargePointIds) {
      if (CHANGED.equals(kind)) {
        batch.add(Request.cmd(Command.DEL).arg(RedisKeys.identity(cp)));
      }
      batch.add(Request.cmd(Command.PUBLISH).arg(RedisKeys.CHARGER_CHANGES)
          .arg(new JsonObject().put("cp", cp).put("kind", kind).encode()));
    }
    return redis.batch(batch).mapEmpty();
  }
}
