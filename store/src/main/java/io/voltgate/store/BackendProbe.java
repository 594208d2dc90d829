package io.voltgate.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.Objects;

/** Whether Postgres and Redis answer at all: the cheapest round trip to each, for readiness checks. */
public final class BackendProbe {

  private final Pool pg;
  private final Redis redis;

  public BackendProbe(Pool pg, Redis redis) {
    this.pg = Objects.requireNonNull(pg);
    this.redis = Objects.requireNonNull(redis);
  }

  public Future<Void> postgres() {
    return pg.query("SELECT 1").execute().mapEmpty();
  }

  public Future<Void> redis() {
    return redis.send(Request.cmd(Command.PING)).mapEmpty();
  }
}
