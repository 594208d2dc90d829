package io.voltgate.perf.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code sseClients} subscribers to {@code GET /cpms/v1/events/stream} (every event of the key's
 * networks) for the whole api scenario. Each counts the events it receives; the delivery lag of
 * every event (receive time − the event's own {@code timestamp}, which the gateway sets when it
 * publishes the event to the Redis stream; same machine, same clock) goes into the histogram
 * "sse event lag". "SSE connect" times the response headers. A stream the server ends is resumed
 * after 1 s with {@code Last-Event-ID}, as a browser would (counted as {@code sse.reconnects}).
 */
final class SseSubscribers {

  private static final String PATH = "/cpms/v1/events/stream";

  private final Vertx vertx;
  private final Fleet fleet;
  private final OperatorApi api;
  private final int n;
  private final AtomicLongArray events;
  private HttpClient http;
  private volatile boolean stopped;

  SseSubscribers(Vertx vertx, Fleet fleet, OperatorApi api, int n) {
    this.vertx = vertx;
    this.fleet = fleet;
    this.api = api;
    this.n = n;
    this.events = new AtomicLongArray(n);
  }

  void start() {
    http = api.client(n);
    for (int i = 0; i < n; i++) {
      int client = i;
      vertx.runOnContext(v -> connect(client, null));
    }
  }

  /** Events received per subscriber so far. */
  long[] eventsPerClient() {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = events.get(i);
    }
    return out;
  }

  void stop() {
    stopped = true;
    long[] per = eventsPerClient();
    int withEvents = 0;
    for (long e : per) {
      if (e > 0) {
        withEvents++;
      }
    }
    fleet.stats.set("sse.clients", n);
    fleet.stats.set("sse.clients_with_events", withEvents);
    if (http != null) {
      http.close();
    }
  }

  private void connect(int client, String lastEventId) {
    if (stopped || fleet.ending()) {
      return;
    }
    RequestOptions r = api.request(HttpMethod.GET, PATH, 0).putHeader("Accept", "text/event-stream");
    if (lastEventId != null) {
      r.putHeader("Last-Event-ID", lastEventId);
    }
    long t0 = System.nanoTime();
    http.request(r).compose(req -> req.send()).onComplete(ar -> {
      if (ar.failed()) {
        if (!stopped) {
          fleet.stats.inc("sse.connect_failed");
          fleet.noteError("SSE connect: " + ar.cause());
          vertx.setTimer(1_000, t -> connect(client, lastEventId));
        }
        return;
      }
      HttpClientResponse resp = ar.result();
      if (resp.statusCode() != 200) {
        fleet.stats.inc("sse.http." + resp.statusCode());
        resp.body().onComplete(b -> fleet.noteError("SSE connect -> " + resp.statusCode() + " "
            + (b.succeeded() ? b.result().toString() : "")));
        if (!stopped) {
          vertx.setTimer(1_000, t -> connect(client, lastEventId));
        }
        return;
      }
      fleet.stats.latency("SSE connect (response headers)").recordNanos(System.nanoTime() - t0);
      fleet.stats.inc("sse.connected");
      Stream stream = new Stream(client, lastEventId);
      resp.handler(stream::feed);
      resp.exceptionHandler(e -> stream.ended("error " + e));
      resp.endHandler(v -> stream.ended("ended by the server"));
    });
  }

  /** One open stream: splits the bytes into events (blank-line separated) and records each. */
  private final class Stream {
    private final int client;
    private Buffer pending = Buffer.buffer();
    private String lastId;
    private boolean over;

    Stream(int client, String lastId) {
      this.client = client;
      this.lastId = lastId;
    }

    void feed(Buffer chunk) {
      pending.appendBuffer(chunk);
      int start = 0;
      int len = pending.length();
      for (int i = 0; i + 1 < len; i++) {
        if (pending.getByte(i) == '\n' && pending.getByte(i + 1) == '\n') {
          onEvent(pending.getString(start, i, StandardCharsets.UTF_8.name()));
          start = i + 2;
          i++;
        }
      }
      if (start > 0) {
        pending = pending.getBuffer(start, len);
      }
    }

    private void onEvent(String block) {
      String id = null;
      StringBuilder data = null;
      for (String line : block.split("\n", -1)) {
        if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          if (data == null) {
            data = new StringBuilder();
          } else {
            data.append('\n');
          }
          data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
        }
      }
      if (id != null) {
        lastId = id;
      }
      if (data == null) {
        return;                                 // retry:, keep-alive comments
      }
      Instant received = Instant.now();
      events.incrementAndGet(client);
      fleet.stats.inc("sse.events");
      try {
        String ts = new JsonObject(data.toString()).getString("timestamp");
        long lag = ChronoUnit.MICROS.between(Instant.parse(ts), received);
        if (lag < 0) {
          fleet.stats.inc("sse.negative_lag");
          lag = 0;
        }
        fleet.stats.latency("sse event lag").recordMicros(lag);
      } catch (RuntimeException e) {
        fleet.stats.inc("sse.unparseable");
      }
    }

    void ended(String why) {
      if (over) {
        return;
      }
      over = true;
      if (stopped || fleet.ending()) {
        return;
      }
      fleet.stats.inc("sse.reconnects");
      fleet.noteError("SSE stream of client " + client + " " + why + "; resuming from " + lastId);
      vertx.setTimer(1_000, t -> connect(client, lastId));
    }
  }
}
