package io.voltgate.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.voltgate.perf.sim.Fleet;
import io.voltgate.perf.sim.SimOptions;
import io.voltgate.perf.sim.Stats;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each simulator scenario, small, against an in-process Voltgate: nothing dropped, no CALLERROR, no
 * timeout. (The real measurements are taken with perf/bench; see perf/BENCHMARKS.md.)
 */
class SimulatorSmokeTest {

  private static Stats run(String scenario, String prefix, int durationS, Map<String, String> extra) {
    PerfGateway.Running gw = PerfGateway.get();
    Map<String, String> o = new HashMap<>(Map.of(
        "scenario", scenario,
        "port", Integer.toString(gw.ocppPort()),
        "chargers", "200",
        "rate", "50",
        "heartbeatS", "5",
        "meterS", "3",
        "txShare", "0.5",
        "durationS", Integer.toString(durationS),
        "idPrefix", prefix + "-" + Long.toString(System.nanoTime(), 36) + "-"));
    o.put("sourceCount", "4");
    o.putAll(extra);
    return Fleet.run(SimOptions.from(o));
  }

  private static void assertClean(Stats s, int chargers) {
    assertEquals(chargers, s.get("connections.attempted"));
    assertEquals(0, s.get("connections.failed"), "chargers that never connected");
    assertEquals(0, s.get("connections.dropped"), "dropped connections");
    assertEquals(chargers, s.get("connections.held"), "connections held at the end");
    assertEquals(0, s.sumPrefix("callerror."), "CALLERRORs: " + s.counters());
    assertEquals(0, s.get("calls.timeout"), "timed-out CALLs");
    assertEquals(0, s.sumPrefix("handshake."), "refused or failed handshakes: " + s.counters());
  }

  @Test
  @Timeout(90)
  void fleet200ChargersFor20Seconds() {
    Stats s = run("fleet", "SMOKE-FLEET", 20, Map.of());
    assertClean(s, 200);
    assertTrue(s.latency("BootNotification").count() >= 200);
    assertTrue(s.latency("Heartbeat").count() >= 200, "heartbeats every 5 s");
    assertTrue(s.latency("MeterValues").count() + s.latency("TransactionEvent").count() > 100);
    assertTrue(s.latency("StopTransaction").count() > 0, "1.6 transactions stopped at the end");
  }

  @Test
  @Timeout(90)
  void reconnectStormEveryChargerRedialsWithinFiveSeconds() {
    Stats s = run("storm", "SMOKE-STORM", 14, Map.of("stormAtS", "6", "stormWindowS", "5"));
    assertClean(s, 200);
    assertEquals(200, s.get("storm.redials"));
    assertEquals(200, s.latency("storm redial→booted").count());
    assertEquals(400, s.get("connections.opened"));
  }

  @Test
  @Timeout(90)
  void commandsRoundTripThroughTheCommandPath() {
    PerfGateway.Running gw = PerfGateway.get();
    Stats s = run("commands", "SMOKE-CMD", 12,
        Map.of("redisUrl", gw.backends().redisUrl(), "commandRate", "40"));
    assertClean(s, 200);
    long sent = s.get("command.sent");
    assertTrue(sent >= 100, "commands sent: " + sent);
    assertEquals(sent, s.get("command.accepted"), "every command accepted: " + s.counters());
    assertEquals(sent, s.get("server.calls"));
  }

  @Test
  @Timeout(90)
  void apiReadsWhileTheFleetRuns() {
    PerfGateway.Running gw = PerfGateway.get();
    Stats s = run("api", "SMOKE-API", 10, Map.of("apiUrl", "http://127.0.0.1:" + gw.httpPort(),
        "apiKey", PerfGateway.API_KEY, "apiRate", "30"));
    assertClean(s, 200);
    assertTrue(s.get("http.200") >= 200, "API reads: " + s.counters());
    assertEquals(s.get("http.200"), s.sumPrefix("http."), "only 200s: " + s.counters());
  }
}
