package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Drivers' reviews of published locations: one per driver and location, created or replaced by the
 * driver, read by anyone who may see the location (a network's catalogue scope). Reviews of deleted
 * driver accounts are neither listed nor counted.
 */
public final class ReviewQueries {

  /**
   * A review as listed.
   *
   * @param authorName the author's first name, or null
   * @param mine whether the reader is the author
   */
  public record Review(UUID id, int rating, String comment, String authorName, boolean mine,
      OffsetDateTime createdAt, OffsetDateTime updatedAt) {
  }

  /**
   * What a location's reviews add up to.
   *
   * @param average the mean rating to one decimal, null when there are none
   */
  public record Summary(BigDecimal average, long count) {
    public static final Summary NONE = new Summary(null, 0);
  }

  /** The driver's review as a write left it: {@code created} false when it replaced an earlier one. */
  public record Saved(Review review, boolean created) {
  }

  private static final String LIVE_AUTHOR = "JOIN drivers d ON d.id = r.driver_id AND d.deleted_at IS NULL";

  private final Pool pg;

  public ReviewQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** A live published location of the scope named by $2 ($1 the scope's networks). */
  private static String publishedLocation(Scope scope) {
    return "JOIN locations l ON l.id = r.location_id AND l.deleted_at IS NULL AND l.is_published AND "
        + scope.networkPredicate("l.network_id", 1) + " WHERE r.location_id = $2";
  }

  /**
   * A page of the reviews of a published location of the scope (the caller found it there), latest
   * first; {@code reader} (a driver, or null) marks its own review as {@code mine}.
   */
  public Future<Page<Review>> page(Scope scope, UUID locationId, UUID reader, int limit, int offset) {
    return Paging.page(pg, "r.id, r.rating, r.comment, r.created_at, r.updated_at,"
            + " COALESCE(d.first_name, split_part(d.name, ' ', 1)) AS author, (r.driver_id = $3::uuid) IS TRUE AS mine",
        "FROM location_reviews r " + LIVE_AUTHOR + " " + publishedLocation(scope), "r.updated_at DESC, r.id",
        Tuple.of(scope.networkBind(), locationId, reader), limit, offset, ReviewQueries::review);
  }

  /** The rating summary of a published location of the scope ({@link Summary#NONE} without reviews). */
  public Future<Summary> summary(Scope scope, UUID locationId) {
    return pg.preparedQuery("SELECT round(avg(r.rating), 1) AS average, count(*) AS n FROM location_reviews r "
            + LIVE_AUTHOR + " " + publishedLocation(scope))
        .execute(Tuple.of(scope.networkBind(), locationId))
        .map(rows -> summary(rows.iterator().next()));
  }

  /**
   * Creates or replaces the review of the driver of the scope (a driver scope only) for a live
   * published location of the driver's network; empty when there is no such location.
   */
  public Future<Optional<Saved>> upsert(Scope scope, UUID id, UUID locationId, int rating, String comment) {
    Scope.Driver d = scope.requireDriver();
    return pg.preparedQuery("INSERT INTO location_reviews (id, network_id, location_id, driver_id, rating, comment)"
            + " SELECT $1, l.network_id, l.id, $3, $5, $6 FROM locations l"
            + " WHERE l.id = $4 AND l.network_id = $2 AND l.deleted_at IS NULL AND l.is_published"
            + " ON CONFLICT (location_id, driver_id) DO UPDATE SET rating = EXCLUDED.rating, comment = EXCLUDED.comment,"
            + " updated_at = now()"
            + " RETURNING id, rating, comment, created_at, updated_at, NULL::text AS author, true AS mine,"
            + " (xmax = 0) AS created")
        .execute(Tuple.from(Arrays.asList(id, d.networkId(), d.driverId(), locationId, (short) rating, comment)))
        .map(rows -> Rows.first(rows).map(r -> new Saved(review(r), r.getBoolean("created"))));
  }

  private static Summary summary(Row r) {
    long count = r.getLong("n");
    return count == 0 ? Summary.NONE : new Summary(r.getBigDecimal("average"), count);
  }

  private static Review review(Row r) {
    return new Review(r.getUUID("id"), r.getInteger("rating"), r.getString("comment"), r.getString("author"),
        r.getBoolean("mine"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }
}
