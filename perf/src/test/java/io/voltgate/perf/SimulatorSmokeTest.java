package io.voltgate.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.voltgate.perf.sim.Fleet;
import io.voltgate.perf.sim.LatencyHistogram;
import io.voltgate.perf.sim.SimOptions;
import io.voltgate.perf.sim.Stats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each simulator scenario, small and short, against an in-process Voltgate: nothing dropped, no
 * CALLERROR, no timeout, and what the scenario is about really happened. (The real measurements are
 * taken with perf/bench; see perf/BENCHMARKS.md.)
 */
class SimulatorSmokeTest {

  private static final List<String> COMMAND_ENDPOINTS = List.of("cmd POST change-availability",
      "cmd POST trigger-message", "cmd GET configuration", "cmd POST configuration", "cmd POST variables/get");

  private static Stats run(String scenario, String prefix, int chargers, int durationS, Map<String, String> extra) {
    PerfGateway.Running gw = PerfGateway.get();
    Map<String, String> o = new HashMap<>(Map.of(
        "scenario", scenario,
        "port", Integer.toString(gw.ocppPort()),
        "chargers", Integer.toString(chargers),
        "rate", "100",
        "heartbeatS", "3",
        "meterS", "2",
        "txShare", "0.5",
        "durationS", Integer.toString(durationS),
        "idPrefix", prefix + "-" + Long.toString(System.nanoTime(), 36) + "-"));
    o.put("sourceCount", "4");
    o.put("apiUrl", "http://127.0.0.1:" + gw.httpPort());
    o.put("apiKey", PerfGateway.API_KEY);
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

  private static void assertNoServerErrors(Stats s) {
    s.counters().forEach((k, v) -> assertTrue(!k.matches("(.*\\.)?http\\.5\\d\\d") || v == 0, k + "=" + v));
  }

  @Test
  @Timeout(60)
  void fleet200ChargersFor6Seconds() {
    Stats s = run("fleet", "SMOKE-FLEET", 200, 6, Map.of());
    assertClean(s, 200);
    assertTrue(s.latency("BootNotification").count() >= 200);
    assertTrue(s.latency("Heartbeat").count() >= 200, "heartbeats every 3 s");
    assertTrue(s.latency("MeterValues").count() + s.latency("TransactionEvent").count() > 100);
    assertTrue(s.latency("StopTransaction").count() > 0, "1.6 transactions stopped at the end");
  }

  @Test
  @Timeout(60)
  void stormOfHalfTheFleetWhileTheOtherHalfKeepsItsTraffic() {
    Stats s = run("storm", "SMOKE-STORM", 200, 11,
        Map.of("stormAtS", "4", "stormWindowS", "3", "stormGraceS", "3", "stormShare", "0.5"));
    long storming = s.get("storm.chargers");
    assertTrue(storming >= 90 && storming <= 110, "about half the chargers storm: " + s.counters());
    assertEquals(200 - storming, s.get("storm.bystanders"), "the others stay connected");
    assertEquals(0, s.get("storm.bystanders_dropped"));
    assertEquals(storming, s.get("storm.redials"));
    assertEquals(0, s.get("storm.boot_failed"), "every storming charger booted again: " + s.counters());
    assertEquals(storming, s.get("storm.boot_in_time") + s.get("storm.boot_late"));
    assertTrue(s.get("storm.boot_in_time") > 0, "BootNotifications accepted within stormWindowS + stormGraceS: "
        + s.counters());
    assertEquals(6_000, s.get("storm.windowMillis"));
    assertTrue(s.get("storm.lastBootMillis") > 0, "when the last storming charger was back");
    assertEquals(storming, s.latency("storm redial→booted").count());
    assertEquals(200 + storming, s.get("connections.opened"));
    LatencyHistogram bystanders = s.latency("bystander (all CALLs)");
    assertTrue(bystanders.count() >= 100, "bystanders' CALLs in the 6 s window (heartbeats every 3 s): " + bystanders.count());
    assertTrue(s.latency("bystander Heartbeat").count() > 0);
    assertEquals(0, s.sumPrefix("callerror."), "CALLERRORs: " + s.counters());
    assertEquals(0, s.get("calls.timeout"));
    assertEquals(0, s.get("connections.failed"));
    assertEquals(200, s.get("connections.held"));
  }

  @Test
  @Timeout(60)
  void commandsThroughTheControlApi() {
    Stats s = run("commands", "SMOKE-CMD", 150, 8, Map.of("commandRate", "40"));
    assertClean(s, 150);
    assertEquals(1, s.get("apikey.minted"), "a dedicated key with a high hourly limit: " + s.counters());
    assertEquals(150, s.get("resolve.found"), "every charger's UUID resolved: " + s.counters());
    long sent = s.get("command.sent");
    assertTrue(sent >= 100, "commands sent: " + s.counters());
    assertEquals(sent, s.get("command.accepted"), "every command accepted: " + s.counters());
    assertEquals(sent, s.get("http.200"), "every control request answered 200: " + s.counters());
    assertNoServerErrors(s);
    assertEquals(sent, s.get("server.calls"), "each command reached a charger as one CALL");
    for (String endpoint : COMMAND_ENDPOINTS) {
      assertTrue(s.latency(endpoint).count() > 0, endpoint + " timed: " + s.latencies().keySet());
    }
  }

  @Test
  @Timeout(60)
  void commandsThroughTheRedisCommandPath() {
    PerfGateway.Running gw = PerfGateway.get();
    Stats s = run("commands", "SMOKE-CMDR", 100, 6,
        Map.of("commandPath", "redis", "redisUrl", gw.backends().redisUrl(), "commandRate", "40"));
    assertClean(s, 100);
    long sent = s.get("command.sent");
    assertTrue(sent >= 40, "commands sent: " + sent);
    assertEquals(sent, s.get("command.accepted"), "every command accepted: " + s.counters());
    assertEquals(sent, s.get("server.calls"));
  }

  @Test
  @Timeout(60)
  void apiReadsAndEventStreamWhileTheFleetRuns() {
    Stats s = run("api", "SMOKE-API", 150, 8, Map.of("apiRate", "30", "sseClients", "3"));
    assertClean(s, 150);
    assertTrue(s.get("http.200") >= 150, "API reads: " + s.counters());
    assertEquals(s.get("http.200"), s.sumPrefix("http."), "only 200s: " + s.counters());
    assertEquals(3, s.get("sse.clients"));
    assertEquals(3, s.get("sse.clients_with_events"), "every SSE client received events: " + s.counters());
    // 150 boots, their status notifications and meter values: hundreds of events per client.
    assertTrue(s.get("sse.events") >= 3 * 150, "SSE events: " + s.counters());
    assertEquals(s.get("sse.events"), s.latency("sse event lag").count(), "every event's lag recorded");
    assertEquals(0, s.get("sse.unparseable"));
    assertNoServerErrors(s);
  }

  @Test
  @Timeout(90)
  void preRegisteredChargersWithBasicAuthAndPeriodicStatus() {
    int n = 30;
    Stats s = run("fleet", "SMOKE-PREREG", n, 8, Map.of("preRegister", "true", "securityProfile", "1",
        "statusS", "2", "txShare", "0", "v201Share", "0.5"));
    assertEquals(n, s.get("prereg.ok"), "every charger registered: " + s.counters());
    assertEquals(0, s.get("prereg.no_password"), "profile 1: a password per charger");
    assertEquals(n, s.latency("POST /cpms/v1/chargers (pre-register)").count());
    assertClean(s, n);
    // 1.6 sends two StatusNotifications at boot, 2.0.1 one; statusS=2 adds about three per charger in 8 s.
    assertTrue(s.latency("StatusNotification").count() >= n * 2 + n, "periodic status: " + s.latencies().keySet()
        + " " + s.latency("StatusNotification").count());
  }

  @Test
  @Timeout(60)
  void handshakesThatNeverCompleteAreCountedAsTimedOut() throws Exception {
    // A TCP listener that accepts and never answers the HTTP upgrade.
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (!silent.isClosed()) {
            held.add(silent.accept());
          }
        } catch (java.io.IOException e) {
          // closed
        }
      }, "silent-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      Stats s = Fleet.run(SimOptions.from(Map.of("port", Integer.toString(silent.getLocalPort()), "chargers", "4",
          "rate", "100", "durationS", "5", "handshakeTimeoutS", "1", "reconnectMinMs", "100",
          "reconnectMaxMs", "200", "sourceCount", "0", "idPrefix", "SMOKE-HANG-")));
      for (java.net.Socket c : held) {
        c.close();
      }
      assertEquals(4, s.get("connections.failed"), "no charger got a socket: " + s.counters());
      assertTrue(s.get("handshake.timeout") >= 8, "each charger gave up every ~1.1-1.2 s: " + s.counters());
      assertEquals(0, s.get("handshake.error"), "timeouts are not failures: " + s.counters());
      assertEquals(0, s.sumPrefix("handshake.refused."));
    }
  }
}
