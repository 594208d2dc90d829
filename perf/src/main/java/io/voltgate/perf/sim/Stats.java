package io.voltgate.perf.sim;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything one simulator process measures: named counters and per-name latency histograms.
 * Thread-safe; serialisable to JSON so several processes can be merged by {@link Report}.
 *
 * <p>Counter names used by the simulator: {@code connections.attempted} (chargers that tried),
 * {@code connections.opened} (successful handshakes, reconnects included), {@code connections.held}
 * (open at the end of the run), {@code connections.dropped} (closed by anything but the simulator),
 * {@code connections.failed} (chargers that never got a socket), {@code handshake.refused.STATUS},
 * {@code handshake.timeout} (not completed within handshakeTimeoutS), {@code handshake.error} (failed otherwise), {@code calls.sent}, {@code calls.answered}, {@code callerror.CODE},
 * {@code calls.timeout}, {@code boot.pending}, {@code server.calls}, {@code command.sent},
 * {@code command.OUTCOME} (accepted, rejected, offline, timeout, callError, busy; {@code failed} for
 * transport errors), {@code http.STATUS}, {@code resolve.found}/{@code resolve.missing} (charger
 * UUIDs), {@code apikey.minted}, {@code storm.chargers}, {@code storm.bystanders},
 * {@code storm.boot_in_time}/{@code storm.boot_late}/{@code storm.boot_failed},
 * {@code storm.bystanders_dropped}, {@code storm.bystander_timeouts}, {@code prereg.ok},
 * {@code prereg.http.STATUS}, {@code prereg.failed}, {@code prereg.millis}, {@code sse.events},
 * {@code sse.clients}, {@code sse.clients_with_events}, {@code steady.fromMillis}/{@code steady.untilMillis}/
 * {@code steady.afterS} (the steady window), {@code steady.timeouts}, {@code tx.acked.MESSAGE},
 * {@code tx.resent}, {@code tx.unanswered.WHY}, {@code tx.callerror.ACTION}, {@code tx.unacknowledged_at_end},
 * {@code tx.stop_not_sent_start_unacknowledged}, {@code tx.cycle_skipped}, {@code tx.open_at_end}. Latency
 * names: the action; {@code bystander ACTION} (storm window); {@code steady ACTION} (steady window).
 */
public final class Stats {

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LatencyHistogram> latencies = new ConcurrentHashMap<>();

  public void inc(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  public void add(String name, long n) {
    counters.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  public long get(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  public void set(String name, long value) {
    LongAdder a = counters.computeIfAbsent(name, k -> new LongAdder());
    a.reset();
    a.add(value);
  }

  public LatencyHistogram latency(String name) {
    return latencies.computeIfAbsent(name, k -> new LatencyHistogram());
  }

  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public Map<String, LatencyHistogram> latencies() {
    return new TreeMap<>(latencies);
  }

  /** Sum of every counter whose name starts with the prefix. */
  public long sumPrefix(String prefix) {
    long n = 0;
    for (Map.Entry<String, LongAdder> e : counters.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        n += e.getValue().sum();
      }
    }
    return n;
  }

  public void merge(Stats other) {
    other.counters.forEach((k, v) -> add(k, v.sum()));
    other.latencies.forEach((k, h) -> latency(k).add(h));
  }

  public JsonObject toJson() {
    JsonObject c = new JsonObject();
    counters().forEach(c::put);
    JsonObject l = new JsonObject();
    latencies().forEach((k, h) -> l.put(k, h.toJson()));
    return new JsonObject().put("counters", c).put("latencies", l);
  }

  public static Stats fromJson(JsonObject j) {
    Stats s = new Stats();
    j.getJsonObject("counters", new JsonObject()).forEach(e -> s.add(e.getKey(), ((Number) e.getValue()).longValue()));
    j.getJsonObject("latencies", new JsonObject()).forEach(e ->
        s.latencies.put(e.getKey(), LatencyHistogram.fromJson((JsonObject) e.getValue())));
    return s;
  }
}
