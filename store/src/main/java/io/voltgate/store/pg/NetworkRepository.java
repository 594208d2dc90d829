package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.UUID;

/** Networks: the tenant boundary of every charger, location, session and key. */
public final class NetworkRepository {

  /** Serialises first-network creation across processes ("voltgate" in ASCII). */
  private static final long DEFAULT_NETWORK_LOCK = 0x766f6c7467617465L;

  private final Pool pg;

  public NetworkRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The oldest live network, created as "Default network" when there is none. */
  public Future<UUID> ensureDefault() {
    return pg.withTransaction(NetworkRepository::ensureDefault);
  }

  /** Same, inside the caller's transaction (takes a transaction-scoped advisory lock). */
  public static Future<UUID> ensureDefault(SqlConnection conn) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(DEFAULT_NETWORK_LOCK))
        .compose(ignored -> conn.query(
            "SELECT id FROM networks WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 1").execute())
        .compose(rows -> {
          if (rows.size() > 0) {
            return Future.succeededFuture(rows.iterator().next().getUUID("id"));
          }
          UUID id = UUID.randomUUID();
          return conn.preparedQuery("INSERT INTO networks (id, name) VALUES ($1, 'Default network')")
              .execute(Tuple.of(id)).map(id);
        });
  }

  /**
   * The network the auto-registration policy puts unknown chargers into: the configured one, which
   * must exist; else the only live network (created as "Default network" on an empty database).
   * Several networks and none configured is a configuration error: a charger would otherwise land
   * in whichever network happens to be the oldest.
   */
  public Future<UUID> autoRegisterNetwork(UUID configured, String settingName) {
    if (configured != null) {
      return pg.preparedQuery("SELECT id FROM networks WHERE id = $1 AND deleted_at IS NULL").execute(Tuple.of(configured))
          .compose(rows -> rows.size() == 1 ? Future.succeededFuture(configured)
              : Future.failedFuture(new IllegalStateException(settingName + "=" + configured + " is not a live network")));
    }
    return pg.query("SELECT count(*)::int AS n FROM networks WHERE deleted_at IS NULL").execute()
        .compose(rows -> rows.iterator().next().getInteger("n") > 1
            ? Future.failedFuture(new IllegalStateException("there are several networks: set " + settingName
                + " to the one auto-registered chargers join"))
            : ensureDefault());
  }
}
