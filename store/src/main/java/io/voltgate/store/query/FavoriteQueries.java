package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A driver's favourites: published locations and public chargers (at published locations) of the
 * driver's network. A favourite whose target is no longer visible (unpublished, made private,
 * deleted) is not listed, and cannot be saved; it can still be removed. One favourite per driver and
 * target: saving it again answers the existing one.
 */
public final class FavoriteQueries {

  /** What a favourite names. */
  public static final String LOCATION = "location";
  public static final String CHARGER = "charger";

  /** A favourite. */
  public record Favorite(UUID id, String targetType, UUID targetId, String label, OffsetDateTime createdAt) {
  }

  /** A favourite as a save answered it: {@code created} false when the driver had saved the target before. */
  public record Saved(Favorite favorite, boolean created) {
  }

  private static final String COLUMNS = "f.id, f.target_type, f.target_id, f.label, f.created_at";

  private final Pool pg;

  public FavoriteQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * Whether the target (type, id) is visible to drivers of the network: a live published location, or
   * a live public charger at one. Arguments are SQL expressions.
   */
  static String targetVisible(String network, String type, String id) {
    return "(CASE " + type + " WHEN 'location' THEN EXISTS (SELECT 1 FROM locations l WHERE l.id = " + id
        + " AND l.network_id = " + network + " AND l.deleted_at IS NULL AND l.is_published)"
        + " WHEN 'charger' THEN EXISTS (SELECT 1 FROM chargers c JOIN locations l ON l.id = c.location_id"
        + " WHERE c.id = " + id + " AND c.network_id = " + network + " AND c.deleted_at IS NULL AND c.is_public"
        + " AND l.deleted_at IS NULL AND l.is_published) ELSE false END)";
  }

  private static String visible(Scope scope) {
    return scope.ownedPredicate("f.network_id", "f.driver_id", 1);
  }

  /** The scope's favourites whose target is still visible, newest first. */
  public Future<Page<Favorite>> page(Scope scope, int limit, int offset) {
    return Paging.page(pg, COLUMNS, "FROM driver_favorites f WHERE " + visible(scope) + " AND "
            + targetVisible("f.network_id", "f.target_type", "f.target_id"), "f.created_at DESC, f.id",
        Tuple.of(scope.networkBind(), scope.driverId()), limit, offset, FavoriteQueries::favorite);
  }

  /**
   * Saves a target for the driver of the scope (a driver scope only); completes with the new
   * favourite, or the existing one when the driver saved the target before, or empty when the target
   * is not visible to the driver (another network's, unpublished, private, unknown).
   */
  public Future<Optional<Saved>> save(Scope scope, UUID id, String targetType, UUID targetId, String label) {
    Scope.Driver d = scope.requireDriver();
    return pg.preparedQuery("WITH ins AS (INSERT INTO driver_favorites (id, network_id, driver_id, target_type,"
            + " target_id, label) SELECT $1, $2, $3, $4, $5, $6 WHERE " + targetVisible("$2::uuid", "$4::text", "$5::uuid")
            + " ON CONFLICT (driver_id, target_type, target_id) DO NOTHING"
            + " RETURNING id, target_type, target_id, label, created_at)"
            + " SELECT " + COLUMNS + ", true AS created FROM ins f")
        .execute(Tuple.from(Arrays.asList(id, d.networkId(), d.driverId(), targetType, targetId, label)))
        .compose(rows -> {
          Optional<Row> inserted = Rows.first(rows);
          if (inserted.isPresent()) {
            return Future.succeededFuture(Optional.of(new Saved(favorite(inserted.get()), true)));
          }
          // Saved before (or by a concurrent twin, hence a fresh read), or not visible.
          return existing(d, targetType, targetId).map(found -> found.map(f -> new Saved(f, false)));
        });
  }

  private Future<Optional<Favorite>> existing(Scope.Driver d, String targetType, UUID targetId) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM driver_favorites f WHERE f.driver_id = $2"
            + " AND f.network_id = $1 AND f.target_type = $3 AND f.target_id = $4 AND "
            + targetVisible("f.network_id", "f.target_type", "f.target_id"))
        .execute(Tuple.of(d.networkId(), d.driverId(), targetType, targetId))
        .map(rows -> Rows.first(rows).map(FavoriteQueries::favorite));
  }

  /** Removes a favourite of the scope; false when there is none. */
  public Future<Boolean> delete(Scope scope, UUID id) {
    return pg.preparedQuery("DELETE FROM driver_favorites f WHERE f.id = $3 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), id))
        .map(rows -> rows.rowCount() > 0);
  }

  private static Favorite favorite(Row r) {
    return new Favorite(r.getUUID("id"), r.getString("target_type"), r.getUUID("target_id"), r.getString("label"),
        r.getOffsetDateTime("created_at"));
  }
}
