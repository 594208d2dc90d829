package io.voltgate.store;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.embedded.EmbeddedCredentials;
import io.voltgate.store.embedded.EmbeddedPostgresServer;
import io.voltgate.store.embedded.EmbeddedRedisServer;
import io.voltgate.store.pg.Migrations;
import io.voltgate.store.pg.PgClients;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres and Redis this process talks to: external ones when configured, otherwise embedded
 * servers started here (and stopped by {@link #close()}). Starting also applies the Flyway
 * migrations. Blocking: call at start-up, off any event loop.
 */
public final class Backends implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private final String pgUrl;
  private final String redisUrl;
  private final BackendOptions options;
  private final EmbeddedPostgresServer embeddedPostgres;
  private final EmbeddedRedisServer embeddedRedis;

  private Backends(BackendOptions options, String pgUrl, String redisUrl,
      EmbeddedPostgresServer embeddedPostgres, EmbeddedRedisServer embeddedRedis) {
    this.options = options;
    this.pgUrl = Objects.requireNonNull(pgUrl);
    this.redisUrl = Objects.requireNonNull(redisUrl);
    this.embeddedPostgres = embeddedPostgres;
    this.embeddedRedis = embeddedRedis;
  }

  /** Starts what is not configured externally, then migrates the database. */
  public static Backends start(BackendOptions options) {
    EmbeddedPostgresServer pg = null;
    EmbeddedRedisServer redis = null;
    try {
      EmbeddedCredentials credentials = options.pgUrl().isEmpty() || options.redisUrl().isEmpty()
          ? EmbeddedCredentials.loadOrCreate(options.dataDir()) : null;
      if (options.pgUrl().isEmpty()) {
        pg = EmbeddedPostgresServer.start(options.dataDir().resolve("postgres"), options.embeddedPgPort(),
            options.embeddedPgDurable(), credentials.postgresPassword());
      }
      if (options.redisUrl().isEmpty()) {
        redis = EmbeddedRedisServer.start(options.embeddedRedisPort(), credentials.redisPassword());
      }
      if (credentials != null) {
        LOG.info("embedded backends' passwords are in {} (postgres.password for user postgres, redis.password);"
            + " other processes need them in VOLTGATE_PG_URL / VOLTGATE_REDIS_URL", credentials.file().toAbsolutePath());
      }
      String pgUrl = pg != null ? pg.url() : options.pgUrl().get();
      String redisUrl = redis != null ? redis.url() : options.redisUrl().get();
      Migrations.migrate(pgUrl);
      return new Backends(options, pgUrl, redisUrl, pg, redis);
    } catch (RuntimeException e) {
      if (redis != null) {
        redis.close();
      }
      if (pg != null) {
        pg.close();
      }
      throw e;
    }
  }

  /** Postgres URI ({@code postgresql://user[:password]@host:port/db}). */
  public String pgUrl() {
    return pgUrl;
  }

  /** Redis URI ({@code redis://[:password@]host:port}). */
  public String redisUrl() {
    return redisUrl;
  }

  /** The process-wide Postgres pool with the configured size and wait-queue bound. */
  public Pool pgPool(Vertx vertx) {
    return PgClients.pool(vertx, pgUrl(), options.pgPoolSize(), options.pgMaxWaitQueue());
  }

  public BackendOptions options() {
    return options;
  }

  public boolean embedded() {
    return embeddedPostgres != null || embeddedRedis != null;
  }

  /** Stops embedded servers (external ones are left alone). Idempotent enough for shutdown hooks. */
  @Override
  public synchronized void close() {
    if (embeddedRedis != null) {
      embeddedRedis.close();
    }
    if (embeddedPostgres != null) {
      embeddedPostgres.close();
    }
    LOG.debug("backends closed");
  }
}
