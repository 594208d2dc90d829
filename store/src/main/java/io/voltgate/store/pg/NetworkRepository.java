package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.Network;
import io.voltgate.store.query.Page;
import io.voltgate.store.query.Paging;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Networks: the tenant boundary of every charger, location, session and key. */
public final class NetworkRepository {

  /** Serialises first-network creation across processes ("voltgate" in ASCII). */
  private static final long DEFAULT_NETWORK_LOCK = 0x766f6c7467617465L;

  private final Pool pg;

  public NetworkRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  private static final String COLUMNS = "id, name, currency, country, created_at, updated_at";

  /** Creates a network; completes with it. */
  public Future<Network> create(String name, String currency, String country) {
    return pg.preparedQuery("INSERT INTO networks (id, name, currency, country) VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS)
        .execute(Tuple.of(UUID.randomUUID(), name, currency, country))
        .map(rows -> toNetwork(rows.iterator().next()));
  }

  /** Live networks, oldest first. */
  public Future<Page<Network>> page(int limit, int offset) {
    return Paging.page(pg, COLUMNS, "FROM networks WHERE deleted_at IS NULL", "created_at, id", Tuple.tuple(),
        limit, offset, NetworkRepository::toNetwork);
  }

  /** A live network, or empty. */
  public Future<Optional<Network>> find(UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM networks WHERE id = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toNetwork(rows.iterator().next())));
  }

  /**
   * Changes the given fields of a live network (a null argument leaves the field; {@code clearCountry}
   * clears the country); completes with the network after the change, or empty when there is none.
   */
  public Future<Optional<Network>> update(UUID id, String name, String currency, String country, boolean clearCountry) {
    return pg.preparedQuery("UPDATE networks SET name = COALESCE($2, name), currency = COALESCE($3, currency),"
            + " country = CASE WHEN $5 THEN NULL ELSE COALESCE($4, country) END, updated_at = now()"
            + " WHERE id = $1 AND deleted_at IS NULL RETURNING " + COLUMNS)
        .execute(Tuple.of(id, name, currency, country, clearCountry))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toNetwork(rows.iterator().next())));
  }

  /** What a soft delete found. */
  public enum Deletion { DELETED, NOT_FOUND, HAS_CHARGERS }

  /** Soft-deletes a live network that has no live chargers. */
  public Future<Deletion> softDelete(UUID id) {
    return pg.preparedQuery("WITH target AS (SELECT id, EXISTS (SELECT 1 FROM chargers c WHERE c.network_id = n.id"
            + " AND c.deleted_at IS NULL) AS busy FROM networks n WHERE n.id = $1 AND n.deleted_at IS NULL FOR UPDATE),"
            + " gone AS (UPDATE networks SET deleted_at = now(), updated_at = now() WHERE id IN"
            + " (SELECT id FROM target WHERE NOT busy) RETURNING id)"
            + " SELECT (SELECT busy FROM target) AS busy, (SELECT count(*) FROM gone) AS deleted")
        .execute(Tuple.of(id))
        .map(rows -> {
          Row r = rows.iterator().next();
          Boolean busy = r.getBoolean("busy");
          return busy == null ? Deletion.NOT_FOUND : busy ? Deletion.HAS_CHARGERS : Deletion.DELETED;
        });
  }

  private static Network toNetwork(Row r) {
    return new Network(r.getUUID("id"), r.getString("name"), r.getString("currency"), r.getString("country"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
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
