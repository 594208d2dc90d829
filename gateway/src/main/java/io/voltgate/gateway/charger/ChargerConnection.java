package io.voltgate.gateway.charger;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.SessionRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One charger's socket and what the gateway remembers about it while it is open. Confined to the
 * event loop of the verticle that accepted it; never shared.
 */
public final class ChargerConnection {

  /**
   * A charger has one CALL outstanding at a time (OCPP-J) and repeats only that one after a timeout;
   * four remembered answers cover a repeat racing the next CALL. Every entry costs memory on every
   * connection (id, promise, answer text), so the cache is kept small.
   */
  private static final int REPLY_CACHE_SIZE = 4;

  private final String chargePointId;
  private final OcppVersion version;
  private final ServerWebSocket socket;
  private final String connectionId;
  private final String remoteAddress;
  private final Instant connectedAt;
  private ChargerRecord charger;
  private boolean lenient;
  /** False while the id is not yet confirmed against Postgres (see {@link #settled()}). */
  private boolean settled = true;
  private Future<Void> settling;
  private boolean closed;
  private long lastInboundMs;
  /** Until when (ms epoch) someone tails this charger's message log; 0 = nobody. */
  private long tailUntilMs;
  /** Message-log captures waiting for the id to be confirmed, or null. */
  private java.util.List<Runnable> deferredLog;
  private static final int DEFERRED_LOG_MAX = 8;
  /** Replies to recent CALLs by message id, so a repeated CALL gets the original answer. */
  private final Map<String, Promise<String>> replies = new LinkedHashMap<>(8, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Promise<String>> eldest) {
      return size() > REPLY_CACHE_SIZE;
    }
  };
  private final Map<Integer, SessionRef> activeSessions = new HashMap<>();
  private OutboundCalls outbound;
  private InboundPacing pacing;
  private final java.util.List<Runnable> closeActions = new java.util.ArrayList<>();

  public ChargerConnection(String chargePointId, OcppVersion version, ServerWebSocket socket,
      String connectionId, String remoteAddress, Instant connectedAt, ChargerRecord charger) {
    this.chargePointId = Objects.requireNonNull(chargePointId);
    this.version = Objects.requireNonNull(version);
    this.socket = Objects.requireNonNull(socket);
    this.connectionId = Objects.requireNonNull(connectionId);
    this.remoteAddress = remoteAddress;
    this.connectedAt = connectedAt;
    this.charger = charger;
  }

  public String chargePointId() {
    return chargePointId;
  }

  public OcppVersion version() {
    return version;
  }

  public String connectionId() {
    return connectionId;
  }

  public String remoteAddress() {
    return remoteAddress;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  /** The stored charger, or null for an unknown charger not (yet) registered. */
  public ChargerRecord charger() {
    return charger;
  }

  public void charger(ChargerRecord record) {
    this.charger = record;
  }

  /**
   * True when {@link #charger()} is what Postgres holds for the id. False for a socket opened at once
   * under an id the identity cache did not know: until a batched lookup or registration confirms it,
   * it is in no registry, receives no commands and may only send BootNotification.
   */
  public boolean settled() {
    return settled;
  }

  public void settled(boolean value) {
    this.settled = value;
  }

  /** The running (or last) confirmation of an unsettled socket, or null. */
  public Future<Void> settling() {
    return settling;
  }

  public void settling(Future<Void> running) {
    this.settling = running;
  }

  /** Whether schema violations are tolerated for this charger (leniency rules). */
  public boolean lenient() {
    return lenient;
  }

  public void lenient(boolean value) {
    this.lenient = value;
  }

  /** Paces this charger's frames (set when the socket opens; absent in tests of handlers alone). */
  public void pacing(InboundPacing value) {
    this.pacing = value;
  }

  /** A CALL of this charger's went to its handler (see {@link InboundPacing}). */
  public void callStarted() {
    if (pacing != null) {
      pacing.callStarted();
    }
  }

  /** A CALL of this charger's was answered. */
  public void callAnswered() {
    if (pacing != null) {
      pacing.callAnswered();
    }
  }

  public long lastInboundMs() {
    return lastInboundMs;
  }

  public void inbound(long nowMs) {
    this.lastInboundMs = nowMs;
  }

  /**
   * Keeps a message-log capture of an unsettled socket until the id is confirmed (its first
   * BootNotification): at most {@link #DEFERRED_LOG_MAX}, beyond which captures are dropped.
   */
  public void deferLog(Runnable capture) {
    if (deferredLog == null) {
      deferredLog = new java.util.ArrayList<>(2);
    }
    if (deferredLog.size() < DEFERRED_LOG_MAX) {
      deferredLog.add(capture);
    }
  }

  /** Runs the captures kept while unsettled, in order, once. */
  public void runDeferredLog() {
    if (deferredLog != null) {
      java.util.List<Runnable> captures = deferredLog;
      deferredLog = null;
      captures.forEach(Runnable::run);
    }
  }

  /** Whether this charger's logged frames are published for a live tail at {@code nowMs}. */
  public boolean tailed(long nowMs) {
    return tailUntilMs > nowMs;
  }

  /** Publishes this charger's logged frames for a live tail until {@code untilMs} (ms epoch). */
  public void tailUntil(long untilMs) {
    this.tailUntilMs = Math.max(tailUntilMs, untilMs);
  }

  /**
   * The reply promise for a CALL message id: {@code null} when the id is new (a fresh promise is then
   * registered and must be completed with the reply frame), else the earlier one.
   */
  public Future<String> earlierReply(String messageId) {
    Promise<String> p = replies.get(messageId);
    return p == null ? null : p.future();
  }

  public Promise<String> registerReply(String messageId) {
    Promise<String> p = Promise.promise();
    replies.put(messageId, p);
    return p;
  }

  /** The session currently running on an EVSE as far as this connection knows. */
  public SessionRef activeSession(int evseId) {
    return activeSessions.get(evseId);
  }

  public void activeSession(int evseId, SessionRef session) {
    if (session == null) {
      activeSessions.remove(evseId);
    } else {
      activeSessions.put(evseId, session);
    }
  }

  /** Server-initiated calls to this charger (one outstanding at a time). */
  public OutboundCalls outbound() {
    return outbound;
  }

  public void outbound(OutboundCalls calls) {
    this.outbound = calls;
  }

  /** Runs when the socket has closed (e.g. unregister this charger's command address). */
  public void onClose(Runnable action) {
    closeActions.add(action);
  }

  public void runCloseActions() {
    closeActions.forEach(Runnable::run);
    closeActions.clear();
  }

  /** Sends a text frame unless the socket is closed. */
  public void send(String frame) {
    if (!closed && !socket.isClosed()) {
      socket.writeTextMessage(frame);
    }
  }

  public boolean closed() {
    return closed || socket.isClosed();
  }

  public void markClosed() {
    closed = true;
    if (outbound != null) {
      outbound.close();
    }
    if (pacing != null) {
      pacing.close();
    }
  }

  /** Closes the socket with a WebSocket close code (1012: service restart, 1008: policy). */
  public Future<Void> close(short code, String reason) {
    closed = true;
    return socket.isClosed() ? Future.succeededFuture() : socket.close(code, reason);
  }

  public ServerWebSocket socket() {
    return socket;
  }
}
