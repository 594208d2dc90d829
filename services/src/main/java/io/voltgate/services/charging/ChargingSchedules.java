package io.voltgate.services.charging;

import io.vertx.core.Future;
import io.voltgate.services.charging.RemoteCharging.StartStatus;
import io.voltgate.store.query.ChargingScheduleQueries;
import io.voltgate.store.query.ChargingScheduleQueries.Schedule;
import io.voltgate.store.query.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Scheduled charging for the driver API: a schedule is checked like a start made now (a charger the
 * caller sees, a token the caller may use; {@link RemoteCharging#target}) and stored with the token
 * chosen; {@link ScheduleFiring} sends it when it is due. Cancelling is possible while it waits.
 */
public final class ChargingSchedules {

  /** How far ahead a charge may be scheduled. */
  public static final Duration HORIZON = Duration.ofDays(30);

  /** What became of a request to schedule. */
  public enum Status {
    /** Stored: {@link Created#schedule()}. */
    SCHEDULED,
    /** Not after now, or beyond {@link #HORIZON}. */
    BAD_TIME,
    /** The charger or token check failed: {@link Created#refusal()}. */
    REFUSED
  }

  /** @param refusal why the start would be refused, when {@link Status#REFUSED} */
  public record Created(Status status, StartStatus refusal, Schedule schedule) {
  }

  /** What became of a cancel. */
  public enum Cancel {
    CANCELLED, NOT_FOUND, NOT_PENDING
  }

  /** @param schedule the schedule as it now is, null when not found */
  public record Cancelled(Cancel status, Schedule schedule) {
  }

  private final RemoteCharging charging;
  private final ChargingScheduleQueries schedules;
  private final Clock clock;

  public ChargingSchedules(RemoteCharging charging, ChargingScheduleQueries schedules, Clock clock) {
    this.charging = Objects.requireNonNull(charging);
    this.schedules = Objects.requireNonNull(schedules);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Schedules a start at {@code at}. Completes with the outcome; fails only on backend errors.
   *
   * @param idTag as for {@link RemoteCharging#start}
   */
  public Future<Created> schedule(Scope scope, Scope catalogue, UUID chargerId, int connectorNumber, String idTag,
      Instant at) {
    Instant now = clock.instant();
    if (!at.isAfter(now) || at.isAfter(now.plus(HORIZON))) {
      return Future.succeededFuture(new Created(Status.BAD_TIME, null, null));
    }
    return charging.target(scope, catalogue, chargerId, idTag).compose(t -> {
      if (t.status() != StartStatus.SENT) {
        return Future.succeededFuture(new Created(Status.REFUSED, t.status(), null));
      }
      return schedules.create(t.networkId(), t.driverId(), chargerId, connectorNumber, t.idTag(),
          at.atOffset(ZoneOffset.UTC)).map(s -> new Created(Status.SCHEDULED, null, s));
    });
  }

  /** Cancels a waiting schedule of the scope; completes with the outcome, fails only on backend errors. */
  public Future<Cancelled> cancel(Scope scope, UUID id) {
    return schedules.cancel(scope, id).compose(done -> done.isPresent()
        ? Future.succeededFuture(new Cancelled(Cancel.CANCELLED, done.get()))
        : schedules.find(scope, id).map(found -> found.map(s -> new Cancelled(Cancel.NOT_PENDING, s))
            .orElse(new Cancelled(Cancel.NOT_FOUND, null))));
  }

  /** A schedule of the scope, or empty. */
  public Future<Optional<Schedule>> find(Scope scope, UUID id) {
    return schedules.find(scope, id);
  }
}
