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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Each Gatling simulation, small (100 chargers, 8–10 s), run in-process against the in-process
 * Voltgate; Gatling's own assertion (no failed request, i.e. no CALLERROR, timeout, refused
 * handshake, non-200 API answer, command not accepted, SSE stream without events) decides the exit
 * code. Skipped with {@code -Dgatling.skip=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
        "vg.durationS", "8",
        "vg.apiKey", PerfGateway.API_KEY,
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
  @Order(1)
  @Timeout(90)
  void chargerFleet() {
    assertEquals(0, gatling(ChargerFleet.class, Map.of()));
  }

  @Test
  @Order(2)
  @Timeout(90)
  void reconnectStormOfHalfTheFleet() {
    assertEquals(0, gatling(ReconnectStorm.class, Map.of("vg.stormAtS", "3", "vg.stormWindowS", "2",
        "vg.stormGraceS", "2", "vg.stormShare", "0.5")));
  }

  /** Last, on a warm gateway; 50 chargers boot quickly even on a busy machine. */
  @Test
  @Order(4)
  @Timeout(90)
  void commandRoundTripThroughTheControlApi() {
    assertEquals(0, gatling(CommandRoundTrip.class, Map.of("vg.commandRate", "40", "vg.durationS", "10",
        "vg.chargers", "50")));
    assertEquals(50, CommandRoundTrip.UUIDS.size(), "every charger's UUID resolved");
    assertTrue(CommandRoundTrip.SENT.get() >= 10, "commands sent (each checked: 200 and outcome accepted): "
        + CommandRoundTrip.SENT.get() + ", without a target: " + CommandRoundTrip.NO_TARGET.get());
  }

  @Test
  @Order(3)
  @Timeout(90)
  void apiReadsAndSse() {
    assertEquals(0, gatling(ApiAndSse.class, Map.of("vg.apiRate", "15", "vg.sseClients", "3")));
    Stats s = ApiAndSse.lastSseStats;
    assertEquals(3, s.get("sse.clients"), "SSE subscribers: " + s.counters());
    assertEquals(3, s.get("sse.clients_with_events"), "every subscriber received events: " + s.counters());
    assertTrue(s.get("sse.events") >= 3 * 100, "boot, status and meter events of 100 chargers: " + s.counters());
    assertTrue(s.latency("sse event lag").count() > 0);
  }
}
