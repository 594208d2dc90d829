package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Locations (sites): list, detail, create, partial update and a guarded soft delete. */
public final class LocationQueries {

  /** What an update may change. */
  public static final class Field {
    public static final Patch.Field NAME = new Patch.Field("name");
    public static final Patch.Field ADDRESS = new Patch.Field("address");
    public static final Patch.Field CITY = new Patch.Field("city");
    public static final Patch.Field STATE = new Patch.Field("state");
    public static final Patch.Field COUNTRY = new Patch.Field("country");
    public static final Patch.Field POSTAL_CODE = new Patch.Field("postal_code");
    public static final Patch.Field CONTACT_PHONE = new Patch.Field("contact_phone");
    public static final Patch.Field TIMEZONE = new Patch.Field("timezone");
    public static final Patch.Field LATITUDE = new Patch.Field("latitude");
    public static final Patch.Field LONGITUDE = new Patch.Field("longitude");
    public static final Patch.Field UPDATED_AT = new Patch.Field("updated_at");
    public static final Patch.Field PUBLISHED = new Patch.Field("is_published");
    public static final Patch.Field HAS_PARKING = new Patch.Field("has_parking");
    public static final Patch.Field HAS_RESTROOMS = new Patch.Field("has_restrooms");
    public static final Patch.Field HAS_WIFI = new Patch.Field("has_wifi");
    public static final Patch.Field OPENING_HOURS = new Patch.Field("opening_hours");
    public static final Patch.Field IMAGES = new Patch.Field("images");

    private Field() {
    }
  }

  private static final String COLUMNS = "l.id, l.network_id, l.name, l.address, l.city, l.state, l.country,"
      + " l.postal_code, l.contact_phone, l.timezone, l.latitude, l.longitude, l.created_at, l.updated_at,"
      + " (SELECT count(*) FROM chargers c WHERE c.location_id = l.id AND c.deleted_at IS NULL) AS charger_count";

  /** Live chargers attached, and active sessions at the location (location aliased l). */
  private static final String ATTACHED = "EXISTS (SELECT 1 FROM chargers c WHERE c.location_id = l.id AND c.deleted_at IS NULL)";
  private static final String ACTIVE = "EXISTS (SELECT 1 FROM charging_sessions cs JOIN chargers c ON c.id = cs.charger_id"
      + " WHERE c.location_id = l.id AND cs.status = 'ACTIVE')";

  private final Pool pg;

  public LocationQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** A live location of the scope is one with $1 bound to the scope's networks. */
  private static String visible(Scope scope) {
    return "l.deleted_at IS NULL AND " + scope.networkPredicate("l.network_id", 1);
  }

  /** The scope's live locations, oldest first. */
  public Future<Page<Location>> page(Scope scope, int limit, int offset) {
    return Paging.page(pg, COLUMNS, "FROM locations l WHERE " + visible(scope), "l.created_at, l.id",
        Tuple.of(scope.networkBind()), limit, offset, LocationQueries::toLocation);
  }

  /** A live location of the scope, or empty. */
  public Future<Optional<Location>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM locations l WHERE l.id = $2 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toLocation(rows.iterator().next())));
  }

  /** The network of a live location of the scope, or empty. */
  public Future<Optional<UUID>> networkOf(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT l.network_id FROM locations l WHERE l.id = $2 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(rows -> Rows.first(rows).map(r -> r.getUUID("network_id")));
  }

  /**
   * The site (location) a load-balancing request names: the location itself, or the location of the
   * charger with that id; empty when neither exists within the scope.
   */
  public Future<Optional<UUID>> siteOf(Scope scope, UUID locationOrCharger) {
    return pg.preparedQuery("SELECT id FROM (SELECT l.id, l.network_id FROM locations l WHERE l.id = $2 AND l.deleted_at IS NULL"
            + " UNION ALL SELECT l.id, l.network_id FROM chargers c JOIN locations l ON l.id = c.location_id"
            + " WHERE c.id = $2 AND c.deleted_at IS NULL AND l.deleted_at IS NULL) site"
            + " WHERE " + scope.networkPredicate("site.network_id", 1) + " LIMIT 1")
        .execute(Tuple.of(scope.networkBind(), locationOrCharger))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("id")));
  }

  /** Merges settings into the location's load-balancing document (keys given replace, others stay). */
  public Future<Void> mergeLoadBalancing(UUID locationId, io.vertx.core.json.JsonObject settings) {
    return pg.preparedQuery("UPDATE locations SET load_balancing = COALESCE(load_balancing, '{}'::jsonb) || $2,"
            + " updated_at = now() WHERE id = $1")
        .execute(Tuple.of(locationId, settings)).mapEmpty();
  }

  /** Inserts a location on a network the caller has already resolved within its scope. */
  public Future<Void> create(Location.New l) {
    return create(l, new Patch());
  }

  /**
   * Inserts a location on a network the caller has already resolved within its scope, with the
   * optional fields of {@code more} (discovery details: published, amenities, hours, images).
   */
  public Future<Void> create(Location.New l, Patch more) {
    StringBuilder columns = new StringBuilder();
    StringBuilder params = new StringBuilder();
    int n = 12;
    for (String column : more.columns()) {
      columns.append(", ").append(column);
      params.append(", $").append(++n);
    }
    return pg.preparedQuery("INSERT INTO locations (id, network_id, name, address, city, state,"
            + " country, postal_code, contact_phone, timezone, latitude, longitude" + columns + ")"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12" + params + ")")
        .execute(more.tuple(Tuple.from(new Object[] {l.id(), l.networkId(), l.name(), l.address(), l.city(), l.state(),
            l.country(), l.postalCode(), l.contactPhone(), l.timezone(), l.latitude(), l.longitude()})))
        .mapEmpty();
  }

  // --- published locations, as drivers discover them ---------------------------------------------

  private static final String PUBLISHED_COLUMNS = "l.id, l.network_id, l.name, l.address, l.city, l.state, l.country,"
      + " l.latitude, l.longitude, l.has_parking, l.has_restrooms, l.has_wifi, l.contact_phone, l.opening_hours, l.images";

  /** The distance from ($2, $3) when both are given and the location has coordinates, else null. */
  private static final String DISTANCE_OR_NULL = "CASE WHEN $2::float8 IS NULL OR $3::float8 IS NULL"
      + " OR l.latitude IS NULL OR l.longitude IS NULL THEN NULL ELSE " + String.format(GeoBox.HAVERSINE_KM, "$2", "$3")
      + " END AS distance_km";

  private static final String DISTANCE = String.format(GeoBox.HAVERSINE_KM, "$2", "$3");

  /** A live published location of the scope, with $1 bound to the scope's networks. */
  private static String published(Scope scope) {
    return "l.deleted_at IS NULL AND l.is_published AND " + scope.networkPredicate("l.network_id", 1);
  }

  /**
   * $1 networks, $2 latitude, $3 longitude, $4..$9 the {@link GeoBox}, $10 the radius in km: the
   * box is a range scan of {@code locations_published_geo_idx}, the exact distance filters and orders.
   */
  static String near(Scope scope) {
    return "FROM locations l WHERE l.deleted_at IS NULL AND l.is_published"
        + " AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL"
        + " AND l.latitude BETWEEN $4 AND $5 AND (l.longitude BETWEEN $6 AND $7 OR l.longitude BETWEEN $8 AND $9)"
        + " AND " + DISTANCE + " <= $10::float8 AND " + scope.networkPredicate("l.network_id", 1);
  }

  /**
   * The scope's published live locations by name, with the distance from the point when one is
   * given (latitude and longitude both, or neither).
   */
  public Future<Page<PublishedLocation>> publishedPage(Scope scope, Double latitude, Double longitude, int limit,
      int offset) {
    return Paging.page(pg, PUBLISHED_COLUMNS + ", " + DISTANCE_OR_NULL, "FROM locations l WHERE " + published(scope),
        "l.name, l.id", Tuple.of(scope.networkBind(), latitude, longitude), limit, offset, LocationQueries::toPublished);
  }

  /** The scope's published live locations within the radius of the point, nearest first. */
  public Future<Page<PublishedLocation>> publishedNear(Scope scope, double latitude, double longitude, double radiusKm,
      int limit, int offset) {
    GeoBox box = GeoBox.around(latitude, longitude, radiusKm);
    Tuple params = Tuple.from(new Object[] {scope.networkBind(), latitude, longitude, decimal(box.minLatitude()),
        decimal(box.maxLatitude()), decimal(box.minLongitude1()), decimal(box.maxLongitude1()),
        decimal(box.minLongitude2()), decimal(box.maxLongitude2()), radiusKm});
    return Paging.page(pg, PUBLISHED_COLUMNS + ", " + DISTANCE + " AS distance_km", near(scope), "distance_km, l.id", params,
        limit, offset, LocationQueries::toPublished);
  }

  /** A published live location of the scope, or empty. */
  public Future<Optional<PublishedLocation>> findPublished(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + PUBLISHED_COLUMNS + ", " + DISTANCE_OR_NULL + " FROM locations l"
            + " WHERE l.id = $4 AND " + published(scope))
        .execute(Tuple.of(scope.networkBind(), null, null, id))
        .map(rows -> Rows.first(rows).map(LocationQueries::toPublished));
  }

  /**
   * The live public chargers at these locations (which the caller found published within its scope)
   * and their live connectors, by charger and connector.
   */
  public Future<List<PublishedLocation.PublicConnector>> publicConnectorsAt(Collection<UUID> locationIds) {
    if (locationIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pg.preparedQuery("SELECT c.location_id, c.id AS charger_id, c.charge_point_id, k.evse_id, k.connector_id,"
            + " k.status, k.max_power_kw, k.standard FROM chargers c"
            + " LEFT JOIN connectors k ON k.charger_id = c.id AND k.deleted_at IS NULL"
            + " WHERE c.location_id = ANY($1) AND c.deleted_at IS NULL AND c.is_public"
            + " ORDER BY c.location_id, c.created_at, c.id, k.evse_id, k.connector_id")
        .execute(Tuple.of(locationIds.toArray(new UUID[0])))
        .map(rows -> {
          List<PublishedLocation.PublicConnector> out = new ArrayList<>();
          rows.forEach(r -> out.add(new PublishedLocation.PublicConnector(r.getUUID("location_id"), r.getUUID("charger_id"),
              r.getString("charge_point_id"), r.getInteger("evse_id"), r.getInteger("connector_id"), r.getString("status"),
              r.getBigDecimal("max_power_kw"), r.getString("standard"))));
          return out;
        });
  }

  private static BigDecimal decimal(double degrees) {
    return BigDecimal.valueOf(degrees);
  }

  private static PublishedLocation toPublished(Row r) {
    Object images = r.getValue("images");
    Object hours = r.getValue("opening_hours");
    return new PublishedLocation(r.getUUID("id"), r.getUUID("network_id"), r.getString("name"), r.getString("address"),
        r.getString("city"), r.getString("state"), r.getString("country"), r.getBigDecimal("latitude"),
        r.getBigDecimal("longitude"), r.getBoolean("has_parking"), r.getBoolean("has_restrooms"), r.getBoolean("has_wifi"),
        r.getString("contact_phone"),
        hours instanceof JsonObject o ? o : null,
        images instanceof JsonArray a ? a : new JsonArray(),
        r.getDouble("distance_km"));
  }

  /** Applies the patch to a live location of the scope; completes with false when there is none. */
  public Future<Boolean> update(Scope scope, UUID id, Patch patch) {
    return pg.preparedQuery("UPDATE locations l SET " + patch.assignments(3) + " WHERE l.id = $2 AND " + visible(scope)
            + " RETURNING l.id")
        .execute(patch.tuple(Tuple.of(scope.networkBind(), id)))
        .map(rows -> rows.size() > 0);
  }

  /** What a soft delete found. */
  public enum Deletion { DELETED, NOT_FOUND, ACTIVE_SESSIONS, CHARGERS_ATTACHED, CHANGED_MEANWHILE }

  /** Soft-deletes a live location of the scope unless chargers are attached or sessions active there. */
  public Future<Deletion> softDelete(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + ATTACHED + " AS attached, " + ACTIVE + " AS active FROM locations l"
            + " WHERE l.id = $2 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Deletion.NOT_FOUND);
          }
          Row r = rows.iterator().next();
          if (r.getBoolean("active")) {
            return Future.succeededFuture(Deletion.ACTIVE_SESSIONS);
          }
          if (r.getBoolean("attached")) {
            return Future.succeededFuture(Deletion.CHARGERS_ATTACHED);
          }
          // The guards are repeated so a charger attached in between still blocks the delete.
          return pg.preparedQuery("UPDATE locations l SET deleted_at = now(), updated_at = now()"
                  + " WHERE l.id = $2 AND " + visible(scope) + " AND NOT " + ATTACHED + " AND NOT " + ACTIVE
                  + " RETURNING l.id")
              .execute(Tuple.of(scope.networkBind(), id))
              .map(updated -> updated.size() == 0 ? Deletion.CHANGED_MEANWHILE : Deletion.DELETED);
        });
  }

  private static Location toLocation(Row r) {
    return new Location(r.getUUID("id"), r.getUUID("network_id"), r.getString("name"), r.getString("address"),
        r.getString("city"), r.getString("state"), r.getString("country"), r.getString("postal_code"),
        r.getString("contact_phone"), r.getString("timezone"), r.getBigDecimal("latitude"),
        r.getBigDecimal("longitude"), r.getLong("charger_count"), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"));
  }
}
