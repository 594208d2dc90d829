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

  public static Pool pool(Vertx vertx, String pgUrl, int maxSize) {
    PgConnectOptions connect = PgConnectOptions.fromUri(pgUrl)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    PoolOptions pool = new PoolOptions()
        .setMaxSize(maxSize)
        .setShared(true)
        .setName("voltgate-pg")
        .setMaxWaitQueueSize(10_000);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }
}
