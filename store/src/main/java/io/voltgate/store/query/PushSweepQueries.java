package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the push sweep notifies drivers about without an event on the stream: reservations about to
 * expire and scheduled charges that failed. Each claim is one conditional
 * {@code UPDATE … WHERE <mark> IS NULL … RETURNING} over rows locked {@code FOR UPDATE SKIP LOCKED},
 * so however many API nodes sweep at once, a row is claimed by one of them, once (V19).
 */
public final class PushSweepQueries {

  /** An accepted reservation of a driver whose reminder this node claimed. */
  public record ReservationReminder(UUID id, UUID networkId, UUID driverId, String chargePointId,
      Integer connectorNumber, OffsetDateTime expiresAt) {
  }

  /**
   * A driver's failed schedule whose notification this node claimed; {@code stale} when it failed
   * longer ago than the sweep's bound (claimed, so never again, but not worth a push).
   */
  public record ScheduleFailure(UUID id, UUID networkId, UUID driverId, UUID chargerId, String chargePointId,
      int connectorNumber, OffsetDateTime scheduledTime, String reason, boolean stale) {
  }

  private final Pool pg;

  public PushSweepQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * Claims up to {@code limit} reminders of accepted, uncancelled, unexpired driver reservations
   * that expire within {@code lead} from now and were never reminded: each gets
   * {@code reminded_at = now()}, soonest expiry first.
   */
  public Future<List<ReservationReminder>> claimReservationReminders(Duration lead, int limit) {
    return claim("reservations", "reminded_at", "status = 'Accepted' AND driver_id IS NOT NULL"
            + " AND cancelled_at IS NULL AND expires_at > now() AND expires_at <= now() + $1 * interval '1 millisecond'",
        "expires_at", "t.id, t.network_id, t.driver_id, t.evse_id, t.expires_at", lead, limit,
        PushSweepQueries::reminder);
  }

  /**
   * Claims up to {@code limit} failed driver schedules not notified yet ({@code failure_notified_at
   * = now()}), oldest failure first; those that failed more than {@code freshFor} ago come back
   * {@code stale}.
   */
  public Future<List<ScheduleFailure>> claimScheduleFailures(Duration freshFor, int limit) {
    return claim("charging_schedules", "failure_notified_at", "status = 'Failed' AND driver_id IS NOT NULL",
        "updated_at", "t.id, t.network_id, t.driver_id, t.charger_id, t.connector_number, t.scheduled_time,"
            + " t.status_reason, t.updated_at < now() - $1 * interval '1 millisecond' AS stale",
        freshFor, limit, PushSweepQueries::failure);
  }

  /**
   * The one claim: sets {@code mark} to now on up to {@code limit} rows of {@code table} (alias
   * {@code t}) where it is null and {@code where} holds, locked {@code SKIP LOCKED}, ordered by
   * {@code order}; returns {@code columns} plus the charger's {@code charge_point_id}. {@code $1} is
   * {@code millis} in milliseconds.
   */
  private <T> Future<List<T>> claim(String table, String mark, String where, String order, String columns,
      Duration millis, int limit, Function<Row, T> row) {
    return pg.preparedQuery("UPDATE " + table + " t SET " + mark + " = now()"
            + " FROM (SELECT id FROM " + table + " WHERE " + mark + " IS NULL AND " + where
            + " ORDER BY " + order + " LIMIT $2 FOR UPDATE SKIP LOCKED) due"
            + " WHERE t.id = due.id AND t." + mark + " IS NULL RETURNING " + columns
            + ", (SELECT c.charge_point_id FROM chargers c WHERE c.id = t.charger_id) AS charge_point_id")
        .execute(Tuple.of(millis.toMillis(), limit))
        .map(rows -> Rows.list(rows).stream().map(row).toList());
  }

  private static ReservationReminder reminder(Row r) {
    return new ReservationReminder(r.getUUID("id"), r.getUUID("network_id"), r.getUUID("driver_id"),
        r.getString("charge_point_id"), r.getInteger("evse_id"), r.getOffsetDateTime("expires_at"));
  }

  private static ScheduleFailure failure(Row r) {
    return new ScheduleFailure(r.getUUID("id"), r.getUUID("network_id"), r.getUUID("driver_id"),
        r.getUUID("charger_id"), r.getString("charge_point_id"), r.getInteger("connector_number"),
        r.getOffsetDateTime("scheduled_time"), r.getString("status_reason"), r.getBoolean("stale"));
  }
}
