package io.voltgate.perf.sim;

import io.vertx.core.Vertx;

/**
 * Runs an action at a steady rate on one event loop: every 10 ms it adds rate/100 to a budget and
 * runs the action once per whole unit. After a stall the budget catches up, bounded by
 * {@code maxBurst} actions, so a paused loop cannot unleash an unbounded burst.
 */
final class RatePacer {

  private final Vertx vertx;
  private final double perTick;
  private final double maxBurst;
  private final Runnable action;
  private double budget;
  private long timer = -1;

  RatePacer(Vertx vertx, double ratePerSecond, double maxBurst, Runnable action) {
    this.vertx = vertx;
    this.perTick = ratePerSecond / 100.0;
    this.maxBurst = maxBurst;
    this.action = action;
  }

  /** Starts pacing; call on the context the action must run on. */
  void start() {
    timer = vertx.setPeriodic(10, t -> {
      budget = Math.min(budget + perTick, maxBurst);
      while (budget >= 1) {
        budget -= 1;
        action.run();
      }
    });
  }

  /** Stops pacing (from any thread). */
  void stop() {
    vertx.runOnContext(v -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    });
  }
}
