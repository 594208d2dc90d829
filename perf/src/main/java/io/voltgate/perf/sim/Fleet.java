package io.voltgate.perf.sim;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one scenario of simulated chargers against one or more gateways and returns what it
 * measured. Blocking; bounded by {@code durationS} (plus at most ~20 s to stop transactions and close).
 */
public final class Fleet {

  private static final int MAX_ERRORS_KEPT = 20;

  /** Something that loads the gateway besides the chargers (commands). */
  interface Driver {
    void start();

    /** Stops sending; what is in flight completes. */
    void stop();

    int inFlight();

    default void close() {
    }
  }

  final SimOptions options;
  final Stats stats = new Stats();
  final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger bootedOnce = new AtomicInteger();
  private final AtomicInteger errorsKept = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final List<SimCharger> chargers = new ArrayList<>();
  private final PrintStream out;
  private volatile boolean ending;
  private volatile long steadyAtNanos;
  /** Steady state: CALLs sent from here on (and before a storm) are also timed as "steady ACTION". */
  private volatile long steadyFromNanos = Long.MAX_VALUE;
  /** ... and sent before here (the run's end less sampleTailS). */
  private volatile long steadyUntilNanos = Long.MAX_VALUE;
  private long t0;
  /** Transaction messages acknowledged with a CALLRESULT (txLog), one line each. */
  private final ConcurrentLinkedQueue<String> txAcks = new ConcurrentLinkedQueue<>();
  /** Storm: when it started and when its window (stormWindowS + stormGraceS) ends; 0 = no storm yet. */
  private volatile long stormStartNanos;
  private volatile long stormEndNanos;
  private final AtomicLong stormLastBootNanos = new AtomicLong();
  private long[] sseEventsPerClient = new long[0];
  private Vertx vertx;
  private volatile boolean endRequested;

  public Fleet(SimOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the scenario and returns the statistics (also written to {@code options.result}). */
  public static Stats run(SimOptions options) {
    return new Fleet(options, System.out).run();
  }

  /**
   * Ends the run before {@code durationS} (from any thread): the fault suite's control group runs
   * as long as the fuzzers do.
   */
  public void endEarly() {
    endRequested = true;
  }

  public Stats run() {
    int loops = options.loops > 0 ? options.loops : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
    try {
      return runOn(loops);
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        out.println("sim: Vert.x did not close in time: " + e);
      }
    }
  }

  private Stats runOn(int loops) {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    await(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(loops)), 30);

    List<WebSocketClient> clients = new ArrayList<>();
    int sources = Math.max(1, options.sourceCount);
    for (int s = 0; s < sources; s++) {
      WebSocketClientOptions o = new WebSocketClientOptions()
          .setMaxConnections(options.chargers + 1_000)
          .setConnectTimeout(options.handshakeTimeoutS * 1000 + 2_000)
          .setTcpNoDelay(true);
      if (options.sourceCount > 0) {
        o.setLocalAddress("127.0.0." + (options.sourceFirst + s));
      }
      clients.add(vertx.createWebSocketClient(o));
    }
    for (int i = 0; i < options.chargers; i++) {
      int global = options.offset + i;
      boolean v201 = mix(global, 0.6180339887) < options.v201Share;
      boolean tx = mix(global, 0.7548776662) < options.txShare;
      boolean stormer = mix(global, 0.4142135624) < options.stormShare;
      chargers.add(new SimCharger(this, global, options.idPrefix + global, v201, tx, stormer,
          contexts.get(i % contexts.size()), clients.get(i % clients.size()),
          options.ports.get(i % options.ports.size())));
    }
    out.println("sim: " + options);
    OperatorApi operator = null;
    if (options.usesApiKey()) {
      operator = new OperatorApi(vertx, this);
      operator.mintKey();
    }
    if (options.preRegister) {
      new PreRegistration(this, operator, chargers).run();
    }

    t0 = System.nanoTime();
    if (options.steadyAfterS > 0) {
      steadyFromNanos = t0 + TimeUnit.SECONDS.toNanos(options.steadyAfterS);
    }
    long deadline = t0 + TimeUnit.SECONDS.toNanos(options.durationS);
    if (options.sampleTailS > 0) {
      steadyUntilNanos = deadline - TimeUnit.SECONDS.toNanos(options.sampleTailS);
    }
    boolean tailMarked = options.sampleTailS == 0;
    Driver commands = null;
    ApiReader api = null;
    SseSubscribers sse = null;
    if (options.scenario.equals("api")) {
      api = new ApiReader(vertx, this, operator);
      api.start();
      if (options.sseClients > 0) {
        sse = new SseSubscribers(vertx, this, operator, options.sseClients);
        sse.start();
      }
    }
    long stormAt = t0 + TimeUnit.MILLISECONDS.toNanos(options.stormAtS > 0 ? options.stormAtS * 1000L
        : (long) (options.rampS() * 1000) + 5_000);
    boolean stormDone = !options.scenario.equals("storm");
    boolean commandsStarted = !options.scenario.equals("commands");
    int started = 0;
    long nextProgress = t0 + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline && !endRequested) {
      long now = System.nanoTime();
      int due = (int) Math.min(options.chargers, Math.floor(options.rate * (now - t0) / 1e9) + 1);
      for (; started < due; started++) {
        SimCharger c = chargers.get(started);
        stats.inc("connections.attempted");
        c.context().runOnContext(v -> c.start());
      }
      if (!commandsStarted && started == options.chargers && bootedOnce.get() >= options.chargers * 0.99) {
        commands = options.commandPath.equals("redis") ? new CommandDriver(vertx, this, chargers)
            : new ApiCommandDriver(vertx, this, operator, chargers);
        commands.start();
        commandsStarted = true;
      }
      if (!stormDone && now >= stormAt) {
        long stormers = chargers.stream().filter(c -> c.stormer).count();
        out.printf("sim: storm at %.1f s: %d open chargers; %d of %d (stormShare %.2f) drop and redial within %d s,"
                + " the others stay connected%n", (now - t0) / 1e9, open.get(), stormers, chargers.size(),
            options.stormShare, options.stormWindowS);
        stormStartNanos = now;
        stormEndNanos = now + TimeUnit.SECONDS.toNanos(options.stormWindowS + options.stormGraceS);
        for (SimCharger c : chargers) {
          if (c.stormer) {
            long delay = ThreadLocalRandom.current().nextLong(Math.max(1, options.stormWindowS * 1000L));
            c.context().runOnContext(v -> c.drop(delay));
          } else {
            c.context().runOnContext(v -> {
              if (c.connected()) {
                stats.inc("storm.bystanders");
              }
            });
          }
        }
        stormDone = true;
      }
      if (!tailMarked && now >= steadyUntilNanos) {
        writeSteadyMarker();
        tailMarked = true;
      }
      if (now >= nextProgress) {
        progress(t0);
        nextProgress += TimeUnit.SECONDS.toNanos(5);
      }
      sleep(5);
    }
    ending = true;
    stats.set("connections.held", open.get());
    stats.set("connections.failed", chargers.stream().filter(c -> !c.everConnected).count());
    stats.set("run.millis", (System.nanoTime() - t0) / 1_000_000);
    if (steadyAtNanos > 0) {
      stats.set("steady.atMillis", (steadyAtNanos - t0) / 1_000_000);
    }
    long steadyFrom = steadyFromNanos;
    if (steadyFrom != Long.MAX_VALUE) {
      long steadyEnd = Math.min(stormStartNanos != 0 ? stormStartNanos : System.nanoTime(), steadyUntilNanos);
      stats.set("steady.fromMillis", (steadyFrom - t0) / 1_000_000);
      stats.set("steady.untilMillis", Math.max(0, steadyEnd - t0) / 1_000_000);
      stats.set("steady.afterS", options.steadyAfterS);
      stats.set("steady.tailS", options.sampleTailS);
    }
    if (commands != null) {
      commands.stop();
    }
    if (api != null) {
      api.stop();
    }
    if (sse != null) {
      sse.stop();
      sseEventsPerClient = sse.eventsPerClient();
    }
    // Let the commands and reads in flight finish before the chargers go (bounded).
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < drainUntil
        && (commands != null && commands.inFlight() > 0 || api != null && api.inFlight() > 0)) {
      sleep(20);
    }
    if (stormStartNanos != 0) {
      summariseStorm();
    }
    progress(t0);
    List<Future<Void>> finishing = new ArrayList<>();
    for (SimCharger c : chargers) {
      finishing.add(c.finish());
    }
    try {
      Future.join(finishing).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      out.println("sim: not every charger closed in 20 s");
    }
    if (commands != null) {
      commands.close();
    }
    if (api != null) {
      api.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (sseEventsPerClient.length > 0) {
      out.println("sim: SSE events per client: " + java.util.Arrays.toString(sseEventsPerClient));
    }
    if (options.print) {
      Report.print(stats, options.toString(), out);
      if (!errors.isEmpty()) {
        out.println("first errors:");
        errors.forEach(e -> out.println("  " + e));
      }
    }
    if (!options.txLog.isEmpty()) {
      try {
        Files.write(Path.of(options.txLog), txAcks);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!options.result.isEmpty()) {
      try {
        io.vertx.core.json.JsonArray perClient = new io.vertx.core.json.JsonArray();
        for (long e : sseEventsPerClient) {
          perClient.add(e);
        }
        Files.writeString(Path.of(options.result),
            stats.toJson().put("options", options.toString()).put("errors", new io.vertx.core.json.JsonArray(List.copyOf(errors)))
                .put("sseEventsPerClient", perClient).encodePrettily());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return stats;
  }

  private void progress(long t0) {
    out.printf("sim: t=%5.1fs open=%d booted=%d calls=%d callerrors=%d timeouts=%d dropped=%d refused=%d server-calls=%d%n",
        (System.nanoTime() - t0) / 1e9, open.get(), bootedOnce.get(), stats.get("calls.answered"),
        stats.sumPrefix("callerror."), stats.get("calls.timeout"), stats.get("connections.dropped"),
        stats.sumPrefix("handshake.refused."), stats.get("server.calls"));
  }

  /** A low-discrepancy fraction in [0, 1) for charger index i, so shares are exact in any slice. */
  private static double mix(int i, double alpha) {
    double x = (i + 1) * alpha;
    return x - Math.floor(x);
  }

  boolean ending() {
    return ending;
  }

  PrintStream out() {
    return out;
  }

  /** A bystander's CALL sent at {@code sentAt} falls in the storm window. */
  boolean inStormWindow(long sentAt) {
    long start = stormStartNanos;
    return start != 0 && sentAt >= start && sentAt < stormEndNanos;
  }

  /**
   * A CALL sent at {@code sentAt} falls in the steady state (after steadyAfterS or every boot, before
   * a storm and the sample tail).
   */
  boolean inSteady(long sentAt) {
    if (sentAt < steadyFromNanos || sentAt >= steadyUntilNanos) {
      return false;
    }
    long storm = stormStartNanos;
    return storm == 0 || sentAt < storm;
  }

  /** A transaction message was acknowledged (CALLRESULT): one line of the tx log. */
  void txAcked(String line) {
    if (!options.txLog.isEmpty()) {
      txAcks.add(line);
    }
  }

  /** A storming charger's BootNotification was accepted after its drop. */
  void stormBootAccepted(SimCharger c) {
    long now = System.nanoTime();
    stats.inc(now <= stormEndNanos ? "storm.boot_in_time" : "storm.boot_late");
    stormLastBootNanos.accumulateAndGet(now, Math::max);
  }

  /** Storm counters: how many storming chargers were back (BootNotification accepted) in time, late, never. */
  private void summariseStorm() {
    long dropped = stats.get("storm.chargers");
    long back = stats.get("storm.boot_in_time") + stats.get("storm.boot_late");
    stats.set("storm.boot_failed", Math.max(0, dropped - back));
    stats.set("storm.windowMillis", (stormEndNanos - stormStartNanos) / 1_000_000);
    long last = stormLastBootNanos.get();
    if (last > 0) {
      stats.set("storm.lastBootMillis", (last - stormStartNanos) / 1_000_000);
    }
  }

  /** A charger finished boot + status (+ transaction start): it is ready for commands. */
  void booted(SimCharger c) {
    if (c.stormT0 != 0) {
      long now = System.nanoTime();
      stats.latency("storm drop→booted (incl. redial delay)").recordNanos(now - c.stormT0);
      stats.latency("storm redial→booted").recordNanos(now - c.stormRedialT0);
      c.stormT0 = 0;
    }
    if (!c.everBooted) {
      c.everBooted = true;
      if (bootedOnce.incrementAndGet() == options.chargers) {
        steadyAtNanos = System.nanoTime();
        if (options.steadyAfterS == 0) {
          steadyFromNanos = steadyAtNanos;
        }
        if (options.sampleTailS == 0) {
          writeSteadyMarker();
        }
      }
    }
  }

  private void writeSteadyMarker() {
    String file = options.steadyFile;
    if (!file.isEmpty()) {
      try {
        Files.writeString(Path.of(file), Long.toString(System.currentTimeMillis()));
      } catch (IOException e) {
        out.println("sim: cannot write " + file + ": " + e);
      }
    }
  }

  void noteError(String e) {
    if (errorsKept.incrementAndGet() <= MAX_ERRORS_KEPT) {
      errors.add(e);
    }
  }

  Vertx vertx() {
    return vertx;
  }

  static <T> T await(Future<T> f, int seconds) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static <T> Future<T> promiseOf(Promise<T> p) {
    return p.future();
  }
}
