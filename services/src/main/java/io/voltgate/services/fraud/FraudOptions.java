package io.voltgate.services.fraud;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The fraud-hold settings.
 *
 * @param threshold a driver whose unpaid balance on one network is over it is held (0 or more)
 * @param sweepInterval how often each API node applies the rule to every driver
 */
public record FraudOptions(BigDecimal threshold, Duration sweepInterval) {

  public FraudOptions {
    Objects.requireNonNull(threshold);
    Objects.requireNonNull(sweepInterval);
    if (threshold.signum() < 0) {
      throw new IllegalArgumentException("the fraud-hold threshold must be 0 or more, got " + threshold);
    }
  }

  public static FraudOptions defaults() {
    return from(Settings.of(java.util.Map.of()));
  }

  public static FraudOptions from(Settings settings) {
    String raw = settings.string(ConfigKey.FRAUD_HOLD_THRESHOLD);
    BigDecimal threshold;
    try {
      threshold = new BigDecimal(raw);
    } catch (NumberFormatException e) {
      throw new Settings.ConfigException(ConfigKey.FRAUD_HOLD_THRESHOLD.envName() + "=" + raw + " is not a decimal number");
    }
    if (threshold.signum() < 0) {
      throw new Settings.ConfigException(ConfigKey.FRAUD_HOLD_THRESHOLD.envName() + "=" + raw + " is negative");
    }
    return new FraudOptions(threshold, Duration.ofSeconds(settings.integer(ConfigKey.FRAUD_SWEEP_S, 1, 86_400)));
  }
}
