package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Scheduled remote starts ({@code charging_schedules}): a scope's schedules (a network scope its
 * networks', a driver scope the driver's own), and the schedulers' side: claiming due schedules under
 * a lease so that each fires exactly once across API nodes, recording the outcome, and failing
 * claims whose node died before it could record one. Times are Postgres's {@code now()}, the one
 * clock every node shares.
 */
public final class ChargingScheduleQueries {

  /** Waiting to fire. */
  public static final String PENDING = "Pending";
  /** Claimed by a node, being fired. */
  public static final String FIRING = "Firing";
  public static final String STARTED = "Started";
  public static final String FAILED = "Failed";
  public static final String CANCELLED = "Cancelled";

  /** A schedule as the API shows it. */
  public record Schedule(UUID id, UUID networkId, UUID driverId, UUID chargerId, int connectorNumber, String idTag,
      OffsetDateTime scheduledTime, String status, String statusReason, OffsetDateTime firedAt,
      OffsetDateTime createdAt) {
  }

  /** A schedule a node claimed, with the charger's OCPP identity (null once the charger is deleted). */
  public record Due(Schedule schedule, String chargePointId) {
  }

  private static final String COLUMNS = "s.id, s.network_id, s.driver_id, s.charger_id, s.connector_number, s.id_tag,"
      + " s.scheduled_time, s.status, s.status_reason, s.fired_at, s.created_at";

  private final Pool pg;

  public ChargingScheduleQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  private static String visible(Scope scope) {
    return scope.ownedPredicate("s.network_id", "s.driver_id", 1);
  }

  /** Stores a new pending schedule; completes with it. */
  public Future<Schedule> create(UUID networkId, UUID driverId, UUID chargerId, int connectorNumber, String idTag,
      OffsetDateTime at) {
    return pg.preparedQuery("INSERT INTO charging_schedules AS s (id, network_id, driver_id, charger_id, connector_number,"
            + " id_tag, scheduled_time) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + COLUMNS)
        .execute(Tuple.of(UUID.randomUUID(), networkId, driverId, chargerId, connectorNumber, idTag, at))
        .map(rows -> schedule(rows.iterator().next()));
  }

  /** The scope's schedules, latest scheduled time first. */
  public Future<Page<Schedule>> page(Scope scope, int limit, int offset) {
    return Paging.page(pg, COLUMNS, "FROM charging_schedules s WHERE " + visible(scope), "s.scheduled_time DESC, s.id",
        Tuple.of(scope.networkBind(), scope.driverId()), limit, offset, ChargingScheduleQueries::schedule);
  }

  /** A schedule of the scope, or empty. */
  public Future<Optional<Schedule>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM charging_schedules s WHERE s.id = $3 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), id))
        .map(rows -> Rows.first(rows).map(ChargingScheduleQueries::schedule));
  }

  /** Cancels a pending schedule of the scope; completes with it cancelled, or empty when none was pending. */
  public Future<Optional<Schedule>> cancel(Scope scope, UUID id) {
    return pg.preparedQuery("UPDATE charging_schedules s SET status = '" + CANCELLED + "', updated_at = now()"
            + " WHERE s.id = $3 AND s.status = '" + PENDING + "' AND " + visible(scope) + " RETURNING " + COLUMNS)
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), id))
        .map(rows -> Rows.first(rows).map(ChargingScheduleQueries::schedule));
  }

  /**
   * Claims up to {@code limit} due pending schedules for {@code node}: each moves to Firing with
   * {@code firedAt} = now and a lease until now + {@code lease}. Rows another node is claiming are
   * skipped ({@code SKIP LOCKED}) and a claimed row is no longer pending, so no schedule is claimed
   * twice. Completes with the claimed schedules, earliest first.
   */
  public Future<List<Due>> claimDue(String node, Duration lease, int limit) {
    return pg.preparedQuery("UPDATE charging_schedules s SET status = '" + FIRING + "', fired_at = now(),"
            + " lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond', updated_at = now()"
            + " FROM (SELECT id FROM charging_schedules WHERE status = '" + PENDING + "' AND scheduled_time <= now()"
            + " ORDER BY scheduled_time LIMIT $3 FOR UPDATE SKIP LOCKED) due WHERE s.id = due.id"
            + " RETURNING " + COLUMNS + ", (SELECT c.charge_point_id FROM chargers c WHERE c.id = s.charger_id"
            + " AND c.deleted_at IS NULL) AS charge_point_id")
        .execute(Tuple.of(node, lease.toMillis(), limit))
        .map(rows -> {
          List<Due> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Due(schedule(r), r.getString("charge_point_id"))));
          out.sort((a, b) -> a.schedule().scheduledTime().compareTo(b.schedule().scheduledTime()));
          return out;
        });
  }

  /**
   * Records how a claimed schedule's firing ended ({@link #STARTED} or {@link #FAILED}), only while
   * {@code node} still holds it; completes with whether it did.
   */
  public Future<Boolean> record(UUID id, String node, String status, String reason) {
    return pg.preparedQuery("UPDATE charging_schedules SET status = $3, status_reason = $4, lease_owner = NULL,"
            + " lease_until = NULL, updated_at = now() WHERE id = $1 AND status = '" + FIRING + "' AND lease_owner = $2")
        .execute(Tuple.of(id, node, status, reason))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Fails schedules whose claiming node's lease ran out without an outcome (the node stopped while
   * firing). They are not fired again: the start may have reached the charger. Completes with the
   * number failed.
   */
  public Future<Integer> failExpired(String reason) {
    return pg.preparedQuery("UPDATE charging_schedules SET status = '" + FAILED + "', status_reason = $1,"
            + " lease_owner = NULL, lease_until = NULL, updated_at = now()"
            + " WHERE status = '" + FIRING + "' AND lease_until < now()")
        .execute(Tuple.of(reason))
        .map(rows -> rows.rowCount());
  }

  private static Schedule schedule(Row r) {
    return new Schedule(r.getUUID("id"), r.getUUID("network_id"), r.getUUID("driver_id"), r.getUUID("charger_id"),
        r.getInteger("connector_number"), r.getString("id_tag"), r.getOffsetDateTime("scheduled_time"),
        r.getString("status"), r.getString("status_reason"), r.getOffsetDateTime("fired_at"),
        r.getOffsetDateTime("created_at"));
  }
}
