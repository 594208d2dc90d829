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

/** Fault scenario 6, small: 3,000 mutated HTTP requests to every route, 0 HTTP 500s; the full size is perf/fuzz http. */
class HttpFuzzSmokeTest {

  @Test
  @Timeout(90)
  void threeThousandMutatedRequestsGetNo500() {
    PerfGateway.Running gw = PerfGateway.get();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    HttpFuzzer.Result r = HttpFuzzer.run(Map.of("port", Integer.toString(gw.httpPort()), "apiKey", PerfGateway.API_KEY,
        "requests", "3000", "seed", "21", "durationS", "50", "rawShare", "0.05", "hugeShare", "0.003"), out);
    String report = log.toString(StandardCharsets.UTF_8);
    System.out.println(report);
    Stats s = r.stats();
    assertTrue(r.routes() > 50, "routes from /openapi.json: " + r.routes());
    assertEquals(3000, s.get("sent"), report);
    assertEquals(3000, s.get("answered"), "every request answered (no transport error): " + report);
    assertEquals(0, s.get("status.500"), "HTTP 500s: " + r.serverErrors());
    assertEquals(0, s.get("server_error"), "5xx other than 503: " + r.serverErrors());
    assertTrue(s.get("status.200") + s.get("status.201") + s.get("status.202") > 0, "some requests were valid: " + report);
    assertTrue(s.get("status.400") > 300, "bad input answered 400: " + report);
    assertTrue(s.get("status.401") > 100, "bad keys answered 401: " + report);
    assertTrue(s.get("raw.sent") > 50, report);
  }
}
