package io.voltgate.services.billing;

import java.time.Duration;

/**
 * Billing settings.
 *
 * @param group Redis consumer group shared by every API node (each event is priced by one node)
 * @param sweepInterval how often completed sessions without a CDR are looked for (recovery)
 * @param sweepDelay a session is swept only when it stopped at least this long ago (the stream
 *     normally prices it first)
 * @param claimAfter a stream entry delivered to a node that did not acknowledge it within this time
 *     (crashed, or pricing failed) is claimed and retried
 * @param batch entries read or sessions swept per round
 */
public record BillingOptions(String group, Duration sweepInterval, Duration sweepDelay, Duration claimAfter,
    int batch) {

  public static final BillingOptions DEFAULTS = new BillingOptions("billing", Duration.ofSeconds(60),
      Duration.ofSeconds(30), Duration.ofSeconds(60), 100);

  public BillingOptions {
    if (group == null || group.isBlank() || batch < 1 || sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("invalid billing options");
    }
  }
}
