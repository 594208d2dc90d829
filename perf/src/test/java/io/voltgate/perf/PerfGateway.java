package io.voltgate.perf;

import io.voltgate.app.Voltgate;
import io.voltgate.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One whole in-process Voltgate (role all: gateway, API, embedded Postgres and Redis, bootstrap key)
 * shared by the perf smoke tests of a JVM, on free ports, stopped when the JVM exits.
 */
public final class PerfGateway {

  public static final String API_KEY = "pk_cpms_live_perf0123456789abcdef0123456789ab";

  private static Voltgate running;

  private PerfGateway() {
  }

  public static synchronized Voltgate get() {
    if (running == null) {
      try {
        Path data = Files.createTempDirectory("voltgate-perf");
        System.setProperty("voltgate.node", "perf-smoke");
        running = Voltgate.start(Settings.of(Map.of(
            "VOLTGATE_HOST", "127.0.0.1",
            "VOLTGATE_OCPP_PORT", "0",
            "VOLTGATE_HTTP_PORT", "0",
            "VOLTGATE_DATA_DIR", data.toString(),
            "VOLTGATE_EVENT_LOOPS", "2",
            "VOLTGATE_BOOTSTRAP_API_KEY", API_KEY,
            "VOLTGATE_HANDSHAKES_PER_IP_PER_SECOND", "100000",
            "VOLTGATE_HANDSHAKES_PER_SECOND", "100000",
            "VOLTGATE_BOOTS_PER_SECOND", "100000")), "perf-smoke");
        Voltgate v = running;
        Runtime.getRuntime().addShutdownHook(new Thread(v::stop));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return running;
  }
}
