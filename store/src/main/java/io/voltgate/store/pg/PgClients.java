package io.voltgate.store.pg;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the reactive Postgres pool. Pools with the same name are shared across verticles. */
public final class PgClients {

  private PgClients() {
  }

  /** Wait-queue bound of pools created without one (small pools of tools and start-up steps). */
  public static final int DEFAULT_MAX_WAIT_QUEUE = 100_000;

  public static Pool pool(Vertx vertx, String pgUrl, int maxSize) {
    return pool(vertx, pgUrl, maxSize, DEFAULT_MAX_WAIT_QUEUE);
  }

  /**
   * A pool of the calling verticle's own (not the shared one), on its event loop. Its life is the
   * verticle's: another verticle's undeployment never closes it, so a stop() can still flush through
   * it. (A shared pool lives on the context of the verticle that created it first.)
   */
  public static Pool ownPool(Vertx vertx, String pgUrl, int maxSize, int maxWaitQueue) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setMaxWaitQueueSize(maxWaitQueue))
        .connectingTo(connectOptions(pgUrl)).using(vertx).build();
  }

  private static PgConnectOptions connectOptions(String pgUrl) {
    return PgConnectOptions.fromUri(pgUrl).setCachePreparedStatements(true).setPipeliningLimit(256);
  }

  /**
   * The process-wide pool (shared by name: the first caller's sizes win). Requests beyond
   * {@code maxWaitQueue} waiting for a connection fail at once.
   */
  public static Pool pool(Vertx vertx, String pgUrl, int maxSize, int maxWaitQueue) {
    PgConnectOptions connect = connectOptions(pgUrl);
    PoolOptions pool = new PoolOptions()
        .setMaxSize(maxSize)
        .setShared(true)
        .setName("voltgate-pg")
        .setMaxWaitQueueSize(maxWaitQueue);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }
}
