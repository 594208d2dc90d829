package io.voltgate.store.pg;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway migrations from {@code classpath:db/migration}. The only JDBC use in Voltgate. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  /** Applies pending migrations; idempotent. Blocking. */
  public static MigrateResult migrate(String pgUrl) {
    PgConnectOptions o = PgConnectOptions.fromUri(pgUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    MigrateResult result = Flyway.configure()
        .dataSource(jdbc, o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    LOG.info("database migrated: {} migration(s) applied, schema version {}",
        result.migrationsExecuted, result.targetSchemaVersion);
    return result;
  }
}
