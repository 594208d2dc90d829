package io.voltgate.perf.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The side-by-side table of perf/compare: {@code Compare REFERENCE_DIR VOLTGATE_DIR} reads each run's
 * simulator results ({@code sim-*.json}, merged as {@link Report} does) and the server figures
 * perf/bench wrote ({@code server.txt}: RSS, CPU, …) and prints both columns and their ratio
 * (Voltgate ÷ reference).
 */
public final class Compare {

  private Compare() {
  }

  /** One side: merged simulator statistics and the server process figures. */
  private record Side(Stats stats, Map<String, String> server) {
    String s(String key) {
      return server.getOrDefault(key, "");
    }

    Double d(String key) {
      String v = s(key);
      try {
        return v.isEmpty() ? null : Double.valueOf(v);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    long c(String counter) {
      return stats.get(counter);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Compare REFERENCE_RUN_DIR VOLTGATE_RUN_DIR");
      System.exit(2);
    }
    print(load(Path.of(args[0])), load(Path.of(args[1])), System.out);
  }

  private static Side load(Path dir) throws IOException {
    List<Path> sims;
    try (Stream<Path> files = Files.list(dir)) {
      sims = files.filter(p -> p.getFileName().toString().matches("sim-\\d+\\.json")).sorted().toList();
    }
    Stats stats = sims.isEmpty() ? new Stats() : Report.merge(sims).stats();
    Map<String, String> server = new LinkedHashMap<>();
    Path txt = dir.resolve("server.txt");
    if (Files.exists(txt)) {
      for (String line : Files.readAllLines(txt)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          server.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    }
    return new Side(stats, server);
  }

  private static void print(Side ref, Side vg, PrintStream out) {
    String head = "%-52s %16s %16s %10s%n";
    out.printf(head, "", "reference", "Voltgate", "V ÷ ref");
    out.printf(head, "", "(ocpp-rpc)", "", "");
    section(out, "connections");
    row(out, "chargers connected / attempted",
        (ref.c("connections.attempted") - ref.c("connections.failed")) + " / " + ref.c("connections.attempted"),
        (vg.c("connections.attempted") - vg.c("connections.failed")) + " / " + vg.c("connections.attempted"),
        ratio(ref.c("connections.attempted") - ref.c("connections.failed"),
            vg.c("connections.attempted") - vg.c("connections.failed")));
    count(out, "held at the end", ref, vg, "connections.held");
    count(out, "dropped (closed by the server or the network)", ref, vg, "connections.dropped");
    count(out, "handshakes ok (reconnects included)", ref, vg, "connections.opened");
    count(out, "handshakes timed out", ref, vg, "handshake.timeout");
    row(out, "handshakes refused (HTTP status)", refused(ref), refused(vg),
        ratio(ref.stats.sumPrefix("handshake.refused."), vg.stats.sumPrefix("handshake.refused.")));
    count(out, "handshakes failed (other errors)", ref, vg, "handshake.error");
    if (vg.c("prereg.ok") > 0 || vg.c("prereg.millis") > 0) {
      row(out, "pre-registered (Voltgate only)", "-", vg.c("prereg.ok") + " in "
          + fmt(vg.c("prereg.millis") / 1000.0) + " s", "");
    }

    section(out, "messages");
    row(out, "charger CALLs answered", Long.toString(ref.c("calls.answered")), Long.toString(vg.c("calls.answered")),
        ratio(ref.c("calls.answered"), vg.c("calls.answered")));
    row(out, "charger CALLs answered per second", fmt(perSecond(ref, "calls.answered")),
        fmt(perSecond(vg, "calls.answered")), ratio(perSecond(ref, "calls.answered"), perSecond(vg, "calls.answered")));
    row(out, "CALLERRORs", Long.toString(ref.stats.sumPrefix("callerror.")),
        Long.toString(vg.stats.sumPrefix("callerror.")),
        ratio(ref.stats.sumPrefix("callerror."), vg.stats.sumPrefix("callerror.")));
    count(out, "CALL timeouts", ref, vg, "calls.timeout");
    row(out, "every charger booted after (s)", seconds(ref, "steady.atMillis"), seconds(vg, "steady.atMillis"),
        ratio(ref.c("steady.atMillis"), vg.c("steady.atMillis")));

    section(out, "latency (ms), CALL written -> answer read, in the simulator");
    TreeSet<String> labels = new TreeSet<>();
    for (Side side : List.of(ref, vg)) {
      side.stats.latencies().keySet().stream()
          .filter(k -> !k.startsWith("bystander ") && !k.startsWith("storm ") && !k.startsWith("POST /cpms")
              && !k.startsWith(Report.STEADY))
          .forEach(labels::add);
    }
    for (String label : labels) {
      for (double pct : new double[] {50, 99}) {
        Double r = percentile(ref, label, pct);
        Double v = percentile(vg, label, pct);
        row(out, String.format(Locale.ROOT, "%s p%.0f", label, pct), r == null ? "-" : fmt(r),
            v == null ? "-" : fmt(v), r == null || v == null ? "" : ratio(r, v));
      }
    }

    TreeSet<String> steady = new TreeSet<>();
    for (Side side : List.of(ref, vg)) {
      side.stats.latencies().keySet().stream().filter(k -> k.startsWith(Report.STEADY))
          .forEach(k -> steady.add(k.substring(Report.STEADY.length())));
    }
    if (!steady.isEmpty()) {
      section(out, "steady state latency (ms): CALLs sent after every charger booted"
          + (vg.c("steady.afterS") > 0 ? " (steadyAfterS=" + vg.c("steady.afterS") + ")" : "")
          + (ref.c("storm.chargers") > 0 || vg.c("storm.chargers") > 0 ? ", before the storm" : ""));
      row(out, "steady window (s from the start)", window(ref), window(vg), "");
      count(out, "CALL timeouts in the steady window", ref, vg, "steady.timeouts");
      for (String label : steady) {
        Double rc = count(ref, Report.STEADY + label);
        Double vc = count(vg, Report.STEADY + label);
        row(out, label + " count", rc == null ? "-" : String.format(Locale.ROOT, "%.0f", rc),
            vc == null ? "-" : String.format(Locale.ROOT, "%.0f", vc), rc == null || vc == null ? "" : ratio(rc, vc));
        for (double pct : new double[] {50, 99, 99.9}) {
          Double r = percentile(ref, Report.STEADY + label, pct);
          Double v = percentile(vg, Report.STEADY + label, pct);
          row(out, String.format(Locale.ROOT, "%s p%s", label, pct == 99.9 ? "99.9" : String.format(Locale.ROOT, "%.0f", pct)),
              r == null ? "-" : fmt(r), v == null ? "-" : fmt(v), r == null || v == null ? "" : ratio(r, v));
        }
      }
    }

    if (ref.c("storm.chargers") > 0 || vg.c("storm.chargers") > 0) {
      section(out, "storm");
      count(out, "storming chargers (dropped and redialled)", ref, vg, "storm.chargers");
      row(out, "all back (BootNotification Accepted) within (s)", allBack(ref), allBack(vg),
          ref.c("storm.boot_failed") == 0 && vg.c("storm.boot_failed") == 0
              ? ratio(ref.c("storm.lastBootMillis"), vg.c("storm.lastBootMillis")) : "");
      count(out, "back within stormWindowS + stormGraceS", ref, vg, "storm.boot_in_time");
      count(out, "not back at all", ref, vg, "storm.boot_failed");
      for (double pct : new double[] {50, 99}) {
        Double r = percentile(ref, "storm redial→booted", pct);
        Double v = percentile(vg, "storm redial→booted", pct);
        row(out, String.format(Locale.ROOT, "redial -> booted p%.0f (ms)", pct), r == null ? "-" : fmt(r),
            v == null ? "-" : fmt(v), r == null || v == null ? "" : ratio(r, v));
      }
      count(out, "bystanders (stayed connected)", ref, vg, "storm.bystanders");
      count(out, "bystanders dropped in the window", ref, vg, "storm.bystanders_dropped");
      count(out, "bystanders' CALL timeouts in the window", ref, vg, "storm.bystander_timeouts");
      for (double pct : new double[] {50, 99}) {
        Double r = percentile(ref, "bystander (all CALLs)", pct);
        Double v = percentile(vg, "bystander (all CALLs)", pct);
        row(out, String.format(Locale.ROOT, "bystanders' CALLs in the window p%.0f (ms)", pct),
            r == null ? "-" : fmt(r), v == null ? "-" : fmt(v), r == null || v == null ? "" : ratio(r, v));
      }
    }

    section(out, "server process(es) (/proc; CPU = user+system over the run, 100% = one core)");
    for (String[] k : new String[][] {{"RSS idle (MB)", "rss_idle_kb"}, {"RSS steady (MB)", "rss_steady_kb"},
        {"RSS peak (MB)", "rss_peak_kb"}}) {
      Double r = ref.d(k[1]);
      Double v = vg.d(k[1]);
      row(out, k[0], r == null ? "-" : fmt(r / 1024), v == null ? "-" : fmt(v / 1024),
          r == null || v == null ? "" : ratio(r, v));
    }
    row(out, "RSS per open connection (steady - idle, KiB)", perConnection(ref), perConnection(vg),
        ratio(perConnectionValue(ref), perConnectionValue(vg)));
    row(out, "CPU (% of one core)", pct(ref.d("cpu_pct")), pct(vg.d("cpu_pct")), ratio(ref.d("cpu_pct"), vg.d("cpu_pct")));
    Double wallRef = ref.d("wall_s");
    Double wallVg = vg.d("wall_s");
    row(out, "CPU seconds", cpuSeconds(ref), cpuSeconds(vg), ratio(cpuSecondsValue(ref), cpuSecondsValue(vg)));
    if (vg.d("backend_pss_kb") != null) {
      Double peak = vg.d("rss_peak_kb");
      Double backend = vg.d("backend_pss_kb");
      Double rPeak = ref.d("rss_peak_kb");
      double total = (peak == null ? 0 : peak) + backend;
      row(out, "incl. embedded Postgres + Redis: memory (MB)", rPeak == null ? "-" : fmt(rPeak / 1024),
          fmt(total / 1024), rPeak == null ? "" : ratioOf(rPeak, total));
      Double cpu = vg.d("cpu_pct");
      Double bcpu = vg.d("backend_cpu_pct");
      double totalCpu = (cpu == null ? 0 : cpu) + (bcpu == null ? 0 : bcpu);
      row(out, "incl. embedded Postgres + Redis: CPU (%)", pct(ref.d("cpu_pct")), pct(totalCpu),
          ratio(ref.d("cpu_pct"), Double.valueOf(totalCpu)));
    }
    row(out, "run (s)", wallRef == null ? "-" : fmt(wallRef), wallVg == null ? "-" : fmt(wallVg), "");
    out.println("(ratio: Voltgate ÷ reference; \"=\" both zero, \"-\" not comparable. The reference stores nothing"
        + " and checks no password: it is the floor of an OCPP-J server, not a CSMS.)");
  }

  private static void section(PrintStream out, String title) {
    out.println("-- " + title);
  }

  private static void row(PrintStream out, String label, String ref, String vg, String ratio) {
    out.printf("  %-50s %16s %16s %10s%n", label, ref, vg, ratio);
  }

  private static void count(PrintStream out, String label, Side ref, Side vg, String counter) {
    row(out, label, Long.toString(ref.c(counter)), Long.toString(vg.c(counter)), ratio(ref.c(counter), vg.c(counter)));
  }

  private static String refused(Side s) {
    long n = s.stats.sumPrefix("handshake.refused.");
    if (n == 0) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    s.stats.counters().forEach((k, v) -> {
      if (k.startsWith("handshake.refused.")) {
        parts.add(k.substring("handshake.refused.".length()) + ":" + v);
      }
    });
    return n + " (" + String.join(",", parts) + ")";
  }

  private static String allBack(Side s) {
    if (s.c("storm.chargers") == 0) {
      return "-";
    }
    if (s.c("storm.boot_failed") > 0) {
      return "no: " + s.c("storm.boot_failed") + " missing";
    }
    return fmt(s.c("storm.lastBootMillis") / 1000.0);
  }

  private static String window(Side s) {
    if (s.c("steady.untilMillis") == 0) {
      return "-";
    }
    return fmt(s.c("steady.fromMillis") / 1000.0) + "-" + fmt(s.c("steady.untilMillis") / 1000.0);
  }

  private static Double count(Side s, String label) {
    LatencyHistogram h = s.stats.latencies().get(label);
    return h == null ? null : (double) h.count();
  }

  private static double perSecond(Side s, String counter) {
    return s.c(counter) / Math.max(0.001, s.c("run.millis") / 1000.0);
  }

  private static String seconds(Side s, String counter) {
    return s.c(counter) > 0 ? fmt(s.c(counter) / 1000.0) : "-";
  }

  private static Double percentile(Side s, String label, double pct) {
    LatencyHistogram h = s.stats.latencies().get(label);
    return h == null || h.count() == 0 ? null : h.percentileMicros(pct) / 1e3;
  }

  private static Double perConnectionValue(Side s) {
    Double idle = s.d("rss_idle_kb");
    Double steady = s.d("rss_steady_kb");
    Double open = s.d("open_at_steady");
    if (idle == null || steady == null || open == null || open <= 0) {
      return null;
    }
    return (steady - idle) / open;
  }

  private static String perConnection(Side s) {
    Double v = perConnectionValue(s);
    return v == null ? "-" : fmt(v);
  }

  private static Double cpuSecondsValue(Side s) {
    Double pct = s.d("cpu_pct");
    Double wall = s.d("wall_s");
    return pct == null || wall == null ? null : pct / 100 * wall;
  }

  private static String cpuSeconds(Side s) {
    Double v = cpuSecondsValue(s);
    return v == null ? "-" : fmt(v);
  }

  private static String pct(Double v) {
    return v == null ? "-" : fmt(v) + "%";
  }

  private static String fmt(double v) {
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String ratio(double ref, double vg) {
    if (ref == 0 && vg == 0) {
      return "=";
    }
    if (ref == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f", vg / ref);
  }

  private static String ratio(Double ref, Double vg) {
    return ref == null || vg == null ? "" : ratioOf(ref, vg);
  }

  private static String ratioOf(double ref, double vg) {
    return ratio(ref, vg);
  }
}
