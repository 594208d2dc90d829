package io.voltgate.services.billing;

import io.voltgate.services.billing.IdleDetector;
import io.voltgate.services.billing.MeterReading;
import io.voltgate.services.billing.SessionUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idle-time definition, reading by reading. */
class IdleDetectorTest {

  private static final Instant T0 = Instant.parse("2026-06-17T10:00:00Z");

  private static Instant at(int minutes) {
    return T0.plusSeconds(minutes * 60L);
  }

  private static Instant idle(int stopMinutes, MeterReading... readings) {
    return IdleDetector.idleSince(new SessionUsage(T0, at(stopMinutes), BigDecimal.ONE, List.of(readings), ZoneId.of("UTC")));
  }

  @Test
  void aFlatRegisterFromTheStartMeansTheWholeSessionIdled() {
    assertEquals(T0, idle(30, MeterReading.energy(T0, "500"), MeterReading.energy(at(30), "500")));
  }

  @Test
  void aSingleRegisterReadingProvesNothing() {
    assertNull(idle(30, MeterReading.energy(at(30), "500")));
  }

  @Test
  void powerAtTheThresholdIsNotCharging() {
    assertEquals(at(5), idle(30, MeterReading.power(at(5), "10")));
    assertNull(idle(30, MeterReading.power(at(5), "10.5")));
  }

  @Test
  void powerOutranksTheRegisterAtTheSameInstant() {
    assertNull(idle(30, MeterReading.energy(T0, "0"),
        new MeterReading(at(20), BigDecimal.ZERO, new BigDecimal("7000"))));
  }

  @Test
  void readingsOutsideTheSessionAreIgnored() {
    assertNull(idle(30, MeterReading.power(at(-5), "0"), MeterReading.power(at(45), "0")));
  }
}
