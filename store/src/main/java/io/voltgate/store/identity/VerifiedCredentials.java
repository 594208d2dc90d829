package io.voltgate.store.identity;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.RedisWriteBuffer;
import java.util.Objects;

/**
 * Basic-auth credentials already verified by bcrypt: in the process's {@link IdentityCache}, and as
 * the same keyed digest in Redis, so a charger reconnecting to another node or to a restarted one is
 * not bcrypt-checked again (a storm after a restart would otherwise cost one bcrypt per charger). The
 * digest's key is derived from the deployment's secret key, which Redis never holds: a copy of Redis
 * gives no cheaper way to guess passwords than the bcrypt hashes in Postgres. One instance per event
 * loop (it uses that loop's pipelined Redis writer).
 */
public final class VerifiedCredentials {

  /** As long as a charger's identity stays in Redis; a later reconnect pays one bcrypt again. */
  private static final long REDIS_TTL_S = 24 * 3600;

  private final IdentityCache cache;
  private final RedisWriteBuffer pipeline;

  public VerifiedCredentials(IdentityCache cache, RedisWriteBuffer pipeline) {
    this.cache = Objects.requireNonNull(cache);
    this.pipeline = Objects.requireNonNull(pipeline);
  }

  /** True when this process verified the pair before (no I/O). */
  public boolean verifiedHere(String chargePointId, String passwordHash, String password) {
    return cache.wasVerified(chargePointId, passwordHash, password);
  }

  /**
   * True when this process or any node with the same secret key verified the pair before; a Redis
   * failure answers false (the caller checks by bcrypt).
   */
  public Future<Boolean> verifiedAnywhere(String chargePointId, String passwordHash, String password) {
    if (cache.wasVerified(chargePointId, passwordHash, password)) {
      return Future.succeededFuture(true);
    }
    String digest = cache.credentialDigest(passwordHash, password);
    return pipeline.send(Request.cmd(Command.GET).arg(RedisKeys.verifiedCredential(chargePointId)))
        .map(stored -> {
          boolean same = stored != null && digest.equals(stored.toString());
          if (same) {
            cache.rememberVerified(chargePointId, digest);
          }
          return same;
        })
        .otherwise(false);
  }

  /** Remembers a pair bcrypt just verified, here and in Redis. */
  public void verified(String chargePointId, String passwordHash, String password) {
    String digest = cache.credentialDigest(passwordHash, password);
    cache.rememberVerified(chargePointId, digest);
    // A lost write only costs one more bcrypt later.
    pipeline.add(remember(chargePointId, digest));
  }

  /**
   * The Redis write that makes every node take {@code digest} as verified for {@code chargePointId}
   * (also sent by the API for a password it generated: it knows the password, so no bcrypt check of
   * it is needed to trust it).
   */
  public static Request remember(String chargePointId, String digest) {
    return Request.cmd(Command.SET).arg(RedisKeys.verifiedCredential(chargePointId)).arg(digest)
        .arg("EX").arg(REDIS_TTL_S);
  }
}
