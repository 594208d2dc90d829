package io.voltgate.perf.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated charger: a WebSocket and a few fields (a few KiB with Netty's buffers). Speaks OCPP-J
 * 1.6 or 2.0.1 like a real station: one outstanding CALL at a time (others wait in a small queue),
 * answers the CSMS's CALLs, reconnects after unexpected drops. Confined to one event-loop context.
 *
 * <p>Each CALL's round trip (write → CALLRESULT/CALLERROR read) goes to the latency histogram named
 * after the action; CALLERRORs are counted by code. A bystander of a storm (a charger that does not
 * storm) also records the CALLs it sends during the storm window under "bystander ACTION" and
 * "bystander (all CALLs)".
 */
final class SimCharger {

  private static final String VENDOR = "VoltSim";

  private final Fleet fleet;
  final String id;
  private final int index;
  final boolean v201;
  private final boolean tx;
  /** Drops and redials in a storm (the others are bystanders). */
  final boolean stormer;
  private final Context context;
  private final WebSocketClient client;
  private int port;

  private WebSocket ws;
  private boolean closing;
  /** Storm: when this charger dropped (0 = not in a storm); recovery is measured to its next boot. */
  long stormT0;
  long stormRedialT0;
  /** Storm: dropped, BootNotification not yet accepted again. */
  private boolean stormBootPending;
  volatile boolean ready;
  boolean finished;
  volatile boolean everConnected;
  boolean everBooted;
  private int nextId;
  // The one outstanding CALL.
  private String pendingId;
  private String pendingAction;
  private long pendingSentAt;
  private long pendingTimer = -1;
  private Promise<JsonObject> pendingPromise;
  private ArrayDeque<Object[]> queue;
  private long heartbeatTimer = -1;
  private long meterTimer = -1;
  private long statusTimer = -1;
  /** Basic-auth password from the registration (preRegister with securityProfile 1); null = basicPassword. */
  volatile String password;
  /** The charger's UUID as the registration answered it (preRegister); null = resolved by listing. */
  volatile String uuid;
  // Transaction state.
  private Integer transactionId16;
  private String transactionId201;
  private int seqNo;
  private long meterWh;
  /** The charger considers itself in a transaction (its start is sent or waiting to be sent). */
  private boolean inTx;
  private int txCount;
  private long cycleTimer = -1;
  /**
   * Transaction messages not yet acknowledged, oldest first: sent one at a time, kept across drops
   * and resent unchanged after the next BootNotification is accepted (as a charger's offline queue).
   */
  private final ArrayDeque<TxMsg> txOutbox = new ArrayDeque<>(2);
  private Future<Void> txDrain;

  /**
   * A queued transaction message: kind S16 (StartTransaction), E16 (StopTransaction), M16 (1.6
   * MeterValues of a transaction; eventType holds its sample's timestamp), T201 (TransactionEvent).
   */
  private static final class TxMsg {
    final String action;
    final JsonObject payload;
    final String kind;
    final String ref;
    final String eventType;
    final int seqNo;
    int attempts;

    TxMsg(String action, JsonObject payload, String kind, String ref, String eventType, int seqNo) {
      this.action = action;
      this.payload = payload;
      this.kind = kind;
      this.ref = ref;
      this.eventType = eventType;
      this.seqNo = seqNo;
    }
  }

  SimCharger(Fleet fleet, int index, String id, boolean v201, boolean tx, boolean stormer, Context context,
      WebSocketClient client, int port) {
    this.fleet = fleet;
    this.index = index;
    this.id = id;
    this.v201 = v201;
    this.tx = tx;
    this.stormer = stormer;
    this.context = context;
    this.client = client;
    this.port = port;
  }

  Context context() {
    return context;
  }

  // ---------------------------------------------------------------- connection

  /** Connects (retrying refused handshakes while the run lasts), boots, then runs its timers. */
  void start() {
    connect(0);
  }

  private void connect(int attempt) {
    if (finished || fleet.ending()) {
      return;
    }
    fleet.stats.inc("connect.attempts");
    long t0 = System.nanoTime();
    SimOptions o = fleet.options;
    long limitMs = o.handshakeTimeoutS * 1000L;
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(o.host).setPort(port).setURI(o.path + "/" + id)
        .setSubProtocols(List.of(v201 ? "ocpp2.0.1" : "ocpp1.6"))
        // Vert.x's own limit a little later than ours: it tears down an attempt we gave up on.
        .setTimeout(limitMs + 2_000);
    if (o.sendsBasicAuth()) {
      String pw = password != null ? password : o.basicPassword;
      options.putHeader("Authorization", "Basic "
          + Base64.getEncoder().encodeToString((id + ":" + pw).getBytes(StandardCharsets.UTF_8)));
    }
    // The charger gives up on a handshake not completed in handshakeTimeoutS.
    boolean[] gaveUp = new boolean[1];
    long giveUpTimer = context.owner().setTimer(limitMs, t -> {
      gaveUp[0] = true;
      if (!fleet.ending()) {
        fleet.stats.inc("handshake.timeout");
        retry(attempt);
      }
    });
    client.connect(options).onComplete(ar -> {
      context.owner().cancelTimer(giveUpTimer);
      if (ar.failed() && !gaveUp[0] && (finished || fleet.ending())) {
        gaveUp[0] = true; // the run is over (attempts cut short by closing the simulator are not failures)
        fleet.stats.inc("sim.connect_cut_at_end");
      }
      if (gaveUp[0]) {
        if (ar.succeeded()) { // completed after we gave up: a real charger would not use it
          fleet.stats.inc("sim.handshake_completed_after_timeout");
          ar.result().close((short) 1000, "handshake timed out");
        }
        return;
      }
      if (ar.failed()) {
        Throwable e = ar.cause();
        if (e instanceof UpgradeRejectedException re) {
          fleet.stats.inc("handshake.refused." + re.getStatus());
        } else if (isTimeout(e)) {
          fleet.stats.inc("handshake.timeout");
        } else {
          fleet.stats.inc("handshake.error");
          fleet.noteError("connect " + id + ": " + e);
        }
        retry(attempt);
        return;
      }
      fleet.stats.latency("connect").recordNanos(System.nanoTime() - t0);
      fleet.stats.inc("connections.opened");
      opened(ar.result());
    });
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.util.concurrent.TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }

  /** Dials again after the back-off for this attempt, while the run lasts (failover: on the next port). */
  private void retry(int attempt) {
    List<Integer> ports = fleet.options.ports;
    if (fleet.options.failover && ports.size() > 1) {
      port = ports.get((ports.indexOf(port) + 1) % ports.size());
    }
    context.owner().setTimer(retryDelayMs(attempt), t -> connect(attempt + 1));
  }

  /**
   * Back-off before redial number {@code attempt + 1}: exponential with full jitter between
   * reconnectMinMs and reconnectMaxMs when set, else the fixed schedule (1-2 s, 2-3 s, 3-4 s, 4-5 s).
   */
  private long retryDelayMs(int attempt) {
    SimOptions o = fleet.options;
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if (o.exponentialBackoff()) {
      long hi = o.reconnectMinMs << Math.min(attempt + 1, 20);
      hi = Math.min(o.reconnectMaxMs, hi);
      return hi <= o.reconnectMinMs ? o.reconnectMinMs : r.nextLong(o.reconnectMinMs, hi + 1);
    }
    return Math.min(10_000, 1_000L * (1 + Math.min(attempt, 3))) + r.nextLong(1_000);
  }

  private void opened(WebSocket socket) {
    ws = socket;
    closing = false;
    everConnected = true;
    fleet.open.incrementAndGet();
    socket.textMessageHandler(this::onText);
    socket.exceptionHandler(e -> fleet.stats.inc("socket.exception"));
    socket.closeHandler(v -> onClosed(socket));
    boot();
  }

  private void onClosed(WebSocket socket) {
    if (socket != ws) {
      return;
    }
    fleet.open.decrementAndGet();
    ready = false;
    ws = null;
    cancelTimers();
    failPending("closed");
    if (!closing) {
      fleet.stats.inc("connections.dropped");
      if (!stormer && fleet.inStormWindow(System.nanoTime())) {
        fleet.stats.inc("storm.bystanders_dropped");
      }
      Short code = socket.closeStatusCode();
      fleet.stats.inc("close.code." + (code == null ? "none" : code));
      if (fleet.options.reconnect && !finished && !fleet.ending()) {
        if (fleet.options.exponentialBackoff()) {
          retry(0);
        } else {
          context.owner().setTimer(1_000 + ThreadLocalRandom.current().nextLong(4_000), t -> connect(0));
        }
      }
    }
  }

  /** Storm: drop the socket now and redial after {@code delayMs}. */
  void drop(long delayMs) {
    if (ws == null) {
      fleet.stats.inc("storm.not_connected");
      return;
    }
    fleet.stats.inc("storm.chargers");
    closing = true;
    cancelTimers();
    stormBootPending = true;
    stormT0 = System.nanoTime();
    ws.close((short) 1001, "storm").onComplete(ar -> context.owner().setTimer(Math.max(1, delayMs), t -> {
      fleet.stats.inc("storm.redials");
      stormRedialT0 = System.nanoTime();
      connect(0);
    }));
  }

  /** End of the run: stop a running transaction, then close. */
  Future<Void> finish() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      finished = true;
      cancelTimers();
      Future<?> stop = Future.succeededFuture();
      if (ws != null && ready && fleet.options.stopTx && inTx) {
        stopTransaction();
      }
      if (ws != null && ready && !txOutbox.isEmpty()) {
        stop = drainTx().otherwiseEmpty();
      }
      // A 1.6 start still unacknowledged above (txCycleS) gets its stop once its transactionId is known.
      stop = stop.transform(x -> {
        if (ws != null && ready && fleet.options.stopTx && inTx && stopTransaction()) {
          return drainTx().otherwiseEmpty();
        }
        return Future.<Void>succeededFuture();
      });
      stop = stop.onComplete(x -> {
        if (inTx) {
          fleet.stats.inc("tx.open_at_end"); // not stopped: not connected or not booted at the end, or its start unacknowledged
        }
      });
      stop.onComplete(ar -> {
        if (!txOutbox.isEmpty()) {
          fleet.stats.add("tx.unacknowledged_at_end", txOutbox.size());
          if (inTx && transactionId16 == null && !v201) {
            fleet.stats.inc("tx.stop_not_sent_start_unacknowledged");
          }
        }
        if (ws != null) {
          closing = true;
          ws.close((short) 1000, "done").onComplete(c -> done.tryComplete());
        } else {
          done.tryComplete();
        }
      });
    });
    return done.future();
  }

  boolean connected() {
    return ws != null;
  }

  // ---------------------------------------------------------------- OCPP-J

  private void onText(String text) {
    fleet.stats.inc("frames.in");
    JsonArray frame;
    try {
      frame = new JsonArray(text);
    } catch (RuntimeException e) {
      fleet.stats.inc("sim.unparseable");
      return;
    }
    int type = frame.getInteger(0);
    String msgId = frame.getString(1);
    if (type == 2) {
      onServerCall(msgId, frame.getString(2), frame.getJsonObject(3));
      return;
    }
    if (!msgId.equals(pendingId)) {
      fleet.stats.inc("sim.unexpected_reply");
      return;
    }
    long sentAt = pendingSentAt;
    long rtt = System.nanoTime() - sentAt;
    String action = pendingAction;
    Promise<JsonObject> p = pendingPromise;
    clearPending();
    fleet.stats.inc("calls.answered");
    if (!stormer && fleet.inStormWindow(sentAt)) {
      String label = type == 3 ? action : action + " (CALLERROR)";
      fleet.stats.latency("bystander " + label).recordNanos(rtt);
      fleet.stats.latency("bystander (all CALLs)").recordNanos(rtt);
    }
    if (fleet.inSteady(sentAt)) {
      String label = type == 3 ? action : action + " (CALLERROR)";
      fleet.stats.latency("steady " + label).recordNanos(rtt);
      fleet.stats.latency("steady (all CALLs)").recordNanos(rtt);
    }
    if (type == 3) {
      fleet.stats.latency(action).recordNanos(rtt);
      p.tryComplete(frame.getJsonObject(2));
    } else {
      String code = frame.getString(2);
      fleet.stats.inc("callerror." + code);
      fleet.stats.latency(action + " (CALLERROR)").recordNanos(rtt);
      fleet.noteError(id + " " + action + " -> " + text);
      p.tryFail("CALLERROR " + code);
    }
    sendNext();
  }

  /** Queues or sends a CALL; completes with the CALLRESULT payload, fails on CALLERROR/timeout/close. */
  private Future<JsonObject> call(String action, JsonObject payload) {
    Promise<JsonObject> p = Promise.promise();
    if (pendingId != null) {
      if (queue == null) {
        queue = new ArrayDeque<>(2);
      }
      queue.add(new Object[] {action, payload, p});
    } else {
      write(action, payload, p);
    }
    return p.future();
  }

  private void write(String action, JsonObject payload, Promise<JsonObject> p) {
    if (ws == null) {
      p.tryFail("closed");
      return;
    }
    String msgId = Integer.toString(++nextId);
    pendingId = msgId;
    pendingAction = action;
    pendingPromise = p;
    pendingSentAt = System.nanoTime();
    pendingTimer = context.owner().setTimer(fleet.options.callTimeoutS * 1000L, t -> {
      if (msgId.equals(pendingId)) {
        fleet.stats.inc("calls.timeout");
        if (!stormer && fleet.inStormWindow(pendingSentAt)) {
          fleet.stats.inc("storm.bystander_timeouts");
        }
        if (fleet.inSteady(pendingSentAt)) {
          fleet.stats.inc("steady.timeouts");
        }
        fleet.noteError(id + " " + action + " timed out");
        Promise<JsonObject> pp = pendingPromise;
        clearPending();
        pp.tryFail("timeout");
        sendNext();
      }
    });
    fleet.stats.inc("calls.sent");
    fleet.stats.inc("frames.out");
    ws.writeTextMessage("[2,\"" + msgId + "\",\"" + action + "\"," + payload.encode() + "]");
  }

  private void clearPending() {
    if (pendingTimer >= 0) {
      context.owner().cancelTimer(pendingTimer);
      pendingTimer = -1;
    }
    pendingId = null;
    pendingAction = null;
    pendingPromise = null;
  }

  @SuppressWarnings("unchecked")
  private void sendNext() {
    if (pendingId == null && queue != null && !queue.isEmpty()) {
      Object[] next = queue.poll();
      write((String) next[0], (JsonObject) next[1], (Promise<JsonObject>) next[2]);
    }
  }

  private void failPending(String why) {
    if (pendingPromise != null) {
      Promise<JsonObject> p = pendingPromise;
      clearPending();
      p.tryFail(why);
    }
    if (queue != null) {
      Object[] q;
      while ((q = queue.poll()) != null) {
        ((Promise<?>) q[2]).tryFail(why);
      }
    }
  }

  private void onServerCall(String msgId, String action, JsonObject payload) {
    fleet.stats.inc("server.calls");
    fleet.stats.inc("server.call." + action);
    JsonObject answer = ServerCallAnswers.answer(v201, action, payload);
    if (ws == null) {
      return;
    }
    fleet.stats.inc("frames.out");
    if (answer == null) {
      ws.writeTextMessage("[4,\"" + msgId + "\",\"NotImplemented\",\"simulator does not do " + action + "\",{}]");
      return;
    }
    ws.writeTextMessage("[3,\"" + msgId + "\"," + answer.encode() + "]");
    if ("TriggerMessage".equals(action) && "Heartbeat".equals(payload.getString("requestedMessage"))) {
      heartbeat();
    }
  }

  // ---------------------------------------------------------------- the charger's script

  private void boot() {
    JsonObject payload = v201
        ? new JsonObject().put("reason", "PowerUp").put("chargingStation", new JsonObject()
            .put("vendorName", VENDOR).put("model", "S1").put("serialNumber", "S" + index).put("firmwareVersion", "1.0.0"))
        : new JsonObject().put("chargePointVendor", VENDOR).put("chargePointModel", "S1")
            .put("chargePointSerialNumber", "S" + index).put("firmwareVersion", "1.0.0");
    call("BootNotification", payload).onComplete(ar -> {
      if (ar.failed()) {
        return;
      }
      String status = ar.result().getString("status");
      if ("Accepted".equals(status) && stormBootPending) {
        stormBootPending = false;
        fleet.stormBootAccepted(this);
      }
      if (!"Accepted".equals(status)) {
        fleet.stats.inc("boot." + status.toLowerCase(java.util.Locale.ROOT));
        int interval = Math.max(1, Math.min(ar.result().getInteger("interval", 10), 30));
        context.owner().setTimer(interval * 1000L, t -> {
          if (ws != null && !finished) {
            boot();
          }
        });
        return;
      }
      afterBoot();
    });
  }

  private void afterBoot() {
    Future<?> f;
    String now = now();
    if (v201) {
      f = call("StatusNotification", new JsonObject().put("timestamp", now)
          .put("connectorStatus", tx ? "Occupied" : "Available").put("evseId", 1).put("connectorId", 1));
    } else {
      f = call("StatusNotification", status16(0, "Available"))
          .compose(r -> call("StatusNotification", status16(1, tx ? "Preparing" : "Available")));
    }
    if (tx && !inTx) {
      f = f.compose(r -> {
        startTransaction();
        return Future.succeededFuture();
      });
    }
    // Queued transaction messages (a new start, or those unacknowledged before a drop) go first.
    f = f.compose(r -> txOutbox.isEmpty() ? Future.succeededFuture() : drainTx());
    f.onComplete(ar -> {
      if (ws == null) {
        return;
      }
      ready = true;
      fleet.booted(this);
      scheduleHeartbeat(true);
      if (tx) {
        scheduleMeter(true);
        if (fleet.options.txCycleS > 0) {
          scheduleCycle(true);
        }
      }
      if (fleet.options.statusS > 0) {
        scheduleStatus(true);
      }
    });
  }

  private JsonObject status16(int connector, String status) {
    return new JsonObject().put("connectorId", connector).put("errorCode", "NoError").put("status", status)
        .put("timestamp", now());
  }

  /** Queues a transaction start (sent by {@link #drainTx}). */
  private void startTransaction() {
    meterWh = 0;
    inTx = true;
    txCount++;
    if (v201) {
      transactionId201 = "TX-" + id + "-" + txCount;
      seqNo = 0;
      int seq = seqNo++;
      txOutbox.add(new TxMsg("TransactionEvent", new JsonObject().put("eventType", "Started").put("timestamp", now())
          .put("triggerReason", "Authorized").put("seqNo", seq)
          .put("transactionInfo", new JsonObject().put("transactionId", transactionId201).put("chargingState", "Charging"))
          .put("idToken", new JsonObject().put("idToken", "TOK" + index).put("type", "ISO14443"))
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1))
          .put("meterValue", meterValue201(0, "Transaction.Begin")), "T201", transactionId201, "Started", seq));
      return;
    }
    transactionId16 = null;
    txOutbox.add(new TxMsg("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", "TOK" + index)
        .put("meterStart", 0).put("timestamp", now()), "S16", null, null, 0));
  }

  /**
   * Queues the stop of the current transaction. A 1.6 stop needs the transactionId from the start's
   * CALLRESULT: while the start is unacknowledged it is not queued (false).
   */
  private boolean stopTransaction() {
    if (v201) {
      String txId = transactionId201;
      transactionId201 = null;
      inTx = false;
      int seq = seqNo++;
      txOutbox.add(new TxMsg("TransactionEvent", new JsonObject().put("eventType", "Ended").put("timestamp", now())
          .put("triggerReason", "StopAuthorized").put("seqNo", seq)
          .put("transactionInfo", new JsonObject().put("transactionId", txId).put("stoppedReason", "Local"))
          .put("meterValue", meterValue201(meterWh, "Transaction.End")), "T201", txId, "Ended", seq));
      return true;
    }
    Integer txId = transactionId16;
    if (txId == null) {
      return false;
    }
    transactionId16 = null;
    inTx = false;
    txOutbox.add(new TxMsg("StopTransaction", new JsonObject().put("transactionId", txId).put("idTag", "TOK" + index)
        .put("meterStop", meterWh).put("timestamp", now()).put("reason", "Local"), "E16", txId.toString(), null, 0));
    return true;
  }

  /**
   * Sends the queued transaction messages one after the other. Completes when the queue is empty;
   * fails when a message got no answer (socket closed, CALL timeout): it stays first in the queue and
   * is resent unchanged after the next accepted BootNotification. A CALLERROR drops the message
   * (counted as {@code tx.callerror.ACTION}).
   */
  private Future<Void> drainTx() {
    if (txDrain != null) {
      return txDrain;
    }
    Promise<Void> done = Promise.promise();
    txDrain = done.future();
    sendTxHead(done);
    return txDrain;
  }

  private void sendTxHead(Promise<Void> done) {
    TxMsg m = txOutbox.peek();
    if (m == null || ws == null) {
      txDrain = null;
      if (m == null) {
        done.complete();
      } else {
        done.fail("closed");
      }
      return;
    }
    if (m.attempts++ > 0) {
      fleet.stats.inc("tx.resent");
    }
    call(m.action, m.payload).onComplete(ar -> {
      if (ar.succeeded()) {
        txOutbox.poll();
        txAcked(m, ar.result());
        sendTxHead(done);
        return;
      }
      String why = String.valueOf(ar.cause().getMessage());
      if (why.startsWith("CALLERROR") && m.attempts < fleet.options.txMessageAttempts && ws != null) {
        // OCPP's TransactionMessageAttempts: the message stays first and is resent after the interval.
        fleet.stats.inc("tx.callerror_retried." + m.action);
        txDrain = null;
        done.fail(why);
        context.owner().setTimer(fleet.options.txRetryIntervalMs, t -> {
          if (ws != null && !fleet.ending()) {
            drainTx();
          }
        });
        return;
      }
      if (why.startsWith("CALLERROR")) {
        txOutbox.poll();
        fleet.stats.inc("tx.callerror." + m.action);
        sendTxHead(done);
        return;
      }
      fleet.stats.inc("tx.unanswered." + why);
      txDrain = null;
      done.fail(why);
      if (why.equals("timeout") && ws != null && !fleet.ending()) {
        context.owner().setTimer(1_000, t -> drainTx()); // still connected: resend it (unchanged)
      }
    });
  }

  private void txAcked(TxMsg m, JsonObject result) {
    String label = m.kind.equals("T201") ? "TransactionEvent " + m.eventType : m.action;
    fleet.stats.inc("tx.acked." + label);
    switch (m.kind) {
      case "S16" -> {
        Integer txId = result.getInteger("transactionId");
        if (inTx && transactionId16 == null) {
          transactionId16 = txId;
        }
        fleet.txAcked("S16 " + id + " " + txId + " \\N \\N");
        call("StatusNotification", status16(1, "Charging"));
      }
      case "E16" -> fleet.txAcked("E16 " + id + " " + m.ref + " \\N \\N");
      case "M16" -> fleet.txAcked("M16 " + id + " " + m.ref + " " + m.eventType + " \\N");
      default -> fleet.txAcked("T201 " + id + " " + m.ref + " " + m.eventType + " " + m.seqNo);
    }
  }

  /** txCycleS: stop the transaction and start a new one. */
  private void cycle() {
    if (!inTx || !txOutbox.isEmpty()) {
      fleet.stats.inc("tx.cycle_skipped"); // its start (or an earlier message) is not acknowledged yet
      return;
    }
    if (stopTransaction()) {
      startTransaction();
      drainTx();
    }
  }

  private void scheduleCycle(boolean first) {
    long period = fleet.options.txCycleS * 1000L;
    long delay = first ? 1 + ThreadLocalRandom.current().nextLong(period) : period;
    cycleTimer = context.owner().setTimer(delay, t -> {
      if (ws != null && !finished) {
        cycle();
        scheduleCycle(false);
      }
    });
  }

  private void heartbeat() {
    call("Heartbeat", new JsonObject());
  }

  private void meter() {
    meterWh += 7_400L * fleet.options.meterS / 3_600 + 1;
    if (v201) {
      if (transactionId201 == null) {
        return;
      }
      int seq = seqNo++;
      txOutbox.add(new TxMsg("TransactionEvent", new JsonObject().put("eventType", "Updated").put("timestamp", now())
          .put("triggerReason", "MeterValuePeriodic").put("seqNo", seq)
          .put("transactionInfo", new JsonObject().put("transactionId", transactionId201))
          .put("meterValue", meterValue201(meterWh, "Sample.Periodic")), "T201", transactionId201, "Updated", seq));
      drainTx();
    } else {
      if (transactionId16 == null) {
        return;
      }
      // Transaction-related MeterValues are delivered reliably (OCPP 1.6 §4.7): queued and resent
      // like the other transaction messages; the sample's timestamp identifies it in the tx log.
      String at = now();
      txOutbox.add(new TxMsg("MeterValues", new JsonObject().put("connectorId", 1).put("transactionId", transactionId16)
          .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", at)
              .put("sampledValue", new JsonArray()
                  .add(new JsonObject().put("value", Long.toString(meterWh)).put("context", "Sample.Periodic")
                      .put("measurand", "Energy.Active.Import.Register").put("unit", "Wh"))
                  .add(new JsonObject().put("value", "7.4").put("context", "Sample.Periodic")
                      .put("measurand", "Power.Active.Import").put("unit", "kW"))))),
          "M16", transactionId16.toString(), at, 0));
      drainTx();
    }
  }

  private static JsonArray meterValue201(long wh, String context) {
    JsonObject energy = new JsonObject().put("value", wh).put("measurand", "Energy.Active.Import.Register");
    JsonObject power = new JsonObject().put("value", 7400).put("measurand", "Power.Active.Import");
    if (context != null) {
      energy.put("context", context);
      power.put("context", context);
    }
    return new JsonArray().add(new JsonObject().put("timestamp", now())
        .put("sampledValue", new JsonArray().add(energy).add(power)));
  }

  private void scheduleHeartbeat(boolean first) {
    long period = fleet.options.heartbeatS * 1000L;
    long delay = first ? 1 + ThreadLocalRandom.current().nextLong(period) : period;
    heartbeatTimer = context.owner().setTimer(delay, t -> {
      if (ws != null && !finished) {
        heartbeat();
        scheduleHeartbeat(false);
      }
    });
  }

  private void scheduleMeter(boolean first) {
    long period = fleet.options.meterS * 1000L;
    long delay = first ? 1 + ThreadLocalRandom.current().nextLong(period) : period;
    meterTimer = context.owner().setTimer(delay, t -> {
      if (ws != null && !finished) {
        meter();
        scheduleMeter(false);
      }
    });
  }

  /** The periodic StatusNotification (statusS): connector 1's current status. */
  private void status() {
    boolean charging = transactionId16 != null || transactionId201 != null;
    if (v201) {
      call("StatusNotification", new JsonObject().put("timestamp", now())
          .put("connectorStatus", charging ? "Occupied" : "Available").put("evseId", 1).put("connectorId", 1));
    } else {
      call("StatusNotification", status16(1, charging ? "Charging" : "Available"));
    }
  }

  private void scheduleStatus(boolean first) {
    long period = fleet.options.statusS * 1000L;
    long delay = first ? 1 + ThreadLocalRandom.current().nextLong(period) : period;
    statusTimer = context.owner().setTimer(delay, t -> {
      if (ws != null && !finished) {
        status();
        scheduleStatus(false);
      }
    });
  }

  private void cancelTimers() {
    if (statusTimer >= 0) {
      context.owner().cancelTimer(statusTimer);
      statusTimer = -1;
    }
    if (heartbeatTimer >= 0) {
      context.owner().cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    if (meterTimer >= 0) {
      context.owner().cancelTimer(meterTimer);
      meterTimer = -1;
    }
    if (cycleTimer >= 0) {
      context.owner().cancelTimer(cycleTimer);
      cycleTimer = -1;
    }
  }

  private static String now() {
    return Instant.now().toString();
  }
}
