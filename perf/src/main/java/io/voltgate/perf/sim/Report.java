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

  /** Counters that are times or moments, not counts: merged by maximum, not by sum. */
  private static final List<String> MAX_MERGED = List.of("run.millis", "steady.atMillis", "storm.windowMillis",
      "storm.lastBootMillis", "prereg.millis", "steady.fromMillis", "steady.untilMillis", "steady.afterS", "steady.tailS");
  private static final String BYSTANDER = "bystander ";
  static final String STEADY = "steady ";

  private Report() {
  }

  /** The results of several simulator processes, merged. */
  record Merged(Stats stats, List<String> options, List<String> errors, List<Long> ssePerClient) {
  }

  /** Merges the JSON results of simulator processes (counters add, times by maximum, histograms exactly). */
  static Merged merge(List<Path> files) throws IOException {
    Stats all = new Stats();
    List<String> options = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<Long> ssePerClient = new ArrayList<>();
    for (Path file : files) {
      JsonObject j = new JsonObject(Files.readString(file));
      Stats s = Stats.fromJson(j);
      for (String k : MAX_MERGED) {
        long max = Math.max(all.get(k), s.get(k));
        s.set(k, 0);
        all.set(k, max);
      }
      all.merge(s);
      options.add(j.getString("options", "?"));
      j.getJsonArray("errors", new io.vertx.core.json.JsonArray()).forEach(e -> errors.add(String.valueOf(e)));
      j.getJsonArray("sseEventsPerClient", new io.vertx.core.json.JsonArray())
          .forEach(e -> ssePerClient.add(((Number) e).longValue()));
    }
    return new Merged(all, options, errors, ssePerClient);
  }

  public static void main(String[] args) throws IOException {
    Merged m = merge(java.util.Arrays.stream(args).map(Path::of).toList());
    List<String> options = m.options();
    List<String> errors = m.errors();
    List<Long> ssePerClient = m.ssePerClient();
    print(m.stats(), args.length + " simulator process(es): " + String.join(" | ", options), System.out);
    if (!ssePerClient.isEmpty()) {
      System.out.println("SSE events per client: min " + ssePerClient.stream().mapToLong(Long::longValue).min().orElse(0)
          + ", max " + ssePerClient.stream().mapToLong(Long::longValue).max().orElse(0) + " " + ssePerClient);
    }
    if (!errors.isEmpty()) {
      System.out.println("first errors:");
      errors.stream().limit(20).forEach(e -> System.out.println("  " + e));
    }
  }

  public static void print(Stats s, String title, PrintStream out) {
    double secs = Math.max(0.001, s.get("run.millis") / 1000.0);
    out.println("== " + title);
    out.printf("connections: attempted %d, held %d at the end, dropped %d (closed by the other side), "
        + "never connected %d; handshakes ok %d, refused %s, timed out %d, failed %d%n",
        s.get("connections.attempted"), s.get("connections.held"), s.get("connections.dropped"),
        s.get("connections.failed"), s.get("connections.opened"), byPrefix(s, "handshake.refused."),
        s.get("handshake.timeout"), s.get("handshake.error"));
    if (s.sumPrefix("prereg.") > 0) {
      out.printf("pre-registered %d in %.1f s (POST /cpms/v1/chargers before dialling; refused %s, failed %d,"
              + " not attempted %d, without password %d)%n", s.get("prereg.ok"), s.get("prereg.millis") / 1000.0,
          byPrefix(s, "prereg.http."), s.get("prereg.failed"), s.get("prereg.not_attempted"),
          s.get("prereg.no_password"));
    }
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
    Map<String, LatencyHistogram> bystanders = new java.util.TreeMap<>();
    Map<String, LatencyHistogram> steady = new java.util.TreeMap<>();
    for (Map.Entry<String, LatencyHistogram> e : s.latencies().entrySet()) {
      if (e.getKey().startsWith(BYSTANDER)) {
        bystanders.put(e.getKey().substring(BYSTANDER.length()), e.getValue());
      } else if (e.getKey().startsWith(STEADY)) {
        steady.put(e.getKey().substring(STEADY.length()), e.getValue());
      } else {
        row(out, e.getKey(), e.getValue());
      }
    }
    if (!steady.isEmpty()) {
      out.printf("%-44s %9s %9s %9s %9s %9s%n", String.format(java.util.Locale.ROOT,
          "steady state: CALLs sent %.1f-%.1f s (ms)", s.get("steady.fromMillis") / 1000.0,
          s.get("steady.untilMillis") / 1000.0), "count", "p50", "p99", "p99.9", "max");
      steady.forEach((k, h) -> row(out, k, h));
      out.printf("  (steady state: CALLs sent from %s until %s; %d CALL timeouts among them)%n",
          s.get("steady.afterS") > 0 ? "steadyAfterS=" + s.get("steady.afterS") + " s"
              : "the moment every charger of the simulator process had booted (the last process at "
                  + String.format(java.util.Locale.ROOT, "%.1f s", s.get("steady.fromMillis") / 1000.0) + ")",
          s.get("storm.chargers") > 0 ? "the storm"
              : s.get("steady.tailS") > 0 ? "sampleTailS=" + s.get("steady.tailS")
                  + " s before the end (the benchmark's memory sample, a forced full GC, is taken in that tail)"
              : "the end of the run", s.get("steady.timeouts"));
    }
    if (s.get("storm.chargers") > 0) {
      out.printf("storm: %d chargers dropped and redialled (%d not connected at the storm); BootNotification accepted"
              + " again within %.1f s of the storm (stormWindowS + stormGraceS): %d, later: %d, not at all: %d;"
              + " the last one after %.1f s; %d redials%n",
          s.get("storm.chargers"), s.get("storm.not_connected"), s.get("storm.windowMillis") / 1000.0,
          s.get("storm.boot_in_time"), s.get("storm.boot_late"), s.get("storm.boot_failed"),
          s.get("storm.lastBootMillis") / 1000.0, s.get("storm.redials"));
      long stormers = s.get("storm.chargers");
      if (s.get("storm.boot_failed") == 0) {
        out.printf("storm: all %d storming chargers back (BootNotification Accepted again) within %.1f s of the storm%n",
            stormers, s.get("storm.lastBootMillis") / 1000.0);
      } else {
        out.printf("storm: NOT all back: %d of %d storming chargers had BootNotification Accepted again by the end"
            + " of the run%n", stormers - s.get("storm.boot_failed"), stormers);
      }
      if (s.get("storm.bystanders") > 0) {
        LatencyHistogram all = s.latencies().get(BYSTANDER + "(all CALLs)");
        out.printf("storm bystanders: %d chargers stayed connected, %d of them dropped during the window;"
                + " their CALLs sent in the window: %d, p99 %s ms, %d timed out%n",
            s.get("storm.bystanders"), s.get("storm.bystanders_dropped"), all == null ? 0 : all.count(),
            all == null ? "-" : String.format("%.2f", all.percentileMicros(99) / 1e3), s.get("storm.bystander_timeouts"));
      }
    }
    if (!bystanders.isEmpty()) {
      out.printf("%-44s %9s %9s %9s %9s %9s%n", "bystanders' CALLs sent in the storm window (ms)", "count", "p50",
          "p99", "p99.9", "max");
      bystanders.forEach((k, h) -> row(out, k, h));
    }
    out.println("CALLERRORs by code: " + byPrefix(s, "callerror."));
    if (s.sumPrefix("tx.") > 0) {
      out.printf("transaction messages: acknowledged %s; resent after a drop or timeout %d (unanswered: %s);"
              + " CALLERROR %s; unacknowledged at the end %d (1.6 stops not sent, start unacknowledged: %d);"
              + " cycles skipped %d; transactions left open at the end %d%n", byPrefix(s, "tx.acked."), s.get("tx.resent"), byPrefix(s, "tx.unanswered."),
          byPrefix(s, "tx.callerror."), s.get("tx.unacknowledged_at_end"), s.get("tx.stop_not_sent_start_unacknowledged"),
          s.get("tx.cycle_skipped"), s.get("tx.open_at_end"));
    }
    if (s.sumPrefix("command.") > 0) {
      out.println("commands: " + byPrefix(s, "command."));
    }
    if (s.sumPrefix("resolve.") > 0) {
      out.println("charger ids resolved: " + byPrefix(s, "resolve."));
    }
    if (s.sumPrefix("http.") > 0) {
      out.println("HTTP: " + byPrefix(s, "http."));
    }
    if (s.get("sse.clients") > 0) {
      out.printf("SSE: %d clients (%d received events), %d events in total; %s%n", s.get("sse.clients"),
          s.get("sse.clients_with_events"), s.get("sse.events"),
          s.counters().entrySet().stream().filter(e -> e.getKey().startsWith("sse.") && !List.of("sse.clients",
                  "sse.clients_with_events", "sse.events").contains(e.getKey()))
              .map(e -> e.getKey().substring(4) + "=" + e.getValue()).collect(Collectors.joining(", ")));
    }
    if (s.sumPrefix("apikey.") > 0) {
      out.println("API key: " + byPrefix(s, "apikey."));
    }
    String other = s.counters().entrySet().stream()
        .filter(e -> e.getKey().startsWith("boot.") || e.getKey().startsWith("close.code.")
            || e.getKey().startsWith("sim.") || e.getKey().startsWith("socket.") || e.getKey().startsWith("server.call."))
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    if (!other.isEmpty()) {
      out.println("other: " + other);
    }
  }

  private static void row(PrintStream out, String label, LatencyHistogram h) {
    out.printf("  %-42s %9d %9.2f %9.2f %9.2f %9.2f%n", label, h.count(), h.percentileMicros(50) / 1e3,
        h.percentileMicros(99) / 1e3, h.percentileMicros(99.9) / 1e3, h.maxMicros() / 1e3);
  }

  private static String byPrefix(Stats s, String prefix) {
    String v = s.counters().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getKey().substring(prefix.length()) + "=" + e.getValue()).collect(Collectors.joining(", "));
    return v.isEmpty() ? "none" : "{" + v + "}";
  }
}
