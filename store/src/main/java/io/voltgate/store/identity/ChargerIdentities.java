package io.voltgate.store.identity;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.RedisWriteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds chargers by chargePointId for the handshake: the process cache first, then the charger's
 * identity hash in Redis, then Postgres (which refills both). One instance per event loop (it uses
 * that loop's clients); the cache behind it is shared by the process.
 */
public final class ChargerIdentities {

  private static final long REDIS_TTL_S = 24 * 3600;

  private final IdentityCache cache;
  private final RedisWriteBuffer pipeline;
  private final ChargerRepository chargers;
  private final ChargerChanges changes;

  /**
   * @param pipeline the event loop's pipelined Redis writer: lookups and refills ride in its batches
   *     instead of taking a pooled connection each (under a storm the pool's queue was the wait)
   */
  public ChargerIdentities(IdentityCache cache, RedisWriteBuffer pipeline, ChargerRepository chargers,
      ChargerChanges changes) {
    this.cache = Objects.requireNonNull(cache);
    this.pipeline = Objects.requireNonNull(pipeline);
    this.chargers = Objects.requireNonNull(chargers);
    this.changes = Objects.requireNonNull(changes);
  }

  /** The cached answer without any I/O: a charger, empty for a known-unknown id, null when not cached. */
  public Optional<ChargerRecord> cached(String chargePointId) {
    return cache.get(chargePointId);
  }

  /**
   * The live charger with this id, if any. Completes from the cache without I/O when it can; fails
   * only when neither Redis nor Postgres could answer.
   */
  public Future<Optional<ChargerRecord>> find(String chargePointId) {
    Optional<ChargerRecord> hit = cache.get(chargePointId);
    if (hit != null) {
      return Future.succeededFuture(hit);
    }
    return findInBackends(chargePointId);
  }

  /**
   * As {@link #find}, but asks Redis and Postgres even when the process cache answers: for a socket
   * that brings credentials under an id the cache does not know (it expects to be known; a change
   * notice may not have reached this node yet).
   */
  public Future<Optional<ChargerRecord>> findInBackends(String chargePointId) {
    Optional<ChargerRecord> hit = cache.get(chargePointId);
    if (hit != null && hit.isPresent()) {
      return Future.succeededFuture(hit);
    }
    return fromRedis(chargePointId).compose(fromRedis -> {
      if (fromRedis != null) {
        return Future.succeededFuture(Optional.of(fromRedis));
      }
      return chargers.findByChargePointId(chargePointId).map(found -> {
        cache.put(chargePointId, found);
        found.ifPresent(this::storeInRedis);
        return found;
      });
    });
  }

  /**
   * Chargers this node just registered (or found registered while trying to): cached, stored in
   * Redis, and announced in one message batch, so no node keeps answering "unknown" for them.
   */
  public void registered(java.util.Collection<ChargerRecord> registered) {
    for (ChargerRecord c : registered) {
      cache.put(c.chargePointId(), Optional.of(c));
      storeInRedis(c);
    }
    // Nobody waits for the notice: other nodes load the chargers when it arrives.
    changes.created(registered.stream().map(ChargerRecord::chargePointId).toList());
  }

  /** What Postgres answered for ids the cache did not know: remembered either way. */
  public void lookedUp(String chargePointId, Optional<ChargerRecord> found) {
    cache.put(chargePointId, found);
    found.ifPresent(this::storeInRedis);
  }

  /** The charger's record changed in a way only this node saw first (e.g. boot info): refresh the caches. */
  public void updated(ChargerRecord charger) {
    cache.put(charger.chargePointId(), Optional.of(charger));
    storeInRedis(charger);
  }

  private void storeInRedis(ChargerRecord c) {
    String key = RedisKeys.identity(c.chargePointId());
    Request hset = Request.cmd(Command.HSET).arg(key)
        .arg("id").arg(c.id().toString())
        .arg("network").arg(c.networkId().toString())
        .arg("status").arg(c.registrationStatus())
        .arg("profile").arg(c.securityProfile());
    optional(hset, "pw", c.passwordHash());
    optional(hset, "vendor", c.vendor());
    optional(hset, "model", c.model());
    optional(hset, "fw", c.firmwareVersion());
    // A lost write only costs a later Postgres read.
    pipeline.add(Request.cmd(Command.DEL).arg(key));
    pipeline.add(hset);
    pipeline.add(Request.cmd(Command.EXPIRE).arg(key).arg(REDIS_TTL_S));
  }

  private static void optional(Request hset, String field, String value) {
    if (value != null) {
      hset.arg(field).arg(value);
    }
  }

  /** The charger from its Redis identity hash (then cached), or null: no entry, or Redis failed. */
  private Future<ChargerRecord> fromRedis(String chargePointId) {
    return pipeline.send(Request.cmd(Command.HGETALL).arg(RedisKeys.identity(chargePointId)))
        .map(hash -> {
          ChargerRecord found = parse(chargePointId, hash);
          if (found != null) {
            cache.put(chargePointId, Optional.of(found));
          }
          return found;
        })
        .otherwise((ChargerRecord) null);
  }

  /** Null when Redis has no complete entry (then Postgres is asked). */
  private static ChargerRecord parse(String chargePointId, Response response) {
    Map<String, String> hash = new HashMap<>();
    if (response != null) {
      for (String key : response.getKeys()) {
        Response v = response.get(key);
        if (v != null) {
          hash.put(key, v.toString());
        }
      }
    }
    if (!hash.containsKey("id") || !hash.containsKey("network") || !hash.containsKey("status")
        || !hash.containsKey("profile")) {
      return null;
    }
    return new ChargerRecord(UUID.fromString(hash.get("id")), UUID.fromString(hash.get("network")), chargePointId,
        hash.get("status"), Integer.parseInt(hash.get("profile")), hash.get("pw"), hash.get("vendor"),
        hash.get("model"), hash.get("fw"));
  }
}
