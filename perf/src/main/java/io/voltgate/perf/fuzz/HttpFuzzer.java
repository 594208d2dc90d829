package io.voltgate.perf.fuzz;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.voltgate.perf.sim.Stats;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault scenario 6 (HTTP half): {@code requests} mutated requests to every route of the OpenAPI
 * document ({@code GET /openapi.json}): valid, missing, malformed and unknown API keys; broken JSON,
 * wrong types, extra fields, huge bodies, deep nesting; bad and duplicated query parameters; path
 * parameters that are not ids, traversal and encoded traversal; methods a route does not declare;
 * wrong content types; and (share {@code rawShare}) requests written on a raw socket with a malformed
 * request line or headers. Counts answers by status; a 500 (or any status the server should never
 * give: 5xx other than 503) is recorded with the request that caused it. Seedable ({@code seed});
 * bounded by {@code durationS}. The key in {@code apiKey} mints a run key with a high hourly limit.
 */
public final class HttpFuzzer {

  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("host", "127.0.0.1"), Map.entry("port", "8081"), Map.entry("apiKey", ""),
      Map.entry("requests", "3000"), Map.entry("concurrency", "16"), Map.entry("seed", "1"),
      Map.entry("durationS", "120"), Map.entry("rawShare", "0.05"), Map.entry("hugeShare", "0.002"));

  /** What a run measured, and the requests that got a 5xx. */
  public record Result(Stats stats, List<String> serverErrors, int routes) {
    public JsonObject toJson() {
      return new JsonObject().put("stats", stats.toJson()).put("routes", routes)
          .put("serverErrors", new JsonArray(serverErrors));
    }
  }

  private record Route(HttpMethod method, String path, JsonObject operation) {
  }

  private record Req(String label, HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
  }

  private final FuzzArgs args;
  private final PrintStream out;
  private final Stats stats = new Stats();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> transportSamples = new ConcurrentLinkedQueue<>();
  private final AtomicLong issued = new AtomicLong();
  private final Random random;
  private List<Route> routes;
  private List<Route> streams;
  private String key;
  private Vertx vertx;
  private HttpClient http;
  private NetClient net;
  private long deadlineNanos;

  private HttpFuzzer(FuzzArgs args, PrintStream out) {
    this.args = args;
    this.out = out;
    this.random = new Random(args.longValue("seed"));
  }

  public static Result run(Map<String, String> given, PrintStream out) {
    return new HttpFuzzer(new FuzzArgs(DEFAULTS, given), out).run();
  }

  public static void main(String[] argv) {
    Result r;
    try {
      r = run(FuzzArgs.parse(argv), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("fuzz-http: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("RESULT " + r.toJson().encode());
    System.exit(r.serverErrors().isEmpty() && r.stats().get("status.500") == 0 ? 0 : 1);
  }

  private Result run() {
    out.println("fuzz-http: " + args);
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      int concurrency = args.integer("concurrency");
      http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(args.get("host"))
              .setDefaultPort(args.integer("port")).setKeepAlive(true).setTcpNoDelay(true),
          new PoolOptions().setHttp1MaxSize(concurrency));
      net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
      List<Route> all = loadRoutes();
      streams = all.stream().filter(HttpFuzzer::isStream).toList();
      routes = all.stream().filter(r -> !isStream(r)).toList();
      key = mintKey();
      deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.integer("durationS"));
      long t0 = System.nanoTime();
      List<Future<Void>> workers = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        Promise<Void> p = Promise.promise();
        vertx.runOnContext(v -> next(p));
        workers.add(p.future());
      }
      long progressAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!workers.stream().allMatch(Future::isComplete) && System.nanoTime() < deadlineNanos + 20_000_000_000L) {
        sleep(100);
        if (System.nanoTime() > progressAt) {
          progressAt += TimeUnit.SECONDS.toNanos(10);
          out.printf("fuzz-http: %.0f s: %d requests answered, %d 500s%n", (System.nanoTime() - t0) / 1e9,
              stats.get("answered"), stats.get("status.500"));
        }
      }
      stats.set("run.millis", (System.nanoTime() - t0) / 1_000_000);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    Result r = new Result(stats, List.copyOf(errors), routes.size() + streams.size());
    report(r);
    return r;
  }

  private void report(Result r) {
    Stats s = r.stats();
    out.println("fuzz-http: " + s.get("sent") + " requests (" + s.get("raw.sent") + " on raw sockets) to "
        + r.routes() + " routes in " + s.get("run.millis") + " ms; answered " + s.get("answered")
        + "; transport errors " + s.sumPrefix("transport.") + " " + filter(s, "transport."));
    out.println("fuzz-http: statuses " + filter(s, "status."));
    out.println("fuzz-http: by mutation " + filter(s, "mutation."));
    r.serverErrors().forEach(e -> out.println("fuzz-http: SERVER ERROR " + e));
    transportSamples.forEach(e -> out.println("fuzz-http: transport error " + e));
    out.println("fuzz-http: " + (s.get("status.500") == 0 && r.serverErrors().isEmpty() ? "CLEAN: 0 HTTP 500s"
        : "NOT CLEAN: " + s.get("status.500") + " HTTP 500s"));
  }

  // ---------------------------------------------------------------- setup

  private static boolean isStream(Route r) {
    return r.path().endsWith("/stream") || r.operation().encode().contains("text/event-stream");
  }

  private List<Route> loadRoutes() {
    JsonObject doc = await(http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/openapi.json"))
        .compose(req -> req.send()).compose(res -> res.body()).map(Buffer::toJsonObject));
    List<Route> found = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String m : item.fieldNames()) {
        if (List.of("get", "post", "put", "patch", "delete").contains(m)) {
          found.add(new Route(HttpMethod.valueOf(m.toUpperCase()), path, item.getJsonObject(m)));
        }
      }
    }
    found.sort((a, b) -> (a.path() + a.method()).compareTo(b.path() + b.method()));
    if (found.isEmpty()) {
      throw new IllegalStateException("no routes in /openapi.json");
    }
    return found;
  }

  private String mintKey() {
    String given = args.get("apiKey");
    if (given.isEmpty()) {
      return "pk_cpms_live_" + "0".repeat(32);
    }
    JsonObject body = new JsonObject().put("name", "fuzz-http " + ProcessHandle.current().pid())
        .put("rateLimitPerHour", 1_000_000).put("expiresAt", Instant.now().plusSeconds(7_200).toString());
    JsonObject res = await(http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/cpms/v1/api-keys")
            .putHeader("X-API-Key", given).putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(body.toBuffer())).compose(r -> r.body().map(b -> {
          if (r.statusCode() != 201) {
            throw new IllegalStateException("minting the run key: " + r.statusCode() + " " + b);
          }
          return b.toJsonObject();
        })));
    return res.getJsonObject("data").getString("key");
  }

  // ---------------------------------------------------------------- the loop

  private void next(Promise<Void> worker) {
    if (issued.getAndIncrement() >= args.longValue("requests") || System.nanoTime() >= deadlineNanos) {
      worker.tryComplete();
      return;
    }
    stats.inc("sent");
    Future<Void> one;
    if (random.nextDouble() < args.dbl("rawShare")) {
      one = raw(rawRequest(), 2_000);
    } else if (random.nextInt(routes.size()) < streams.size()) {
      // An event stream never ends: it is read for a second on its own socket, never from the pool.
      Route s = streams.get(random.nextInt(streams.size()));
      stats.inc("stream.sent");
      one = raw("GET " + s.path() + (random.nextBoolean() ? "" : "?types=" + pick(BAD_VALUES).replace(' ', '+'))
          + " HTTP/1.1\r\nHost: " + args.get("host") + "\r\nX-API-Key: " + (random.nextInt(4) == 0 ? "bad" : key)
          + "\r\nAccept: text/event-stream\r\nLast-Event-ID: " + pick(new String[] {"0-0", "abc", "99999999999999-0", ""})
          + "\r\nConnection: close\r\n\r\n", 1_000);
    } else {
      one = send(request());
    }
    one.onComplete(ar -> next(worker));
  }

  private Future<Void> send(Req r) {
    RequestOptions o = new RequestOptions().setMethod(r.method()).setURI(r.uri()).setTimeout(15_000);
    r.headers().forEach(o::putHeader);
    return http.request(o)
        .compose(req -> r.body() == null ? req.send() : req.send(r.body()))
        .compose(res -> res.body().map(b -> {
          count(r, res.statusCode(), b.length() > 300 ? b.getString(0, 300) : b.toString());
          return (Void) null;
        }))
        .recover(e -> {
          if (e instanceof io.vertx.core.http.HttpClosedException && r.label().contains("huge-body")) {
            // The server closes a connection whose body is over its limit while the body is still coming.
            count(r, 0, "closed");
            return Future.succeededFuture();
          }
          stats.inc("transport." + e.getClass().getSimpleName());
          if (transportSamples.size() < 20 && !(e instanceof IllegalArgumentException)) {
            transportSamples.add(e.getClass().getSimpleName() + " " + r.method() + " " + abbreviate(r.uri()) + " ["
                + r.label() + "] headers " + r.headers().keySet() + " body "
                + (r.body() == null ? "-" : abbreviate(r.body().toString())));
          }
          return Future.succeededFuture();
        });
  }

  private void count(Req r, int status, String body) {
    stats.inc("answered");
    stats.inc("status." + (status == 0 ? "closed-during-huge-body" : Integer.toString(status)));
    stats.inc("mutation." + r.label());
    // 503 is the product's overload answer; 501 is Netty's answer to an unknown HTTP version on a raw socket.
    if (status >= 500 && status != 503 && !(status == 501 && r.label().equals("raw"))) {
      stats.inc("server_error");
      if (errors.size() < 100) {
        errors.add(status + " " + r.method() + " " + abbreviate(r.uri()) + " [" + r.label() + "] headers "
            + r.headers().keySet() + " body " + (r.body() == null ? "-" : abbreviate(r.body().toString()))
            + " -> " + body);
      }
    }
  }

  // ---------------------------------------------------------------- mutations

  private static final String[] BAD_SEGMENTS = {"abc", "..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%00", "0",
    "-1", "00000000-0000-0000-0000-00000000000g", "💥", "%F0%28%8C%28", "x".repeat(3_000), "%", "%zz",
    "null", "undefined", "' OR '1'='1", "%0d%0aX-Injected:%201", "9999999999999999999999", "..;", "~"};
  private static final String[] BAD_VALUES = {"-1", "0", "abc", "", "99999999999999999999", "1e400", "%00",
    "true", "[]", "{}", "x".repeat(5_000), "2026-13-45T99:99:99Z", "null", "%zz", "' OR 1=1 --", "NaN"};

  private Req request() {
    Route route = routes.get(random.nextInt(routes.size()));
    List<String> labels = new ArrayList<>();
    HttpMethod method = route.method();
    if (random.nextInt(20) == 0) {
      method = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE,
          HttpMethod.OPTIONS, HttpMethod.HEAD, HttpMethod.TRACE, HttpMethod.valueOf("FUZZ")).get(random.nextInt(9));
      labels.add("method");
    }
    String uri = path(route.path(), labels) + query(route.operation(), labels);
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    switch (random.nextInt(10)) {
      case 0 -> labels.add("no-key");
      case 1 -> {
        headers.put("X-API-Key", pick(new String[] {"pk_cpms_live_" + UUID.randomUUID().toString().replace("-", ""),
            "garbage", "", "pk_", "pk_cpms_live_" + "A".repeat(4_000), key + "x", "Bearer " + key}));
        labels.add("bad-key");
      }
      case 2 -> {
        headers.put("Authorization", pick(new String[] {"Bearer x.y.z", "Bearer ", "Basic Zm9vOmJhcg==",
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer " + "a".repeat(5_000)}));
        labels.add("bad-bearer");
      }
      default -> headers.put("X-API-Key", key);
    }
    if (random.nextInt(20) == 0) {
      headers.put(pick(new String[] {"Accept", "If-None-Match", "Idempotency-Key", "Last-Event-ID", "X-Request-Id",
          "Content-Encoding", "Origin", "Range"}), pick(BAD_VALUES));
      labels.add("header");
    }
    Buffer body = null;
    boolean wantsBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
        || random.nextInt(20) == 0;
    if (wantsBody) {
      body = body(route.operation(), labels);
      switch (random.nextInt(8)) {
        case 0 -> labels.add("no-content-type");
        case 1 -> {
          headers.put("Content-Type", pick(new String[] {"text/plain", "application/xml", "application/json; charset=latin1",
              "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", ";;;"}));
          labels.add("content-type");
        }
        default -> headers.put("Content-Type", "application/json");
      }
    }
    return new Req(labels.isEmpty() ? "plain" : String.join("+", labels), method, uri, headers, body);
  }

  private String path(String template, List<String> labels) {
    StringBuilder b = new StringBuilder();
    boolean bad = false;
    for (String seg : template.split("/", -1)) {
      if (b.length() > 0 || !seg.isEmpty()) {
        b.append('/');
      }
      if (seg.startsWith("{") && seg.endsWith("}")) {
        if (random.nextInt(3) == 0) {
          b.append(uriSafe(pick(BAD_SEGMENTS)));
          bad = true;
        } else {
          b.append(UUID.randomUUID());
        }
      } else {
        b.append(seg);
      }
    }
    String p = b.length() == 0 ? "/" : b.toString();
    if (random.nextInt(30) == 0) {
      p = p + pick(new String[] {"/../../../etc/passwd", "/%2e%2e/%2e%2e/admin", "//", "/.", "/extra", ";jsessionid=1",
          "/%c0%ae%c0%ae/"});
      bad = true;
    }
    if (bad) {
      labels.add("path");
    }
    return p;
  }

  private String query(JsonObject op, List<String> labels) {
    List<String> names = new ArrayList<>();
    for (Object o : op.getJsonArray("parameters", new JsonArray())) {
      if (o instanceof JsonObject p && "query".equals(p.getString("in"))) {
        names.add(p.getString("name"));
      }
    }
    if (random.nextInt(4) != 0) {
      return "";
    }
    names.addAll(List.of("limit", "cursor", "from", "to", "status", "sort", "x"));
    StringBuilder q = new StringBuilder("?");
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        q.append('&');
      }
      q.append(pick(names.toArray(String[]::new))).append('=').append(uriSafe(pick(BAD_VALUES)));
    }
    labels.add("query");
    return q.toString();
  }

  private Buffer body(JsonObject op, List<String> labels) {
    if (random.nextDouble() < args.dbl("hugeShare")) {
      labels.add("huge-body");
      return Buffer.buffer("{\"name\":\"" + "H".repeat((1 + random.nextInt(8)) << 20) + "\"}");
    }
    List<String> fields = schemaFields(op);
    switch (random.nextInt(10)) {
      case 0 -> {
        labels.add("broken-json");
        return Buffer.buffer(pick(new String[] {"{", "{\"a\":}", "[", "nul", "{\"a\":1,}", "\u0000", "{'a':1}",
            "{\"a\":\"\\u00\"}", "{\"a\":1}{\"b\":2}"}));
      }
      case 1 -> {
        labels.add("non-object");
        return Buffer.buffer(pick(new String[] {"null", "[]", "1", "\"s\"", "true", "[{}]"}));
      }
      case 2 -> {
        labels.add("deep");
        int d = 50 + random.nextInt(20_000);
        return Buffer.buffer("{\"a\":" + "[".repeat(d) + "]".repeat(d) + "}");
      }
      case 3 -> {
        labels.add("broken-utf8");
        return Buffer.buffer(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
      }
      default -> {
        labels.add("fields");
        JsonObject o = new JsonObject();
        for (String f : fields) {
          if (random.nextInt(3) != 0) {
            o.put(f, value());
          }
        }
        if (random.nextInt(3) == 0) {
          o.put("extra" + random.nextInt(10), value());
        }
        return o.toBuffer();
      }
    }
  }

  private List<String> schemaFields(JsonObject op) {
    List<String> fields = new ArrayList<>();
    JsonObject schema = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
        .getJsonObject("application/json", new JsonObject()).getJsonObject("schema", new JsonObject());
    fields.addAll(schema.getJsonObject("properties", new JsonObject()).fieldNames());
    if (fields.isEmpty()) {
      fields.addAll(List.of("name", "id", "status", "type", "chargePointId", "url", "events", "amount"));
    }
    return fields;
  }

  private Object value() {
    return switch (random.nextInt(14)) {
      case 0 -> null;
      case 1 -> random.nextInt();
      case 2 -> random.nextLong();
      case 3 -> random.nextDouble() * 1e300;
      case 4 -> -random.nextInt(1000);
      case 5 -> "x".repeat(random.nextInt(10_000));
      case 6 -> random.nextBoolean();
      case 7 -> new JsonArray().add(1).add("a").add(new JsonObject());
      case 8 -> new JsonObject().put("k", random.nextInt());
      case 9 -> UUID.randomUUID().toString();
      case 10 -> "http://127.0.0.1:1/" + pick(BAD_SEGMENTS);
      case 11 -> "2026-12-06T04:00:00Z";
      case 12 -> pick(BAD_VALUES);
      default -> "";
    };
  }

  // ---------------------------------------------------------------- raw requests

  private String rawRequest() {
    Route route = routes.get(random.nextInt(routes.size()));
    String path = route.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    String host = "Host: " + args.get("host") + "\r\n";
    String k = "X-API-Key: " + key + "\r\n";
    String end = "Connection: close\r\n\r\n";
    return switch (random.nextInt(14)) {
      case 0 -> "GET " + path + " HTTP/1.1\r\n" + host + "X-Broken header\r\n" + end;
      case 1 -> "GET /cpms/v1/../../../../etc/passwd HTTP/1.1\r\n" + host + k + end;
      case 2 -> "GET /cpms/v1/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + host + k + end;
      case 3 -> "GET " + path + " HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(100_000) + "\r\n" + end;
      case 4 -> "POST " + path + " HTTP/1.1\r\n" + host + k + "Content-Length: 5\r\nContent-Length: 7\r\n"
          + "Content-Type: application/json\r\nConnection: close\r\n\r\n{}{}{}{";
      case 5 -> "POST " + path + " HTTP/1.1\r\n" + host + k + "Transfer-Encoding: chunked\r\n"
          + "Content-Type: application/json\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n";
      case 6 -> "GET " + path + "\r\n\r\n";
      case 7 -> "GET http://evil.example" + path + " HTTP/1.1\r\n" + host + k + end;
      case 8 -> "G\u00c9T " + path + " HTTP/1.1\r\n" + host + end;
      case 9 -> "GET " + path + " HTTP/9.9\r\n" + host + end;
      case 10 -> "GET " + path + "?" + "q".repeat(20_000) + " HTTP/1.1\r\n" + host + k + end;
      case 11 -> "POST " + path + " HTTP/1.1\r\n" + host + k + "Content-Length: -1\r\n" + end;
      case 12 -> "POST " + path + " HTTP/1.1\r\n" + host + k + "Content-Type: application/json\r\n"
          + "Content-Length: 100\r\nConnection: close\r\n\r\n{\"a\":"; // body cut short: the server waits, then we close
      default -> "GET " + path + " HTTP/1.1\r\n" + "Host: a\r\nHost: b\r\n" + k + "X-API-Key: second\r\n" + end;
    };
  }

  private Future<Void> raw(String request, long readMs) {
    stats.inc("raw.sent");
    Promise<Void> done = Promise.promise();
    net.connect(args.integer("port"), args.get("host")).onComplete(ar -> {
      if (ar.failed()) {
        stats.inc("transport.raw_connect");
        done.complete();
        return;
      }
      var socket = ar.result();
      Buffer got = Buffer.buffer();
      long timer = vertx.setTimer(readMs, t -> socket.close());
      socket.handler(got::appendBuffer);
      socket.closeHandler(v -> {
        vertx.cancelTimer(timer);
        String text = got.toString(StandardCharsets.ISO_8859_1);
        Req r = new Req("raw", HttpMethod.valueOf("RAW"), abbreviate(request.split("\r\n", 2)[0]), Map.of(),
            Buffer.buffer(abbreviate(request)));
        if (text.startsWith("HTTP/")) {
          int sp = text.indexOf(' ');
          int status = Integer.parseInt(text.substring(sp + 1, sp + 4));
          count(r, status, abbreviate(text));
        } else {
          stats.inc("answered");
          stats.inc("status.closed-without-answer");
          stats.inc("mutation.raw");
        }
        done.tryComplete();
      });
      socket.write(Buffer.buffer(request.getBytes(StandardCharsets.ISO_8859_1)));
    });
    return done.future();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Spaces and non-ASCII percent-encoded (broken escapes such as {@code %zz} are kept): a request
   * line with a raw space is not HTTP and is left to the raw-socket cases.
   */
  private static String uriSafe(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if (c <= ' ' || c == '"' || c == '#' || c >= 127 || c < 0) {
        b.append('%').append(String.format("%02X", c & 0xff));
      } else {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
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

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
