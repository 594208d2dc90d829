package io.voltgate.perf.fuzz;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.voltgate.perf.sim.Fleet;
import io.voltgate.perf.sim.SimOptions;
import io.voltgate.perf.sim.Stats;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault scenario 5 (RELIABILITY.md): while the fleet simulator makes events (periodic
 * StatusNotifications), {@code stalled} SSE clients open {@code /cpms/v1/events/stream} and never
 * read, one healthy SSE client reads, and two webhook subscriptions receive the same events: one
 * receiver answers at once, the other accepts the connection and never answers. Counted: events the
 * healthy SSE client and the healthy receiver got per second of the run, attempts the hung receiver
 * saw, and stalled sockets the server closed. Bounded by {@code durationS}.
 */
public final class SlowConsumers {

  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("host", "127.0.0.1"), Map.entry("ocppPort", "8080"), Map.entry("httpPort", "8081"),
      Map.entry("apiKey", ""), Map.entry("stalled", "20"), Map.entry("chargers", "200"), Map.entry("statusS", "1"),
      Map.entry("durationS", "120"));

  private SlowConsumers() {
  }

  public static void main(String[] argv) throws Exception {
    FuzzArgs a = new FuzzArgs(DEFAULTS, FuzzArgs.parse(argv));
    Stats s = run(a, System.out);
    System.out.println("RESULT " + s.toJson().encode());
    boolean ok = s.get("sse.stalled_closed") == s.get("sse.stalled") && s.get("sse.healthy_events") > 0
        && s.get("sse.healthy_min_per_10s") > 0 && (s.get("webhook.subscribed") == 0
        || s.get("webhook.healthy_min_per_10s") > 0);
    System.exit(ok ? 0 : 1);
  }

  static Stats run(FuzzArgs a, PrintStream out) throws Exception {
    out.println("slow-consumers: " + a);
    Stats s = new Stats();
    Vertx vertx = Vertx.vertx();
    String host = a.get("host");
    int http = a.integer("httpPort");
    int durationS = a.integer("durationS");
    long t0 = System.nanoTime();
    AtomicLong[] healthyHooks = buckets(durationS);
    AtomicLong hungHooks = new AtomicLong();
    List<String> subscriptions = new ArrayList<>();
    HttpClient api = vertx.createHttpClient();
    try {
      // Webhook receivers: one answers at once, one never answers.
      HttpServer healthy = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
        healthyHooks[bucket(t0, durationS)].incrementAndGet();
        req.response().end("ok");
      }));
      HttpServer hung = vertx.createHttpServer().requestHandler(req -> hungHooks.incrementAndGet());
      await(healthy.listen(0, "127.0.0.1"));
      await(hung.listen(0, "127.0.0.1"));
      String key = a.get("apiKey");
      List<String> names = List.of("*"); // every event type
      for (HttpServer server : List.of(healthy, hung)) {
        JsonObject created = call(api, host, http, HttpMethod.POST, "/cpms/v1/webhooks", key, new JsonObject()
            .put("url", "http://127.0.0.1:" + server.actualPort() + "/hook").put("events", String.join(",", names))
            .put("description", "slow-consumers " + (server == hung ? "hung" : "healthy")));
        Object data = created.getValue("data");
        String id = data instanceof JsonObject d ? d.getString("id") : null;
        if (id == null) {
          out.println("slow-consumers: webhook subscription refused: " + created.encode() + " (webhook half skipped)");
        } else {
          subscriptions.add(id);
          s.inc("webhook.subscribed");
        }
      }
      // SSE: stalled sockets (tiny receive window, never read) and one healthy reader.
      List<Socket> stalled = new ArrayList<>();
      for (int i = 0; i < a.integer("stalled"); i++) {
        Socket sock = new Socket();
        sock.setReceiveBufferSize(4_096);
        sock.connect(new InetSocketAddress(host, http), 5_000);
        sock.getOutputStream().write(streamRequest(host, key));
        stalled.add(sock);
        s.inc("sse.stalled");
      }
      AtomicLong[] healthySse = buckets(durationS);
      Socket reader = new Socket(host, http);
      reader.getOutputStream().write(streamRequest(host, key));
      Thread readerThread = new Thread(() -> readEvents(reader, healthySse, t0, durationS), "sse-healthy");
      readerThread.setDaemon(true);
      readerThread.start();
      // Events: the fleet simulator's periodic StatusNotifications.
      Map<String, String> sim = new HashMap<>(Map.of("scenario", "fleet", "host", host, "port", a.get("ocppPort"),
          "chargers", a.get("chargers"), "rate", "100", "heartbeatS", "30", "meterS", "60", "txShare", "0",
          "statusS", a.get("statusS"), "durationS", Integer.toString(durationS)));
      sim.put("idPrefix", "SLOW-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-");
      Stats fleet = new Fleet(SimOptions.from(sim), out).run();
      s.add("fleet.dropped", fleet.get("connections.dropped"));
      s.add("fleet.callerrors", fleet.sumPrefix("callerror."));
      s.add("fleet.timeouts", fleet.get("calls.timeout"));
      // Which stalled sockets did the server close? (Drain what was buffered, then end of stream.)
      for (Socket sock : stalled) {
        if (closedByServer(sock, 5_000)) {
          s.inc("sse.stalled_closed");
        }
        sock.close();
      }
      reader.close();
      long sseTotal = 0;
      long sseMin = Long.MAX_VALUE;
      long hookTotal = 0;
      long hookMin = Long.MAX_VALUE;
      int from = 2; // after the fleet's ramp: 10-s windows
      StringBuilder perWindow = new StringBuilder();
      for (int w = from; w < healthySse.length - 1; w++) {
        sseTotal += healthySse[w].get();
        hookTotal += healthyHooks[w].get();
        sseMin = Math.min(sseMin, healthySse[w].get());
        hookMin = Math.min(hookMin, healthyHooks[w].get());
        perWindow.append(String.format(" %d-%ds: sse %d hook %d;", w * 10, w * 10 + 10, healthySse[w].get(),
            healthyHooks[w].get()));
      }
      s.set("sse.healthy_events", sseTotal);
      s.set("sse.healthy_min_per_10s", sseMin == Long.MAX_VALUE ? 0 : sseMin);
      s.set("webhook.healthy_deliveries", hookTotal);
      s.set("webhook.healthy_min_per_10s", hookMin == Long.MAX_VALUE ? 0 : hookMin);
      s.set("webhook.hung_attempts", hungHooks.get());
      out.println("slow-consumers: per 10-s window after the ramp:" + perWindow);
      out.println("slow-consumers: stalled SSE clients " + s.get("sse.stalled") + ", closed by the server "
          + s.get("sse.stalled_closed") + "; healthy SSE client: " + sseTotal + " events, fewest in a 10-s window "
          + s.get("sse.healthy_min_per_10s") + "; healthy webhook receiver: " + hookTotal
          + " deliveries, fewest in a 10-s window " + s.get("webhook.healthy_min_per_10s") + "; hung receiver: "
          + hungHooks.get() + " attempts; fleet drops " + s.get("fleet.dropped") + ", CALLERRORs "
          + s.get("fleet.callerrors") + ", timeouts " + s.get("fleet.timeouts"));
    } finally {
      for (String id : subscriptions) {
        try {
          call(api, host, http, HttpMethod.DELETE, "/cpms/v1/webhooks/" + id, a.get("apiKey"), null);
        } catch (RuntimeException e) {
          // best effort
        }
      }
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    return s;
  }

  private static byte[] streamRequest(String host, String key) {
    return ("GET /cpms/v1/events/stream HTTP/1.1\r\nHost: " + host + "\r\nX-API-Key: " + key + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static AtomicLong[] buckets(int durationS) {
    AtomicLong[] b = new AtomicLong[durationS / 10 + 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = new AtomicLong();
    }
    return b;
  }

  private static int bucket(long t0, int durationS) {
    return (int) Math.min(durationS / 10 + 1, (System.nanoTime() - t0) / 10_000_000_000L);
  }

  private static void readEvents(Socket sock, AtomicLong[] counts, long t0, int durationS) {
    try {
      InputStream in = sock.getInputStream();
      byte[] buf = new byte[65_536];
      byte[] pattern = "\nid: ".getBytes(StandardCharsets.US_ASCII);
      int matched = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          matched = buf[i] == pattern[matched] ? matched + 1 : (buf[i] == pattern[0] ? 1 : 0);
          if (matched == pattern.length) {
            counts[bucket(t0, durationS)].incrementAndGet();
            matched = 0;
          }
        }
      }
    } catch (Exception e) {
      // closed
    }
  }

  private static boolean closedByServer(Socket s, long withinMs) throws Exception {
    s.setSoTimeout(500);
    InputStream in = s.getInputStream();
    byte[] buf = new byte[65_536];
    long until = System.currentTimeMillis() + withinMs;
    while (System.currentTimeMillis() < until) {
      try {
        if (in.read(buf) < 0) {
          return true;
        }
      } catch (SocketTimeoutException idle) {
        // still open
      } catch (java.net.SocketException reset) {
        return true;
      }
    }
    return false;
  }

  private static JsonObject call(HttpClient http, String host, int port, HttpMethod m, String uri, String key,
      JsonObject body) {
    RequestOptions o = new RequestOptions().setMethod(m).setHost(host).setPort(port).setURI(uri)
        .putHeader("X-API-Key", key).putHeader("Content-Type", "application/json").setTimeout(10_000);
    Future<JsonObject> f = http.request(o).compose(r -> body == null ? r.send() : r.send(body.toBuffer()))
        .compose(r -> r.body().map(b -> b.length() == 0 ? new JsonObject() : parse(b)));
    return await(f);
  }

  private static JsonObject parse(Buffer b) {
    try {
      Object v = b.toJson();
      return v instanceof JsonObject o ? o : new JsonObject().put("data", v);
    } catch (RuntimeException e) {
      return new JsonObject().put("raw", b.toString());
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
