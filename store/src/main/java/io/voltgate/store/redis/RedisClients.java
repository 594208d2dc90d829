package io.voltgate.store.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Builds Redis clients for the configured server. */
public final class RedisClients {

  private RedisClients() {
  }

  public static Redis client(Vertx vertx, String redisUrl, int maxPoolSize) {
    return Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(redisUrl)
        .setMaxPoolSize(maxPoolSize)
        .setMaxPoolWaiting(100_000)
        .setMaxWaitingHandlers(100_000));
  }
}
