package io.voltgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.voltgate.metrics.MetricNames;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.store.identity.IdentityCache;
import io.voltgate.store.pg.ChargerStateWriter;
import io.voltgate.store.pg.MeterSampleWriter;
import io.voltgate.store.pg.OcppMessageWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The gateway's Micrometer meters. Names are constants; labels never carry a per-charger value.
 * Meters are cached per label combination so the hot path does no registry lookups.
 */
public final class GatewayMetrics {

  public static final String MESSAGES = MetricNames.OCPP_MESSAGES;
  public static final String HANDLER_LATENCY = MetricNames.OCPP_HANDLER_LATENCY;
  public static final String VALIDATION_FAILURES = MetricNames.OCPP_VALIDATION_FAILURES;
  public static final String MALFORMED_FRAMES = MetricNames.OCPP_MALFORMED_FRAMES;
  public static final String CONNECTIONS = MetricNames.CONNECTIONS_OPEN;
  public static final String CONNECTS = MetricNames.CONNECTIONS_CONNECTS;
  public static final String DISCONNECTS = MetricNames.CONNECTIONS_DISCONNECTS;
  public static final String HANDSHAKES_REFUSED = MetricNames.CONNECTIONS_REFUSED;
  public static final String COMMANDS = MetricNames.COMMANDS;

  /** direction of a message relative to the gateway. */
  public enum Direction { INBOUND, OUTBOUND }

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  // Hot path (every frame): keyed by records of the label values, so no key string is built per frame.
  private final Map<MessageKey, Counter> messageCounters = new ConcurrentHashMap<>();
  private final Map<ActionKey, Timer> handlerTimers = new ConcurrentHashMap<>();

  private record MessageKey(String version, String action, Direction direction, String outcome) {
  }

  private record ActionKey(String version, String action) {
  }
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

  /** The batched writers of every gateway verticle of the process (read by gauges at scrape time). */
  private final List<ChargerStateWriter> stateWriters = new CopyOnWriteArrayList<>();
  private final List<MeterSampleWriter> sampleWriters = new CopyOnWriteArrayList<>();
  private final List<OcppMessageWriter> messageLogs = new CopyOnWriteArrayList<>();
  private final List<IntSupplier> handshakesInFlight = new CopyOnWriteArrayList<>();

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
    writeBehindMeters();
    // Series that dashboards show from the start (0 rather than "no data").
    for (OcppVersion v : OcppVersion.values()) {
      gauge(v.label());
      counter(MetricNames.SESSIONS_COMPLETED, "version", v.label());
      energy(v.label());
    }
  }

  /** One OCPP message; outcome: ok, callerror, invalid, not_implemented, ... */
  public void message(String version, String action, Direction direction, String outcome) {
    messageCounters.computeIfAbsent(new MessageKey(version, action, direction, outcome), k -> Counter.builder(MESSAGES)
        .description("OCPP messages by action, version, direction and outcome")
        .tag("version", version).tag("action", action)
        .tag("direction", direction.name().toLowerCase(java.util.Locale.ROOT)).tag("outcome", outcome)
        .register(registry)).increment();
  }

  public void validationFailure(String version, String action, String kind) {
    counters.computeIfAbsent(VALIDATION_FAILURES + version + action + kind, k -> Counter.builder(VALIDATION_FAILURES)
        .description("Schema validation failures by action")
        .tag("version", version).tag("action", action).tag("kind", kind)
        .register(registry)).increment();
  }

  public void malformed(String version, String reason) {
    counters.computeIfAbsent(MALFORMED_FRAMES + version + reason, k -> Counter.builder(MALFORMED_FRAMES)
        .description("Frames that were not valid OCPP-J RPC messages")
        .tag("version", version).tag("reason", reason)
        .register(registry)).increment();
  }

  public void handlerLatency(String version, String action, long nanos) {
    handlerTimers.computeIfAbsent(new ActionKey(version, action), k -> Timer.builder(HANDLER_LATENCY)
        .description("Time from a CALL's arrival to its CALLRESULT being written")
        .tag("version", version).tag("action", action)
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500))
        .publishPercentileHistogram(false)
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A server-initiated command finished; outcome as in CommandOutcome.Kind#wire. */
  public void command(String version, String action, String outcome, long nanos) {
    timers.computeIfAbsent(COMMANDS + version + action + outcome, k -> Timer.builder(COMMANDS)
        .description("Commands to chargers: round trip from the gateway node, by outcome")
        .tag("version", version).tag("action", action).tag("outcome", outcome)
        .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5))
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A session completed with the energy the charger reported ({@code null} when unknown): counts the
   * session and adds the energy to {@code voltgate_energy_delivered_wh_total}.
   */
  public void sessionCompleted(String version, Number energyWh) {
    counter(MetricNames.SESSIONS_COMPLETED, "version", version).increment();
    if (energyWh != null && energyWh.doubleValue() > 0) {
      energy(version).increment(energyWh.doubleValue());
    }
  }

  private Counter energy(String version) {
    return counters.computeIfAbsent(MetricNames.ENERGY_DELIVERED + version, k -> Counter.builder(MetricNames.ENERGY_DELIVERED)
        .description("Energy delivered by completed charging sessions (as the chargers metered it)").baseUnit("wh")
        .tag("version", version).register(registry));
  }

  public void connected(String version) {
    gauge(version).incrementAndGet();
    counter(CONNECTS, "version", version).increment();
  }

  public void disconnected(String version, String reason) {
    gauge(version).decrementAndGet();
    counters.computeIfAbsent(DISCONNECTS + version + reason, k -> Counter.builder(DISCONNECTS)
        .tag("version", version).tag("reason", reason).register(registry)).increment();
  }

  /** A Basic-auth password checked by bcrypt (not answered from a remembered digest). */
  public void passwordChecked(boolean ok) {
    counter(MetricNames.CHARGER_PASSWORD_CHECKS, "outcome", ok ? "ok" : "failed").increment();
  }

  /** A charger's socket paused by its inbound pacing: {@code rate} or {@code in_flight}. */
  public void paced(String reason) {
    counter(MetricNames.OCPP_INBOUND_PACED, "reason", reason).increment();
  }

  public void refused(String reason) {
    counter(HANDSHAKES_REFUSED, "reason", reason).increment();
  }

  /** The registry these meters are on (other parts of the gateway register theirs there too). */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Watches a verticle's batched writers and admission. The gauges read plain fields of objects
   * confined to other event loops: a scrape may see a value a moment old, never a torn one worth
   * worrying about for a gauge.
   */
  public void watch(ChargerStateWriter states, MeterSampleWriter samples, IntSupplier inFlightHandshakes) {
    stateWriters.add(states);
    sampleWriters.add(samples);
    handshakesInFlight.add(inFlightHandshakes);
  }

  /** Watches a verticle's OCPP message log writer (frames written, shed, waiting). */
  public void watchMessageLog(OcppMessageWriter writer) {
    messageLogs.add(writer);
  }

  /** The process's identity cache size (one cache per process). */
  public void watchIdentityCache(IdentityCache cache) {
    Gauge.builder(MetricNames.IDENTITY_CACHE_SIZE, cache, IdentityCache::size)
        .description("Chargers and unknown ids held in the process's identity cache").register(registry);
  }

  private void writeBehindMeters() {
    String state = "charger_state";
    Gauge.builder(MetricNames.WRITE_BEHIND_DEPTH, stateWriters, ws -> ws.stream().mapToLong(ChargerStateWriter::depth).sum())
        .description("Entries waiting for (or in) a batch to Postgres").tag("writer", state).register(registry);
    Gauge.builder(MetricNames.WRITE_BEHIND_LAG, stateWriters,
            ws -> ws.stream().mapToLong(w -> w.oldestPendingMillis(System.currentTimeMillis())).max().orElse(0) / 1000.0)
        .description("Age of the oldest entry not yet in Postgres").baseUnit("seconds").tag("writer", state).register(registry);
    FunctionCounter.builder(MetricNames.WRITE_BEHIND_WRITTEN, stateWriters, ws -> ws.stream().mapToLong(ChargerStateWriter::flushed).sum())
        .description("Rows written to Postgres in batches").tag("writer", state).register(registry);
    FunctionCounter.builder(MetricNames.WRITE_BEHIND_DROPPED, stateWriters, ws -> ws.stream().mapToLong(ChargerStateWriter::dropped).sum())
        .description("Entries dropped because the bounded buffer was full").tag("writer", state).register(registry);
    // Meter samples are not write-behind any more (answered after their commit), but their group
    // commit has the same readings: rows waiting or in flight, rows written, rows refused when full.
    String samples = "meter_samples";
    Gauge.builder(MetricNames.WRITE_BEHIND_DEPTH, sampleWriters, ws -> ws.stream().mapToLong(MeterSampleWriter::depth).sum())
        .description("Entries waiting for (or in) a batch to Postgres").tag("writer", samples).register(registry);
    FunctionCounter.builder(MetricNames.WRITE_BEHIND_WRITTEN, sampleWriters, ws -> ws.stream().mapToLong(MeterSampleWriter::written).sum())
        .description("Rows written to Postgres in batches").tag("writer", samples).register(registry);
    FunctionCounter.builder(MetricNames.WRITE_BEHIND_DROPPED, sampleWriters, ws -> ws.stream().mapToLong(MeterSampleWriter::refused).sum())
        .description("Entries dropped because the bounded buffer was full").tag("writer", samples).register(registry);
    FunctionCounter.builder(MetricNames.OCPP_LOG_FRAMES, messageLogs, ws -> ws.stream().mapToLong(OcppMessageWriter::written).sum())
        .description("OCPP frames written to the message log").register(registry);
    FunctionCounter.builder(MetricNames.OCPP_LOG_SHED, messageLogs, ws -> ws.stream().mapToLong(OcppMessageWriter::shed).sum())
        .description("OCPP frames the message log shed (buffer full, or their batch refused by Postgres)").register(registry);
    Gauge.builder(MetricNames.OCPP_LOG_DEPTH, messageLogs, ws -> ws.stream().mapToLong(OcppMessageWriter::depth).sum())
        .description("OCPP frames waiting for (or in) a batch to the message log").register(registry);
    Gauge.builder(MetricNames.HANDSHAKES_IN_FLIGHT, handshakesInFlight, hs -> hs.stream().mapToInt(IntSupplier::getAsInt).sum())
        .description("Handshakes waiting on Redis, Postgres or bcrypt").register(registry);
  }

  private AtomicInteger gauge(String version) {
    return open.computeIfAbsent(version, v -> {
      AtomicInteger value = new AtomicInteger();
      io.micrometer.core.instrument.Gauge.builder(CONNECTIONS, value, AtomicInteger::get)
          .description("Open charger connections").tag("version", v).register(registry);
      return value;
    });
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + tag + value, k -> Counter.builder(name).tag(tag, value).register(registry));
  }
}
