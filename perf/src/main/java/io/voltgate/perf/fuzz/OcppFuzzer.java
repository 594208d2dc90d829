package io.voltgate.perf.fuzz;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.perf.sim.Fleet;
import io.voltgate.perf.sim.LatencyHistogram;
import io.voltgate.perf.sim.SimOptions;
import io.voltgate.perf.sim.Stats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault scenario 6 (OCPP half): {@code fuzzers} chargers (half 1.6, half 2.0.1) boot, then send
 * {@code frames} frames from {@link FrameMutator} in batches of {@code batch}, each batch followed by
 * a Heartbeat whose answer paces the next batch (and shows the socket still works); meanwhile a
 * control group of {@code control} well-behaved chargers (the fleet simulator, {@link Fleet}, with
 * heartbeats every {@code controlHeartbeatS}) runs from other source addresses.
 *
 * <p>Counted: frames by kind, the server's CALLERRORs by code, CALLRESULTs, sockets the server
 * closed (expected only right after a frame the transport closes on: invalid UTF-8 in a text frame,
 * a frame over 4 x maxFrameBytes; anything else is {@code closed.unexpected}), the pacing
 * Heartbeat's latency and timeouts; and the control group's own statistics (drops, CALLERRORs,
 * timeouts, latency). Every run is bounded by {@code durationS}; the same {@code seed} sends the
 * same frames.
 */
public final class OcppFuzzer {

  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("host", "127.0.0.1"), Map.entry("port", "8080"), Map.entry("path", "/ocpp"),
      Map.entry("frames", "20000"), Map.entry("fuzzers", "20"), Map.entry("control", "50"),
      Map.entry("controlHeartbeatS", "2"), Map.entry("seed", "1"), Map.entry("durationS", "120"),
      Map.entry("batch", "50"), Map.entry("maxFrameBytes", "65536"), Map.entry("closingShare", "0.0002"),
      Map.entry("idPrefix", "FUZZ-"), Map.entry("syncTimeoutS", "10"), Map.entry("tag", ""));

  /** What a run measured: the fuzzers' statistics and the control group's. */
  public record Result(Stats fuzz, Stats control, List<String> unexpectedCloses) {
    public JsonObject toJson() {
      return new JsonObject().put("fuzz", fuzz.toJson()).put("control", control.toJson())
          .put("unexpectedCloses", new JsonArray(unexpectedCloses));
    }
  }

  private final FuzzArgs args;
  private final PrintStream out;
  private final Stats stats = new Stats();
  private final AtomicLong permits = new AtomicLong();
  private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
  private long deadlineNanos;
  private long target;

  private OcppFuzzer(FuzzArgs args, PrintStream out) {
    this.args = args;
    this.out = out;
  }

  public static Result run(Map<String, String> given, PrintStream out) {
    return new OcppFuzzer(new FuzzArgs(DEFAULTS, given), out).run();
  }

  public static void main(String[] argv) {
    Result r;
    try {
      r = run(FuzzArgs.parse(argv), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("fuzz-ocpp: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("RESULT " + r.toJson().encode());
    System.exit(clean(r) ? 0 : 1);
  }

  /** No unexpected close, no control-group drop, failure, CALLERROR or timeout, every pacing Heartbeat answered. */
  public static boolean clean(Result r) {
    return r.fuzz().get("closed.unexpected") == 0 && r.fuzz().get("sync.timeout") == 0
        && r.control().get("connections.dropped") == 0 && r.control().get("connections.failed") == 0
        && r.control().sumPrefix("callerror.") == 0 && r.control().get("calls.timeout") == 0;
  }

  private Result run() {
    out.println("fuzz-ocpp: " + args);
    int durationS = args.integer("durationS");
    int control = args.integer("control");
    // Fresh charger ids per run unless given: a given tag lets repeated runs reuse the same chargers.
    String tag = args.get("tag").isEmpty() ? Long.toString(System.currentTimeMillis() % 10_000_000, 36) : args.get("tag");
    Map<String, String> sim = new HashMap<>(Map.of("scenario", "fleet", "host", args.get("host"),
        "port", args.get("port"), "chargers", Integer.toString(Math.max(1, control)), "rate", "100",
        "heartbeatS", args.get("controlHeartbeatS"), "meterS", "5", "txShare", "0",
        "durationS", Integer.toString(durationS + 60), "idPrefix", "CTRL-" + tag + "-"));
    sim.put("v201Share", "0.5");
    sim.put("callTimeoutS", args.get("syncTimeoutS"));
    Fleet fleet = new Fleet(SimOptions.from(sim), out);
    Stats[] controlStats = new Stats[1];
    Thread controlThread = new Thread(() -> controlStats[0] = fleet.run(), "fuzz-control-group");
    controlThread.start();
    sleep(1_000L * (control / 100 + 3)); // the control group connects and boots first

    target = args.longValue("frames");
    deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationS);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    long t0 = System.nanoTime();
    try {
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(10_000).setConnectTimeout(10_000)
          .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(16 * 1024 * 1024));
      int n = args.integer("fuzzers");
      long seed = args.longValue("seed");
      List<io.vertx.core.Future<Void>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        boolean v201 = i % 2 == 1;
        FrameMutator mutator = new FrameMutator(new Random(seed * 1_000_003L + i), v201,
            args.integer("maxFrameBytes"), args.dbl("closingShare"));
        FuzzCharger c = new FuzzCharger(vertx.getOrCreateContext(), client, args.get("idPrefix") + tag + "-" + i,
            v201, mutator);
        done.add(c.done.future());
        c.context.runOnContext(v -> c.connect());
      }
      long progressAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!done.stream().allMatch(f -> f.isComplete()) && System.nanoTime() < deadlineNanos + 15_000_000_000L) {
        sleep(100);
        if (System.nanoTime() > progressAt) {
          progressAt += TimeUnit.SECONDS.toNanos(10);
          out.printf("fuzz-ocpp: %.0f s: %d frames sent, %d CALLERRORs, %d unexpected closes%n",
              (System.nanoTime() - t0) / 1e9, stats.get("frames.sent"), stats.sumPrefix("reply.callerror."),
              stats.get("closed.unexpected"));
        }
      }
    } finally {
      stats.set("run.millis", (System.nanoTime() - t0) / 1_000_000);
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
      fleet.endEarly();
      try {
        controlThread.join(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Stats ctl = controlStats[0] != null ? controlStats[0] : new Stats();
    Result r = new Result(stats, ctl, List.copyOf(unexpected));
    report(r);
    return r;
  }

  private void report(Result r) {
    Stats s = r.fuzz();
    out.println("fuzz-ocpp: frames sent " + s.get("frames.sent") + " in " + s.get("run.millis") + " ms; by kind "
        + filter(s, "kind."));
    out.println("fuzz-ocpp: server answers: CALLRESULT " + s.get("reply.callresult") + ", CALLERROR by code "
        + filter(s, "reply.callerror.") + ", unparseable " + s.get("reply.unparseable") + ", server CALLs "
        + s.get("server.calls"));
    out.println("fuzz-ocpp: fuzzer sockets closed by the server: expected " + s.get("closed.expected")
        + " (after invalid UTF-8 or a frame over the transport limit: " + filter(s, "closed.after.") + "), unexpected " + s.get("closed.unexpected")
        + "; close codes " + filter(s, "closed.code.") + "; reconnects " + s.get("connections.reconnect")
        + "; connect failures " + s.get("connect.failed"));
    LatencyHistogram sync = s.latency("sync Heartbeat");
    out.printf("fuzz-ocpp: pacing Heartbeat after each batch: %d answered, %d timed out, p50 %.1f ms p99 %.1f ms max %.1f ms%n",
        sync.count(), s.get("sync.timeout"), sync.percentileMicros(50) / 1e3, sync.percentileMicros(99) / 1e3,
        sync.maxMicros() / 1e3);
    Stats c = r.control();
    LatencyHistogram hb = c.latency("Heartbeat");
    out.printf("fuzz-ocpp: control group: %d chargers, %d held at the end, %d dropped, %d never connected,"
            + " %d CALLERRORs, %d timeouts; Heartbeat %d answered p50 %.1f ms p99 %.1f ms max %.1f ms%n",
        c.get("connections.attempted"), c.get("connections.held"), c.get("connections.dropped"),
        c.get("connections.failed"), c.sumPrefix("callerror."), c.get("calls.timeout"), hb.count(),
        hb.percentileMicros(50) / 1e3, hb.percentileMicros(99) / 1e3, hb.maxMicros() / 1e3);
    r.unexpectedCloses().forEach(u -> out.println("fuzz-ocpp: unexpected close: " + u));
    out.println("fuzz-ocpp: " + (clean(r) ? "CLEAN" : "NOT CLEAN"));
  }

  private static Map<String, Long> filter(Stats s, String prefix) {
    Map<String, Long> m = new java.util.TreeMap<>();
    s.counters().forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        m.put(k.substring(prefix.length()), v);
      }
    });
    return m;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One fuzzing charger, confined to its context. */
  private final class FuzzCharger {
    final Context context;
    final WebSocketClient client;
    final String id;
    final boolean v201;
    final FrameMutator mutator;
    final Promise<Void> done = Promise.promise();
    final String[] recent = new String[3];
    WebSocket ws;
    boolean closing;
    FrameMutator.Kind expectClose;
    String pendingSync;
    long syncT0;
    long syncTimer = -1;
    long syncs;
    int connects;

    FuzzCharger(Context context, WebSocketClient client, String id, boolean v201, FrameMutator mutator) {
      this.context = context;
      this.client = client;
      this.id = id;
      this.v201 = v201;
      this.mutator = mutator;
    }

    boolean over() {
      return permits.get() >= target || System.nanoTime() >= deadlineNanos;
    }

    void connect() {
      if (over()) {
        done.tryComplete();
        return;
      }
      if (connects++ > 0) {
        stats.inc("connections.reconnect");
      }
      WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(args.get("host"))
          .setPort(args.integer("port")).setURI(args.get("path") + "/" + id)
          .setSubProtocols(List.of(v201 ? "ocpp2.0.1" : "ocpp1.6")).setTimeout(10_000);
      client.connect(o).onComplete(ar -> {
        if (ar.failed()) {
          stats.inc("connect.failed");
          context.owner().setTimer(500, t -> connect());
          return;
        }
        opened(ar.result());
      });
    }

    void opened(WebSocket socket) {
      ws = socket;
      expectClose = null;
      socket.textMessageHandler(this::onText);
      socket.binaryMessageHandler(b -> stats.inc("reply.binary"));
      socket.exceptionHandler(e -> stats.inc("socket.exception"));
      socket.closeHandler(v -> onClosed(socket));
      sync("boot-" + connects, mutator.boot("boot-" + connects));
    }

    void nextBatch() {
      if (ws == null) {
        return;
      }
      int batch = args.integer("batch");
      long start = permits.getAndAdd(batch);
      if (start >= target || System.nanoTime() >= deadlineNanos) {
        if (start < target) {
          stats.inc("fuzz.stopped_by_time");
        }
        closing = true;
        ws.close((short) 1000, "done").onComplete(x -> {
          if (over()) {
            done.tryComplete();
          }
        });
        return;
      }
      long n = Math.min(batch, target - start);
      for (long i = 0; i < n; i++) {
        FrameMutator.Frame f = mutator.next();
        send(f);
        if (f.kind() == FrameMutator.Kind.BROKEN_UTF8 || f.kind() == FrameMutator.Kind.TRANSPORT_OVERSIZED) {
          // The product closes the socket now; unsent permits of this batch are given back.
          permits.addAndGet(-(n - i - 1));
          expectClose = f.kind();
          WebSocket s = ws;
          context.owner().setTimer(5_000, t -> {
            if (ws == s) {
              stats.inc("closing.not_closed");
              closing = true;
              s.close();
            }
          });
          return;
        }
      }
      syncs++;
      sync("sync-" + syncs, mutator.heartbeat("sync-" + syncs));
    }

    void send(FrameMutator.Frame f) {
      stats.inc("frames.sent");
      stats.inc("kind." + f.kind());
      recent[(int) (stats.get("frames.sent") % recent.length)] = f.kind() + " "
          + (f.text() != null ? abbreviate(f.text()) : f.bytes().length + " bytes");
      if (f.binary()) {
        ws.writeBinaryMessage(Buffer.buffer(f.bytes()));
      } else if (f.bytes() != null) {
        ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, f.bytes(), true));
      } else {
        ws.writeTextMessage(f.text());
      }
    }

    void sync(String msgId, String frame) {
      pendingSync = msgId;
      syncT0 = System.nanoTime();
      WebSocket s = ws;
      syncTimer = context.owner().setTimer(args.integer("syncTimeoutS") * 1000L, t -> {
        if (ws == s && msgId.equals(pendingSync)) {
          stats.inc("sync.timeout");
          unexpected.add(id + ": no answer to " + msgId + " within syncTimeoutS after " + String.join(" | ", recentList()));
          pendingSync = null;
          nextBatch();
        }
      });
      ws.writeTextMessage(frame);
    }

    void onText(String text) {
      JsonArray a;
      try {
        a = new JsonArray(text);
      } catch (RuntimeException e) {
        stats.inc("reply.unparseable");
        return;
      }
      Object type = a.size() > 1 ? a.getValue(0) : null;
      Object msgId = a.getValue(1);
      if (Integer.valueOf(3).equals(type) && msgId != null && msgId.equals(pendingSync)) {
        stats.latency(pendingSync.startsWith("boot") ? "boot" : "sync Heartbeat").recordNanos(System.nanoTime() - syncT0);
        pendingSync = null;
        context.owner().cancelTimer(syncTimer);
        nextBatch();
      } else if (Integer.valueOf(3).equals(type)) {
        stats.inc("reply.callresult");
      } else if (Integer.valueOf(4).equals(type) && a.size() > 2) {
        stats.inc("reply.callerror." + a.getValue(2));
        if (msgId != null && msgId.equals(pendingSync)) {
          stats.inc("sync.callerror");
          pendingSync = null;
          context.owner().cancelTimer(syncTimer);
          nextBatch();
        }
      } else if (Integer.valueOf(2).equals(type)) {
        stats.inc("server.calls");
        ws.writeTextMessage(new JsonArray().add(4).add(msgId).add("NotImplemented").add("fuzzer")
            .add(new JsonObject()).encode());
      } else {
        stats.inc("reply.unparseable");
      }
    }

    void onClosed(WebSocket socket) {
      if (socket != ws) {
        return;
      }
      ws = null;
      pendingSync = null;
      context.owner().cancelTimer(syncTimer);
      Short code = socket.closeStatusCode();
      if (closing) {
        closing = false;
        if (over()) {
          done.tryComplete();
        } else {
          context.owner().setTimer(100, t -> connect());
        }
        return;
      }
      stats.inc("closed.code." + (code == null ? "none" : code));
      if (expectClose != null) {
        // Closed by the transport (Netty), on this socket only: see RELIABILITY.md section 6.
        stats.inc("closed.expected");
        stats.inc("closed.after." + expectClose + "." + (code == null ? "none" : code));
      } else {
        stats.inc("closed.unexpected");
        if (unexpected.size() < 50) {
          unexpected.add(id + " code " + code + " reason " + socket.closeReason() + " at " + (System.nanoTime() - deadlineNanos
              + TimeUnit.SECONDS.toNanos(args.integer("durationS"))) / 1_000_000 + " ms, after (in any order) "
              + String.join(" | ", recentList()));
        }
      }
      context.owner().setTimer(100, t -> connect());
    }

    List<String> recentList() {
      List<String> l = new ArrayList<>();
      for (String r : recent) {
        if (r != null) {
          l.add(r);
        }
      }
      return l;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "…(" + s.length() + " chars)" : s;
  }
}
