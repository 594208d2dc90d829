package io.voltgate.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.voltgate.perf.gatling.ApiAndSse;
import io.voltgate.perf.gatling.ChargerFleet;
import io.voltgate.perf.gatling.CommandRoundTrip;
import io.voltgate.perf.gatling.ReconnectStorm;
import io.voltgate.perf.sim.Stats;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each Gatling simulation, small (100 chargers, ~12 s), run in-process against the in-process
 * Voltgate; Gatling's own assertion (no failed request, i.e. no CALLERROR, timeout or refused
 * handshake) decides the exit code. Skipped with {@code -Dgatling.skip=true}.
 */
class GatlingSmokeTest {

  private static int gatling(Class<?> simulation, Map<String, String> extra) {
    org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("gatling.skip"), "gatling.skip");
    PerfGateway.Running gw = PerfGateway.get();
    Map<String, String> props = new HashMap<>(Map.of(
        "vg.wsUrl", "ws://127.0.0.1:" + gw.ocppPort(),
        "vg.apiUrl", "http://127.0.0.1:" + gw.httpPort(),
        "vg.chargers", System.getProperty("smoke.chargers", "100"),
        "vg.rate", "50",
        "vg.heartbeatS", "4",
        "vg.meterS", "2",
        "vg.txShare", "0.5",
        "vg.durationS", "12",
        "vg.idPrefix", "GSMOKE-" + simulation.getSimpleName() + "-" + Long.toString(System.nanoTime(), 36) + "-"));
    props.putAll(extra);
    props.forEach(System::setProperty);
    try {
      return io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
          "--simulation", simulation.getName(),
          "--results-folder", "target/gatling-smoke",
          "--no-reports"});
    } finally {
      props.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  @Timeout(90)
  void chargerFleet() {
    assertEquals(0, gatling(ChargerFleet.class, Map.of()));
  }

  @Test
  @Timeout(90)
  void reconnectStorm() {
    assertEquals(0, gatling(ReconnectStorm.class, Map.of("vg.stormAtS", "4", "vg.stormWindowS", "3")));
  }

  @Test
  @Timeout(90)
  void commandRoundTrip() {
    PerfGateway.Running gw = PerfGateway.get();
    assertEquals(0, gatling(CommandRoundTrip.class, Map.of("vg.redisUrl", gw.backends().redisUrl(),
        "vg.commandRate", "20")));
    Stats s = CommandRoundTrip.lastDriverStats;
    assertTrue(s.get("command.sent") >= 20, "commands sent: " + s.counters());
    assertEquals(s.get("command.sent"), s.get("command.accepted"), "every command accepted: " + s.counters());
  }

  @Test
  @Timeout(90)
  void apiAndSse() {
    assertEquals(0, gatling(ApiAndSse.class, Map.of("vg.apiKey", PerfGateway.API_KEY, "vg.apiRate", "15")));
  }
}
