package io.voltgate.perf.sim;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a simulator summary; {@code main} merges the JSON results of several simulator processes
 * (histograms add exactly) and prints one summary.
 */
public final class Report {

  private Report() {
  }

  public static void main(String[] args) throws IOException {
    Stats all = new Stats();
    long runMillis = 0;
    List<String> options = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String file : args) {
      JsonObject j = new JsonObject(Files.readString(Path.of(file)));
      Stats s = Stats.fromJson(j);
      runMillis = Math.max(runMillis, s.get("run.millis"));
      s.set("run.millis", 0);
      s.set("steady.atMillis", Math.max(all.get("steady.atMillis"), s.get("steady.atMillis")));
      all.set("steady.atMillis", 0);
      all.merge(s);
      options.add(j.getString("options", "?"));
      j.getJsonArray("errors", new io.vertx.core.json.JsonArray()).forEach(e -> errors.add(String.valueOf(e)));
    }
    all.set("run.millis", runMillis);
    print(all, args.length + " simulator process(es): " + String.join(" | ", options), System.out);
    if (!errors.isEmpty()) {
      System.out.println("first errors:");
      errors.stream().limit(20).forEach(e -> System.out.println("  " + e));
    }
  }

  public static void print(Stats s, String title, PrintStream out) {
    double secs = Math.max(0.001, s.get("run.millis") / 1000.0);
    out.println("== " + title);
    out.printf("connections: attempted %d, held %d at the end, dropped %d (closed by the other side), "
        + "never connected %d; handshakes ok %d, refused %s, failed %d%n",
        s.get("connections.attempted"), s.get("connections.held"), s.get("connections.dropped"),
        s.get("connections.failed"), s.get("connections.opened"), byPrefix(s, "handshake.refused."),
        s.get("handshake.error"));
    long calls = s.get("calls.answered");
    long serverCalls = s.get("server.calls");
    long frames = s.get("frames.in") + s.get("frames.out");
    out.printf("messages: %d charger CALLs answered (%.1f/s), %d CSMS CALLs answered, %d frames in+out "
        + "(%.1f/s) over %.1f s; call timeouts %d%n", calls, calls / secs, serverCalls, frames, frames / secs, secs,
        s.get("calls.timeout"));
    if (s.get("steady.atMillis") > 0) {
      out.printf("every charger booted after %.1f s%n", s.get("steady.atMillis") / 1000.0);
    }
    out.printf("%-44s %9s %9s %9s %9s %9s%n", "latency (ms)", "count", "p50", "p99", "p99.9", "max");
    for (Map.Entry<String, LatencyHistogram> e : s.latencies().entrySet()) {
      LatencyHistogram h = e.getValue();
      out.printf("  %-42s %9d %9.2f %9.2f %9.2f %9.2f%n", e.getKey(), h.count(), h.percentileMicros(50) / 1e3,
          h.percentileMicros(99) / 1e3, h.percentileMicros(99.9) / 1e3, h.maxMicros() / 1e3);
    }
    out.println("CALLERRORs by code: " + byPrefix(s, "callerror."));
    if (s.sumPrefix("command.") > 0) {
      out.println("commands: " + byPrefix(s, "command."));
    }
    if (s.sumPrefix("http.") > 0) {
      out.println("HTTP: " + byPrefix(s, "http."));
    }
    String other = s.counters().entrySet().stream()
        .filter(e -> e.getKey().startsWith("boot.") || e.getKey().startsWith("close.code.")
            || e.getKey().startsWith("sim.") || e.getKey().startsWith("storm.")
            || e.getKey().startsWith("socket.") || e.getKey().startsWith("server.call."))
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    if (!other.isEmpty()) {
      out.println("other: " + other);
    }
  }

  private static String byPrefix(Stats s, String prefix) {
    String v = s.counters().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getKey().substring(prefix.length()) + "=" + e.getValue()).collect(Collectors.joining(", "));
    return v.isEmpty() ? "none" : "{" + v + "}";
  }
}
