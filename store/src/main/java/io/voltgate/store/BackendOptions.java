package io.voltgate.store;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Postgres and Redis are. An empty URL means: start the embedded server.
 *
 * @param pgUrl external Postgres URI, or empty for embedded
 * @param redisUrl external Redis URI, or empty for embedded
 * @param dataDir root of locally kept data (embedded Postgres lives in {@code dataDir/postgres})
 * @param embeddedPgDurable embedded Postgres with fsync and synchronous_commit on (the default);
 *     false only for throw-away test databases
 */
public record BackendOptions(
    Optional<String> pgUrl,
    Optional<String> redisUrl,
    Path dataDir,
    int embeddedPgPort,
    int embeddedRedisPort,
    int pgPoolSize,
    int redisPoolSize,
    int pgMaxWaitQueue,
    boolean embeddedPgDurable) {

  /** Durable embedded Postgres. */
  public BackendOptions(Optional<String> pgUrl, Optional<String> redisUrl, Path dataDir, int embeddedPgPort,
      int embeddedRedisPort, int pgPoolSize, int redisPoolSize, int pgMaxWaitQueue) {
    this(pgUrl, redisUrl, dataDir, embeddedPgPort, embeddedRedisPort, pgPoolSize, redisPoolSize, pgMaxWaitQueue, true);
  }

  public static BackendOptions from(Settings settings) {
    return new BackendOptions(
        settings.get(ConfigKey.PG_URL),
        settings.get(ConfigKey.REDIS_URL),
        Path.of(settings.string(ConfigKey.DATA_DIR)),
        settings.integer(ConfigKey.EMBEDDED_PG_PORT, 0, 65535),
        settings.integer(ConfigKey.EMBEDDED_REDIS_PORT, 0, 65535),
        settings.integer(ConfigKey.PG_POOL_SIZE, 1, 1000),
        settings.integer(ConfigKey.REDIS_POOL_SIZE, 1, 1000),
        settings.integer(ConfigKey.PG_MAX_WAIT_QUEUE, 1, 10_000_000),
        settings.bool(ConfigKey.EMBEDDED_PG_DURABLE));
  }
}
