package io.voltgate.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.perf.sim.ServerCallAnswers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * OCPP-J charger behaviour for the Gatling simulations: parameters (system properties {@code vg.*}),
 * the protocol (WebSocket base URL, source addresses, auto-answers to the CSMS's CALLs) and chains.
 *
 * <p>Each CALL is a {@code ws(action).sendText(...)} awaiting the frame with the same message id; the
 * check passes only for a CALLRESULT, so every CALLERROR is a KO whose message carries its code.
 */
public final class Ocpp {

  /** Parameters, read when a simulation is constructed. */
  public static final class Params {
    public final String wsUrl = prop("vg.wsUrl", "ws://127.0.0.1:8080");
    public final String apiUrl = prop("vg.apiUrl", "http://127.0.0.1:8081");
    public final String path = prop("vg.path", "/ocpp");
    public final int chargers = Integer.parseInt(prop("vg.chargers", "200"));
    public final double rate = Double.parseDouble(prop("vg.rate", "50"));
    public final int heartbeatS = Integer.parseInt(prop("vg.heartbeatS", "60"));
    public final int meterS = Integer.parseInt(prop("vg.meterS", "30"));
    public final double txShare = Double.parseDouble(prop("vg.txShare", "0.3"));
    public final double v201Share = Double.parseDouble(prop("vg.v201Share", "0.5"));
    public final int durationS = Integer.parseInt(prop("vg.durationS", "60"));
    public final int sources = Integer.parseInt(prop("vg.sources", "4"));
    public final String idPrefix = prop("vg.idPrefix", "GAT-" + Long.toString(System.currentTimeMillis(), 36) + "-");
    public final int callTimeoutS = Integer.parseInt(prop("vg.callTimeoutS", "30"));
    public final int stormAtS = Integer.parseInt(prop("vg.stormAtS", "0"));
    public final int stormWindowS = Integer.parseInt(prop("vg.stormWindowS", "10"));
    /** Share of chargers that storm; the others (bystanders) keep their heartbeats going. */
    public final double stormShare = Double.parseDouble(prop("vg.stormShare", "1.0"));
    /** Bystanders' CALLs in the storm window (stormWindowS + stormGraceS) are grouped apart. */
    public final int stormGraceS = Integer.parseInt(prop("vg.stormGraceS", "5"));
    /** {@code api} (HTTP control endpoints, timed by Gatling) or {@code redis} (the command path below). */
    public final String commandPath = prop("vg.commandPath", "api");
    public final double commandRate = Double.parseDouble(prop("vg.commandRate", "20"));
    public final String redisUrl = prop("vg.redisUrl", "");
    public final String apiKey = prop("vg.apiKey", "");
    /** Hourly limit of the key minted with {@code vg.apiKey} for the run; 0 = use vg.apiKey itself. */
    public final int apiKeyRateLimit = Integer.parseInt(prop("vg.apiKeyRateLimit", "1000000"));
    public final double apiRate = Double.parseDouble(prop("vg.apiRate", "10"));
    public final int sseClients = Integer.parseInt(prop("vg.sseClients", "10"));
    /**
     * Wall-clock start and end of the run: chargers hold their sockets until the end. Set again by
     * {@link #start()} from each simulation's {@code before()}, which Gatling calls right before the
     * injection starts (building a simulation can take seconds on a busy machine).
     */
    public volatile long startAtMillis = System.currentTimeMillis();
    public volatile long endAtMillis = startAtMillis + durationS * 1000L;
    final AtomicInteger nextIndex = new AtomicInteger();
    /** Chargers of this run that have booted (marked ready) so far. */
    public final AtomicInteger booted = new AtomicInteger();

    /** Starts the run's clock (from {@code Simulation.before()}). */
    public void start() {
      startAtMillis = System.currentTimeMillis();
      endAtMillis = startAtMillis + durationS * 1000L;
    }

    public double rampS() {
      return chargers / rate;
    }

    /** The chargers' connection ramp as a Gatling injection duration (at least 1 ms). */
    public java.time.Duration ramp() {
      return java.time.Duration.ofMillis(Math.max(1, (long) (rampS() * 1000)));
    }

    /** Upper bound of a simulation: the run, one CALL timeout and 30 s to close. */
    public java.time.Duration maxRunDuration() {
      return java.time.Duration.ofSeconds(durationS + callTimeoutS + 30);
    }

    public int stormAt() {
      return stormAtS > 0 ? stormAtS : (int) Math.ceil(rampS()) + 5;
    }

    private static String prop(String key, String def) {
      return System.getProperty(key, def);
    }
  }

  /** Chargers that finished booting and hold their socket (targets for commands). */
  public static final Set<String> READY = ConcurrentHashMap.newKeySet();

  private Ocpp() {
  }

  /** WebSocket base URL, HTTP base URL, 127.0.0.2.. as source addresses, and auto-answered CSMS CALLs. */
  public static HttpProtocolBuilder protocol(Params p) {
    HttpProtocolBuilder h = http.baseUrl(p.apiUrl).wsBaseUrl(p.wsUrl).disableWarmUp()
        .wsAutoReplyTextFrame(Ocpp::answerServerCall)
        .wsUnmatchedInboundMessageBufferSize(0);
    if (p.sources > 0) {
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < p.sources; i++) {
        addresses.add("127.0.0." + (2 + i));
      }
      h = h.localAddresses(addresses);
    }
    return h;
  }

  /** A CSMS CALL ({@code [2, id, action, payload]}) gets the simulator's accepting answer; anything else none. */
  static String answerServerCall(String text) {
    if (!text.startsWith("[2,")) {
      return null;
    }
    try {
      JsonArray frame = new JsonArray(text);
      JsonObject payload = frame.getJsonObject(3);
      boolean v201 = payload.containsKey("getVariableData") || payload.containsKey("setVariableData")
          || payload.containsKey("operationalStatus") || payload.containsKey("evse");
      JsonObject answer = ServerCallAnswers.answer(v201, frame.getString(2), payload);
      return answer == null
          ? "[4,\"" + frame.getString(1) + "\",\"NotImplemented\",\"\",{}]"
          : "[3,\"" + frame.getString(1) + "\"," + answer.encode() + "]";
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Session attributes: cp, proto, v201, tx, stormer, idTag, n (message counter). */
  public static ChainBuilder identify(Params p) {
    return exec(session -> {
      int i = p.nextIndex.getAndIncrement();
      boolean v201 = mix(i, 0.6180339887) < p.v201Share;
      boolean tx = mix(i, 0.7548776662) < p.txShare;
      boolean stormer = mix(i, 0.4142135624) < p.stormShare;
      return session.set("cp", p.idPrefix + i).set("proto", v201 ? "ocpp2.0.1" : "ocpp1.6").set("v201", v201)
          .set("tx", tx).set("stormer", stormer).set("idTag", "GTOK" + i).set("n", 0).set("wh", 0L).set("seq", 0);
    });
  }

  private static double mix(int i, double alpha) {
    double x = (i + 1) * alpha;
    return x - Math.floor(x);
  }

  public static ChainBuilder connect(Params p, String name) {
    return exec(ws(name).connect(s -> p.path + "/" + s.getString("cp")).subprotocol(s -> s.getString("proto")));
  }

  /** One CALL awaiting its CALLRESULT (a CALLERROR fails the check and names its code). */
  public static ChainBuilder call(Params p, String name, String action, Function<Session, String> payload,
      CheckBuilder... more) {
    List<CheckBuilder> checks = new ArrayList<>();
    checks.add(regex("^\\[4,\"[^\"]*\",\"(\\w+)\"").notExists());
    checks.addAll(List.of(more));
    return exec(s -> {
      int n = s.getInt("n") + 1;
      return s.set("n", n).set("mid", "m" + n);
    }).exec(ws(name).sendText(s -> "[2,\"" + s.getString("mid") + "\",\"" + action + "\"," + payload.apply(s) + "]")
        .await(Duration.ofSeconds(p.callTimeoutS))
        .on(ws.checkTextMessage(name + " reply").matching(regex("^\\[[34],\"#{mid}\"").exists()).check(checks)));
  }

  /** BootNotification (must be Accepted) and the connectors' StatusNotifications. */
  public static ChainBuilder bootAndStatus(Params p) {
    return call(p, "BootNotification", "BootNotification", s -> s.getBoolean("v201")
            ? new JsonObject().put("reason", "PowerUp").put("chargingStation", new JsonObject()
                .put("vendorName", "GatlingSim").put("model", "G1").put("serialNumber", "S" + s.getString("cp").hashCode())).encode()
            : new JsonObject().put("chargePointVendor", "GatlingSim").put("chargePointModel", "G1")
                .put("chargePointSerialNumber", "S" + s.getString("cp").hashCode()).encode(),
        regex("\"status\":\"(\\w+)\"").is("Accepted"))
        .doIfOrElse(s -> s.getBoolean("v201")).then(
            call(p, "StatusNotification", "StatusNotification", s -> new JsonObject().put("timestamp", now())
                .put("connectorStatus", "Available").put("evseId", 1).put("connectorId", 1).encode()))
        .orElse(
            call(p, "StatusNotification", "StatusNotification", s -> status16(0, "Available"))
                .exec(call(p, "StatusNotification", "StatusNotification", s -> status16(1, "Available"))));
  }

  private static String status16(int connector, String status) {
    return new JsonObject().put("connectorId", connector).put("errorCode", "NoError").put("status", status)
        .put("timestamp", now()).encode();
  }

  public static ChainBuilder startTransaction(Params p) {
    return doIf(s -> s.getBoolean("tx")).then(
        doIfOrElse(s -> s.getBoolean("v201")).then(
            call(p, "TransactionEvent", "TransactionEvent", s -> new JsonObject().put("eventType", "Started")
                .put("timestamp", now()).put("triggerReason", "Authorized").put("seqNo", 0)
                .put("transactionInfo", new JsonObject().put("transactionId", "GTX-" + s.getString("cp"))
                    .put("chargingState", "Charging"))
                .put("idToken", new JsonObject().put("idToken", s.getString("idTag")).put("type", "ISO14443"))
                .put("evse", new JsonObject().put("id", 1).put("connectorId", 1)).encode())
                .exec(s -> s.set("seq", 1).set("inTx", true)))
        .orElse(
            call(p, "StartTransaction", "StartTransaction", s -> new JsonObject().put("connectorId", 1)
                .put("idTag", s.getString("idTag")).put("meterStart", 0).put("timestamp", now()).encode(),
                regex("\"transactionId\":(\\d+)").saveAs("txId"))
                .exec(s -> s.contains("txId") ? s.set("inTx", true) : s)));
  }

  /** Heartbeat every heartbeatS and (transactions) meter values every meterS until the run's end. */
  public static ChainBuilder holdUntilEnd(Params p) {
    return holdUntil(p, () -> p.endAtMillis);
  }

  /** Heartbeat every heartbeatS and (transactions) meter values every meterS until a wall-clock moment. */
  public static ChainBuilder holdUntil(Params p, java.util.function.LongSupplier endAtMillis) {
    int tick = Math.max(1, Math.min(p.heartbeatS, p.meterS));
    int hbEvery = Math.max(1, Math.round((float) p.heartbeatS / tick));
    int meterEvery = Math.max(1, Math.round((float) p.meterS / tick));
    return exec(s -> s.set("k", 0))
        // asLongAs, not during(session -> endAt - now): during re-evaluates its duration at every
        // iteration against the time since the loop started, which ended the hold halfway.
        .exec(asLongAs(s -> System.currentTimeMillis() < endAtMillis.getAsLong()).on(
            pace(Duration.ofSeconds(tick))
                .doIf(s -> s.getInt("k") % hbEvery == 0).then(call(p, "Heartbeat", "Heartbeat", s -> "{}"))
                .doIf(s -> s.contains("inTx") && s.getInt("k") % meterEvery == 0).then(meter(p))
                .exec(s -> s.set("k", s.getInt("k") + 1))));
  }

  private static ChainBuilder meter(Params p) {
    return exec(s -> s.set("wh", s.getLong("wh") + 7_400L * p.meterS / 3_600 + 1))
        .doIfOrElse(s -> s.getBoolean("v201")).then(
            call(p, "TransactionEvent", "TransactionEvent", s -> new JsonObject().put("eventType", "Updated")
                .put("timestamp", now()).put("triggerReason", "MeterValuePeriodic").put("seqNo", s.getInt("seq"))
                .put("transactionInfo", new JsonObject().put("transactionId", "GTX-" + s.getString("cp")))
                .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", now())
                    .put("sampledValue", new JsonArray().add(new JsonObject().put("value", s.getLong("wh"))
                        .put("measurand", "Energy.Active.Import.Register"))))).encode())
                .exec(s -> s.set("seq", s.getInt("seq") + 1)))
        .orElse(
            call(p, "MeterValues", "MeterValues", s -> new JsonObject().put("connectorId", 1)
                .put("transactionId", Integer.parseInt(s.getString("txId")))
                .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", now())
                    .put("sampledValue", new JsonArray().add(new JsonObject().put("value", Long.toString(s.getLong("wh")))
                        .put("measurand", "Energy.Active.Import.Register").put("unit", "Wh"))))).encode()));
  }

  public static ChainBuilder stopTransaction(Params p) {
    return doIf(s -> s.contains("inTx")).then(
        doIfOrElse(s -> s.getBoolean("v201")).then(
            call(p, "TransactionEvent", "TransactionEvent", s -> new JsonObject().put("eventType", "Ended")
                .put("timestamp", now()).put("triggerReason", "StopAuthorized").put("seqNo", s.getInt("seq"))
                .put("transactionInfo", new JsonObject().put("transactionId", "GTX-" + s.getString("cp"))
                    .put("stoppedReason", "Local")).encode()))
        .orElse(
            call(p, "StopTransaction", "StopTransaction", s -> new JsonObject()
                .put("transactionId", Integer.parseInt(s.getString("txId"))).put("idTag", s.getString("idTag"))
                .put("meterStop", s.getLong("wh")).put("timestamp", now()).put("reason", "Local").encode())));
  }

  public static ChainBuilder markReady(Params p) {
    return exec(s -> {
      READY.add(s.getString("cp"));
      p.booted.incrementAndGet();
      return s;
    });
  }

  public static ChainBuilder close() {
    return exec(s -> {
      READY.remove(s.getString("cp"));
      return s;
    }).exec(ws("Close").close());
  }

  private static io.gatling.javaapi.core.condition.DoIfOrElse.Then<io.gatling.javaapi.core.ChainBuilder> doIfOrElse(
      Function<Session, Boolean> condition) {
    return io.gatling.javaapi.core.CoreDsl.doIfOrElse(condition);
  }

  static String now() {
    return Instant.now().toString();
  }
}
