package io.voltgate.services.charging;

import io.vertx.core.Future;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.query.ChargingScheduleQueries;
import io.voltgate.store.query.FraudQueries;
import io.voltgate.store.query.ChargingScheduleQueries.Due;
import java.time.Duration;
import java.util.Objects;

/**
 * Fires due schedules, on any number of API nodes at once: each round first fails claims whose node
 * died while firing (never fired again: the start may have reached the charger), then claims due
 * schedules under a lease ({@link ChargingScheduleQueries#claimDue}: each schedule is claimed by
 * exactly one node, once), sends the claimed remote starts together and records each outcome:
 * {@code Started} when the charger accepted, else {@code Failed} with the reason.
 */
public final class ScheduleFiring {

  /** Schedules one node claims per round. */
  static final int BATCH = 50;
  static final String NODE_DIED = "The scheduler stopped while firing; not retried (the start may have been sent)";
  static final String ON_HOLD = "The driver is on fraud hold for an unpaid balance";

  private final ChargingScheduleQueries schedules;
  private final ChargerCommands commands;
  private final String node;
  private final Duration lease;
  private final FraudQueries fraud;

  /** {@code lease} must outlast a command's wait ({@code commands.timeout()}); it is that plus a margin. */
  public ScheduleFiring(ChargingScheduleQueries schedules, ChargerCommands commands, String node, FraudQueries fraud) {
    this.fraud = Objects.requireNonNull(fraud);
    this.schedules = Objects.requireNonNull(schedules);
    this.commands = Objects.requireNonNull(commands);
    this.node = Objects.requireNonNull(node);
    this.lease = commands.timeout().plusSeconds(30);
  }

  /** One round; completes with the number of schedules this node fired, fails only on backend errors. */
  public Future<Integer> round() {
    return schedules.failExpired(NODE_DIED)
        .compose(v -> schedules.claimDue(node, lease, BATCH))
        // All at once, not one after another: every claimed start is sent and recorded within one
        // command timeout, well inside the lease, so no claim can expire while it is still to be sent.
        .compose(due -> Future.all(due.stream().map(this::fire).toList()).map(due.size()));
  }

  private Future<Boolean> fire(Due d) {
    // A driver held since the schedule was made (docs/fraud.md) is not started: Failed, with the reason.
    return fraud.tokenHeld(d.schedule().networkId(), d.schedule().idTag()).compose(held -> held
        ? schedules.record(d.schedule().id(), node, ChargingScheduleQueries.FAILED, ON_HOLD)
        : send(d));
  }

  private Future<Boolean> send(Due d) {
    Future<CommandOutcome> sent = d.chargePointId() == null
        ? Future.succeededFuture(null)
        : RemoteCharging.send(commands, d.chargePointId(), d.schedule().connectorNumber(), d.schedule().idTag());
    return sent.compose(outcome -> schedules.record(d.schedule().id(), node,
        outcome != null && outcome.accepted() ? ChargingScheduleQueries.STARTED : ChargingScheduleQueries.FAILED,
        reason(outcome)));
  }

  /** Why a firing failed, in the seed's words where it has them; null when the charger accepted. */
  static String reason(CommandOutcome o) {
    if (o == null) {
      return "The charger no longer exists";
    }
    return switch (o.kind()) {
      case ACCEPTED -> null;
      case REJECTED -> "Charger rejected the start";
      case OFFLINE -> "Charger offline";
      case TIMEOUT -> "Charger did not respond";
      case BUSY -> "Charger busy with other commands";
      case CALL_ERROR -> "Charger answered with an error";
      case INVALID -> o.reason();
    };
  }
}
