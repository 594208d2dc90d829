package io.voltgate.services.push;

import io.vertx.core.Future;
import io.voltgate.store.query.PushSweepQueries;
import io.voltgate.store.query.PushSweepQueries.ReservationReminder;
import io.voltgate.store.query.PushSweepQueries.ScheduleFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pushes no stream event triggers, found in Postgres by a periodic round on every API node:
 * reservation reminders ({@code reservationReminder}, once per accepted reservation, {@code lead}
 * before it expires) and scheduled charges that could not start ({@code sessionFailed}). Each row is
 * claimed durably before its push ({@link PushSweepQueries}), so across nodes and restarts it is
 * pushed at most once; as for session events, a push the service refuses is not retried.
 */
public final class PushSweep {

  private static final Logger LOG = LoggerFactory.getLogger(PushSweep.class);

  /** Rows of each kind one node claims per round. */
  static final int BATCH = 100;
  /** A failure first seen later than this after it happened is marked, not pushed (e.g. push was down). */
  static final Duration FAILURE_FRESH_FOR = Duration.ofHours(1);

  private final PushSweepQueries queries;
  private final DriverPush push;
  private final Duration lead;
  private final Clock clock;

  public PushSweep(PushSweepQueries queries, DriverPush push, Duration lead, Clock clock) {
    this.queries = Objects.requireNonNull(queries);
    this.push = Objects.requireNonNull(push);
    this.lead = Objects.requireNonNull(lead);
    this.clock = Objects.requireNonNull(clock);
  }

  /** One round; completes with the number of pushes accepted, fails only when a claim failed. */
  public Future<Integer> round() {
    return queries.claimScheduleFailures(FAILURE_FRESH_FOR, BATCH).compose(this::failures)
        .compose(a -> queries.claimReservationReminders(lead, BATCH).compose(this::reminders).map(b -> a + b));
  }

  private Future<Integer> failures(List<ScheduleFailure> claimed) {
    return sum(claimed.stream().filter(f -> !f.stale()).map(f -> push.notify(f.networkId(), f.driverId(),
        "sessionFailed", PushNotifications.scheduleFailed(f, clock.instant()))
        .onSuccess(sent -> LOG.debug("event=push_schedule_failed schedule={} sent={}", f.id(), sent))).toList());
  }

  private Future<Integer> reminders(List<ReservationReminder> claimed) {
    return sum(claimed.stream().map(r -> push.notify(r.networkId(), r.driverId(), "reservationReminder",
        PushNotifications.reservationReminder(r, clock.instant()))
        .onSuccess(sent -> LOG.debug("event=push_reservation_reminder reservation={} sent={}", r.id(), sent)))
        .toList());
  }

  /** Waits for every push; one that failed (its driver could not be looked up) counts as none: it was claimed. */
  private static Future<Integer> sum(List<Future<Integer>> pushes) {
    pushes.forEach(f -> f.onFailure(e -> LOG.warn("event=push_sweep_notify_failed error={}", e.toString())));
    return Future.join(pushes).otherwiseEmpty().map(v -> pushes.stream()
        .mapToInt(f -> f.succeeded() ? f.result() : 0).sum());
  }
}
