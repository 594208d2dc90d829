package io.voltgate.perf.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voltgate.perf.PerfGateway;
import io.voltgate.perf.sim.Stats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault scenario 6, small: 20,000 fuzzed OCPP frames over both versions from 10 chargers while 40
 * well-behaved chargers heartbeat every second; the full size (1,000,000 frames) is perf/fuzz ocpp.
 */
class OcppFuzzSmokeTest {

  @Test
  @Timeout(90)
  void twentyThousandFuzzedFramesLeaveTheControlGroupAndTheServerAlone() {
    PerfGateway.Running gw = PerfGateway.get();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    OcppFuzzer.Result r = OcppFuzzer.run(Map.of("port", Integer.toString(gw.ocppPort()), "frames", "20000",
        "fuzzers", "10", "control", "40", "controlHeartbeatS", "1", "durationS", "45", "seed", "21",
        "closingShare", "0.001", "maxFrameBytes", "65536"), out);
    String report = log.toString(StandardCharsets.UTF_8);
    System.out.println(report);
    Stats f = r.fuzz();
    assertEquals(20_000, f.get("frames.sent"), report);
    assertEquals(0, f.get("fuzz.stopped_by_time"), report);
    assertEquals(0, f.get("closed.unexpected"), "sockets closed for anything but 1007/1009: " + r.unexpectedCloses());
    assertEquals(0, f.get("sync.timeout"), "every batch's Heartbeat answered: " + r.unexpectedCloses());
    assertTrue(f.latency("sync Heartbeat").count() >= 20_000 / 50 - 50, report);
    assertTrue(f.sumPrefix("reply.callerror.") > 5_000, "broken frames get CALLERRORs: " + report);
    assertEquals(0, f.get("reply.callerror.InternalError"), "no InternalError: " + report);
    assertTrue(f.get("closed.expected") > 0, "the closing frames were sent: " + report);
    assertTrue(f.get("connections.reconnect") >= f.get("closed.expected"), "a closed fuzzer dials again: " + report);
    Stats c = r.control();
    assertEquals(40, c.get("connections.attempted"));
    assertEquals(0, c.get("connections.dropped"), "collateral disconnects: " + c.counters());
    assertEquals(0, c.get("connections.failed"));
    assertEquals(40, c.get("connections.held"));
    assertEquals(0, c.sumPrefix("callerror."), c.counters().toString());
    assertEquals(0, c.get("calls.timeout"));
    assertTrue(c.latency("Heartbeat").count() >= 40 * 5, "the control group kept heartbeating: " + report);
  }
}
