package io.voltgate.gateway.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A token bucket over BootNotifications on one event loop: during a reconnect storm chargers beyond
 * the budget are answered {@code Pending} with a jittered retry interval instead of overloading the
 * databases; they are accepted when they retry.
 */
public final class BootAdmission {

  private final double perSecond;
  private double tokens;
  private long lastNanos;

  public BootAdmission(double perSecond) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
    this.lastNanos = System.nanoTime();
  }

  /** Takes a token if one is available. */
  public boolean tryAdmit() {
    long now = System.nanoTime();
    tokens = Math.min(perSecond, tokens + (now - lastNanos) / 1e9 * perSecond);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** A retry interval between 5 and 35 seconds, so retries spread out. */
  public static int jitteredRetrySeconds() {
    return 5 + ThreadLocalRandom.current().nextInt(31);
  }
}
