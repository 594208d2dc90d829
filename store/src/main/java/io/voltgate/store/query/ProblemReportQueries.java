package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Problems drivers report at published locations of their network ({@code location_problem_reports}).
 * Raising the operator's alert is the caller's part (an event on the stream, after the row is stored).
 */
public final class ProblemReportQueries {

  /**
   * What a report is about, as the driver may name it: a live published location of the driver's
   * network and, optionally, one of its live public chargers.
   *
   * @param chargerId the charger asked for, when it is one of the location's public chargers, else null
   * @param chargePointId that charger's OCPP identity, or null
   */
  public record Target(UUID locationId, String locationName, UUID networkId, UUID chargerId, String chargePointId) {
  }

  /** A report to store; {@code chargerId} and {@code description} may be null. */
  public record NewReport(UUID id, UUID networkId, UUID locationId, UUID driverId, UUID chargerId, String category,
      String description) {
  }

  private final Pool pg;

  public ProblemReportQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * The location (and charger, when {@code chargerId} is given and is a public charger there) as the
   * driver of the scope may report on it; empty when the location is not a live published location
   * of the driver's network.
   */
  public Future<Optional<Target>> target(Scope scope, UUID locationId, UUID chargerId) {
    Scope.Driver d = scope.requireDriver();
    return pg.preparedQuery("SELECT l.id, l.name, l.network_id, c.id AS charger_id, c.charge_point_id FROM locations l"
            + " LEFT JOIN chargers c ON c.id = $3 AND c.location_id = l.id AND c.network_id = l.network_id"
            + " AND c.deleted_at IS NULL AND c.is_public"
            + " WHERE l.id = $2 AND l.network_id = $1 AND l.deleted_at IS NULL AND l.is_published")
        .execute(Tuple.of(d.networkId(), locationId, chargerId))
        .map(rows -> Rows.first(rows).map(r -> new Target(r.getUUID("id"), r.getString("name"), r.getUUID("network_id"),
            r.getUUID("charger_id"), r.getString("charge_point_id"))));
  }

  /** How many reports the driver of the scope filed since the instant. */
  public Future<Long> countSince(Scope scope, OffsetDateTime since) {
    Scope.Driver d = scope.requireDriver();
    return pg.preparedQuery("SELECT count(*) AS n FROM location_problem_reports WHERE driver_id = $1 AND network_id = $2"
            + " AND created_at > $3")
        .execute(Tuple.of(d.driverId(), d.networkId(), since))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Stores the report (status {@code received}); completes with its creation time. */
  public Future<OffsetDateTime> create(NewReport r) {
    return pg.preparedQuery("INSERT INTO location_problem_reports (id, network_id, location_id, driver_id, charger_id,"
            + " category, description) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING created_at")
        .execute(Tuple.from(Arrays.asList(r.id(), r.networkId(), r.locationId(), r.driverId(), r.chargerId(), r.category(),
            r.description())))
        .map(rows -> rows.iterator().next().getOffsetDateTime("created_at"));
  }
}
