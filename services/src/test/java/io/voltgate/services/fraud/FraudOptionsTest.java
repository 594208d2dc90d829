package io.voltgate.services.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.voltgate.config.Settings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FraudOptionsTest {

  @Test
  void defaultsAreTenAndThirtySeconds() {
    FraudOptions o = FraudOptions.from(Settings.of(Map.of()));
    assertEquals(0, new BigDecimal("10").compareTo(o.threshold()));
    assertEquals(Duration.ofSeconds(30), o.sweepInterval());
  }

  @Test
  void aDecimalThresholdIsTakenAsWritten() {
    FraudOptions o = FraudOptions.from(Settings.of(Map.of("VOLTGATE_FRAUD_HOLD_THRESHOLD", "12.50",
        "VOLTGATE_FRAUD_SWEEP_S", "5")));
    assertEquals(new BigDecimal("12.50"), o.threshold());
    assertEquals(Duration.ofSeconds(5), o.sweepInterval());
  }

  @Test
  void aNegativeOrMalformedThresholdIsAConfigurationError() {
    assertThrows(Settings.ConfigException.class,
        () -> FraudOptions.from(Settings.of(Map.of("VOLTGATE_FRAUD_HOLD_THRESHOLD", "-1"))));
    assertThrows(Settings.ConfigException.class,
        () -> FraudOptions.from(Settings.of(Map.of("VOLTGATE_FRAUD_HOLD_THRESHOLD", "ten"))));
    assertThrows(Settings.ConfigException.class,
        () -> FraudOptions.from(Settings.of(Map.of("VOLTGATE_FRAUD_SWEEP_S", "0"))));
  }
}
