package io.voltgate.gateway.connection;

import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.gateway.charger.InboundPacing;
import io.voltgate.gateway.charger.OutboundCalls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.config.GatewayAddresses;
import io.voltgate.gateway.config.GatewayOptions;
import io.voltgate.gateway.config.GatewayOptions.UnknownChargerPolicy;
import io.voltgate.gateway.commands.CommandExecutor;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.gateway.ocpp.Dispatcher;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.store.commands.CommandAddresses;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.commands.LocalConnections;
import io.voltgate.store.identity.ChargerIdentities;
import io.voltgate.store.identity.UnknownIdResolver;
import io.voltgate.store.model.ChargePointIds;
import io.voltgate.store.model.ChargerRecord;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The charger-facing WebSocket endpoint of one gateway verticle: handshake checks (path, identity,
 * OCPP subprotocol, admission, security profile), then the connection's lifecycle (registry in Redis
 * and in the process's {@link LocalConnections}, online/offline events, replacement by a newer
 * connection of the same charger, pings, shutdown).
 *
 * <p>The handshake does not wait on Postgres in the common case: the charger comes from the process's
 * identity cache, and an id the cache says is unknown is upgraded at once, <i>unsettled</i> (in no
 * registry, no commands, only BootNotification), until the verticle's {@link UnknownIdResolver} has
 * looked it up or registered it in a batch: the connection is the queue, not a 503 and a retry. Backend
 * work that remains at the handshake (a miss while the cache is not authoritative, credentials for an
 * id the cache does not know, a bcrypt check) is bounded by {@link HandshakeAdmission}: over the bound
 * the charger is answered 503 with Retry-After at once, and a handshake still waiting after
 * {@code handshakeDeadline} is answered 503 rather than left to the charger's own timeout. A handshake
 * whose connection has gone meanwhile is dropped.
 */
public final class ChargerEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(ChargerEndpoint.class);
  /**
   * A backend call that never ends (a hung connection) must not hold its admission slot forever:
   * after this many handshake deadlines the slot is given back regardless.
   */
  private static final int SLOT_HARD_LIMIT_FACTOR = 6;
  /** Commands waiting per charger behind the one outstanding CALL. */
  private static final int MAX_QUEUED_COMMANDS = 32;

  private final Vertx vertx;
  private final GatewayOptions options;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final ChargerPresence presence;
  private final Dispatcher dispatcher;
  private final HandshakeAdmission admission;
  private final CommandExecutor commands;
  private final ChargerAuthenticator authenticator;
  private final ChargerIdentities identities;
  private final LocalConnections local;
  /** This verticle's event-bus address: commands and kicks for the chargers it holds. */
  private final String address;
  private final Map<String, ChargerConnection> connections = new HashMap<>();
  /** Open sockets not yet settled (see {@link ChargerConnection#settled()}): swept and closed too. */
  private final Set<ChargerConnection> unsettled = new HashSet<>();
  /** One for every connection's pacing (nothing per connection beyond the pacing itself). */
  private final Consumer<InboundPacing.Reason> pacedMetric;
  private final UnknownIdResolver newcomers;

  /**
   * @param presence what the deployment learns of a settled connection (registry, events)
   * @param newcomers settles sockets whose id the identity cache does not know
   */
  public ChargerEndpoint(Vertx vertx, GatewayOptions options, Clock clock, GatewayMetrics metrics,
      ChargerPresence presence, ChargerAuthenticator authenticator, Dispatcher dispatcher, HandshakeAdmission admission,
      CommandExecutor commands, ChargerIdentities identities, UnknownIdResolver newcomers) {
    this.vertx = Objects.requireNonNull(vertx);
    this.options = Objects.requireNonNull(options);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
    this.pacedMetric = reason -> metrics.paced(reason.label());
    this.presence = Objects.requireNonNull(presence);
    this.authenticator = Objects.requireNonNull(authenticator);
    this.dispatcher = Objects.requireNonNull(dispatcher);
    this.admission = Objects.requireNonNull(admission);
    this.commands = Objects.requireNonNull(commands);
    this.identities = Objects.requireNonNull(identities);
    this.newcomers = Objects.requireNonNull(newcomers);
    this.local = LocalConnections.of(vertx);
    this.address = CommandAddresses.gatewayInstance(UUID.randomUUID().toString());
    vertx.eventBus().<JsonObject>localConsumer(address, this::onMessage);
    vertx.eventBus().<String>localConsumer(GatewayAddresses.CHARGER_CHANGED, msg -> onChargerChanged(msg.body()));
  }

  /** A command for one of our chargers, or a kick (the charger connected again elsewhere). */
  private void onMessage(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    if (body.containsKey(CommandAddresses.KICK)) {
      ChargerConnection existing = connections.get(body.getString("cp"));
      if (existing != null && !existing.connectionId().equals(body.getString(CommandAddresses.KICK))) {
        existing.close((short) 1008, "Replaced by a newer connection");
      }
      return;
    }
    io.voltgate.store.commands.Command command = io.voltgate.store.commands.Command.fromJson(body);
    ChargerConnection conn = connections.get(command.chargePointId());
    if (conn == null || conn.closed()) {
      msg.reply(CommandOutcome.failure(CommandOutcome.Kind.OFFLINE,
          conn == null ? "Charger is not connected (not held by its event loop)" : "Charger is not connected (closing)").toJson());
      return;
    }
    commands.execute(conn, command).onSuccess(outcome -> msg.reply(outcome.toJson()));
  }

  /**
   * A charger changed somewhere in the deployment (its cached identity is already dropped): a deleted
   * or decommissioned charger's socket is closed, and so is a socket opened with less security than
   * the charger now requires (an unknown id just registered or accepted with credentials, a profile
   * raised): the charger reconnects and authenticates. Otherwise the connection takes the new record
   * (new credentials apply from the next handshake).
   */
  private void onChargerChanged(String chargePointId) {
    ChargerConnection conn = connections.get(chargePointId);
    if (conn == null || conn.closed()) {
      return;
    }
    identities.find(chargePointId).onSuccess(found -> {
      ChargerRecord held = conn.charger();
      if (found.isEmpty()) {
        if (held != null) {
          LOG.info("closing {}: the charger was deleted", chargePointId);
          conn.close((short) 1008, "Charger removed");
        }
        return;
      }
      ChargerRecord now = found.get();
      int connectedWith = held == null ? 0 : held.securityProfile();
      if (held != null && !now.id().equals(held.id())) {
        conn.close((short) 1008, "Charger replaced");
      } else if (now.securityProfile() > connectedWith) {
        LOG.info("closing {}: it now requires security profile {}", chargePointId, now.securityProfile());
        conn.close((short) 1008, "Authentication required");
      } else {
        conn.charger(now);
      }
    });
  }

  /** Handshake: decides before the upgrade whether this charger may connect, and with which version. */
  public void handshake(HttpServerRequest req) {
    GatewayOptions o = options;
    String chargePointId = chargePointId(req.path(), o.pathPrefix());
    if (chargePointId == null) {
      refuse(req, 404, "bad_path");
      return;
    }
    if (!ChargePointIds.valid(chargePointId)) {
      refuse(req, 400, "bad_identity");
      return;
    }
    Optional<OcppVersion> version = negotiate(req.headers().getAll("Sec-WebSocket-Protocol"));
    if (version.isEmpty()) {
      refuse(req, 400, "no_subprotocol");
      return;
    }
    String ip = req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
    String limited = admission.admit(ip, clock.millis());
    if (limited != null) {
      refuseRetryLater(req, limited);
      return;
    }
    Optional<ChargerRecord> cached = identities.cached(chargePointId);
    // A socket that brings credentials expects to be known: a miss is then not trusted (a change
    // notice may still be on its way) and the backends are asked.
    boolean needsBackend = cached == null
        || (cached.isEmpty() && presentsCredentials(req))
        || authenticator.needsPasswordCheck(req, chargePointId, cached.orElse(null));
    if (!needsBackend) {
      ChargerRecord charger = cached.orElse(null);
      // An id the cache does not know is upgraded at once, unsettled: the connection waits for its
      // batched lookup or registration instead of the handshake waiting (or being refused 503).
      authenticator.check(req, chargePointId, charger)
          .onSuccess(refusal -> decided(req, chargePointId, version.get(), ip, charger, charger != null, refusal))
          .onFailure(e -> {
            LOG.warn("handshake of {} could not be checked: {}", chargePointId, e.getMessage());
            refuseRetryLater(req, "backend_unavailable");
          });
      return;
    }
    if (!admission.enterBackend()) {
      refuseRetryLater(req, "over_capacity");
      return;
    }
    // Held until the upgrade: the request's end must not be consumed before toWebSocket() is called.
    req.pause();
    Handshake pending = new Handshake();
    long deadlineMs = o.handshakeDeadline().toMillis();
    pending.timer = vertx.setTimer(deadlineMs, id -> {
      if (pending.answer()) {
        LOG.debug("handshake of {} answered 503: backends did not answer within {}", chargePointId, o.handshakeDeadline());
        refuseRetryLater(req, "backend_timeout");
      }
    });
    // The slot is held until the backend work itself is over, not only until the charger is
    // answered: work left running after a deadline must still count, or it piles up unbounded.
    long hardLimit = vertx.setTimer(deadlineMs * SLOT_HARD_LIMIT_FACTOR, id -> pending.release());
    identities.findInBackends(chargePointId)
        .compose(found -> authenticator.check(req, chargePointId, found.orElse(null)).map(refusal -> {
          if (pending.answer()) {
            ChargerRecord c = found.orElse(null);
            // Postgres just said "none": settled, unless it is to be registered.
            boolean settled = c != null || o.unknownChargerPolicy() != UnknownChargerPolicy.AUTO_REGISTER;
            decided(req, chargePointId, version.get(), ip, c, settled, refusal);
          }
          return null;
        }))
        .onFailure(e -> {
          if (pending.answer()) {
            LOG.warn("handshake of {} failed: {}", chargePointId, e.getMessage());
            refuseRetryLater(req, "backend_unavailable");
          }
        })
        .onComplete(ar -> {
          vertx.cancelTimer(hardLimit);
          pending.release();
        });
  }

  private static boolean presentsCredentials(HttpServerRequest req) {
    if (req.headers().contains("Authorization")) {
      return true;
    }
    if (!req.isSSL()) {
      return false;
    }
    try {
      return req.connection().peerCertificates() != null && !req.connection().peerCertificates().isEmpty();
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /**
   * A handshake waiting on the backends: answered once (by the backends or the deadline, whichever
   * comes first); its admission slot is given back once, when the backend work ends.
   */
  private final class Handshake {
    private long timer = -1;
    private boolean answered;
    private boolean released;

    /** True for the first caller: it answers the charger. */
    boolean answer() {
      if (answered) {
        return false;
      }
      answered = true;
      vertx.cancelTimer(timer);
      return true;
    }

    void release() {
      if (!released) {
        released = true;
        admission.leaveBackend();
      }
    }
  }

  private void decided(HttpServerRequest req, String chargePointId, OcppVersion version, String ip,
      ChargerRecord charger, boolean settled, ChargerAuthenticator.Refusal refusal) {
    if (req.response().closed()) {
      // The charger gave up while we looked it up: nothing to answer, nothing to open.
      metrics.refused("abandoned");
      return;
    }
    if (refusal != null) {
      LOG.info("refused {}: {}", chargePointId, refusal.reason());
      refuse(req, refusal.status(), refusal.securityEvent());
      return;
    }
    req.toWebSocket()
        .onSuccess(ws -> opened(ws, chargePointId, version, ip, charger, settled))
        .onFailure(e -> LOG.debug("upgrade of {} failed: {}", chargePointId, e.getMessage()));
  }

  private void refuseRetryLater(HttpServerRequest req, String reason) {
    if (!req.response().ended() && !req.response().closed()) {
      req.response().putHeader("Retry-After", Integer.toString(HandshakeAdmission.retryAfterSeconds()));
    }
    refuse(req, 503, reason);
  }

  private void refuse(HttpServerRequest req, int status, String reason) {
    metrics.refused(reason);
    if (req.response().ended() || req.response().closed()) {
      return;
    }
    req.response().setStatusCode(status).putHeader("Connection", "close").end();
  }

  /** Picks the first subprotocol the charger offered that Voltgate speaks. */
  static Optional<OcppVersion> negotiate(List<String> headerValues) {
    for (String header : headerValues) {
      for (String offered : header.split(",")) {
        Optional<OcppVersion> v = OcppVersion.fromSubprotocol(offered);
        if (v.isPresent()) {
          return v;
        }
      }
    }
    return Optional.empty();
  }

  /** The last path segment under the prefix, URL-decoded; null when the path does not match. */
  static String chargePointId(String path, String prefix) {
    if (path == null || !path.startsWith(prefix + "/")) {
      return null;
    }
    String rest = path.substring(prefix.length() + 1);
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    int slash = rest.lastIndexOf('/');
    String segment = slash >= 0 ? rest.substring(slash + 1) : rest;
    try {
      String id = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      return id.isBlank() ? null : id;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void opened(ServerWebSocket ws, String cp, OcppVersion requested, String ip, ChargerRecord charger,
      boolean settled) {
    OcppVersion version = ws.subProtocol() == null ? requested
        : OcppVersion.fromSubprotocol(ws.subProtocol()).orElse(requested);
    String connId = UUID.randomUUID().toString();
    long now = clock.millis();
    ChargerConnection conn = new ChargerConnection(cp, version, ws, connId, ip, clock.instant(), charger);
    conn.inbound(now);
    conn.outbound(new OutboundCalls(vertx, conn::send, MAX_QUEUED_COMMANDS, dispatcher.sentCalls(conn)));
    GatewayOptions.InboundLimits limits = options.inboundLimits();
    InboundPacing pacing = new InboundPacing(vertx, ws, limits.ratePerSecond(), limits.burst(), limits.maxInFlight(),
        pacedMetric);
    conn.pacing(pacing);
    metrics.connected(version.label());
    ws.textMessageHandler(text -> {
      pacing.frame();
      long t = clock.millis();
      conn.inbound(t);
      if (conn.settled()) {
        presence.seen(cp, t);
      }
      dispatcher.onText(conn, text);
    });
    ws.binaryMessageHandler(buf -> {
      pacing.frame();
      conn.inbound(clock.millis());
      metrics.malformed(version.label(), "binary_frame");
      dispatcher.refusedBinary(conn, buf.length());
    });
    ws.pongHandler(pong -> conn.inbound(clock.millis()));
    ws.exceptionHandler(e -> LOG.debug("socket error from {}: {}", cp, e.getMessage()));
    ws.closeHandler(v -> closed(conn, ws.closeStatusCode()));
    if (settled) {
      attach(conn);
    } else {
      // In no registry until settled: it can neither displace a charger nor receive commands.
      conn.settled(false);
      unsettled.add(conn);
      settle(conn);
    }
  }

  /**
   * Settles an unsettled socket (see {@link IdentitySettlement}); started at the upgrade so the
   * answer is usually there when the BootNotification comes, asked again by the boot if it failed.
   */
  public Future<Void> settle(ChargerConnection conn) {
    if (conn.settled() || conn.closed()) {
      return Future.succeededFuture();
    }
    Future<Void> running = conn.settling();
    if (running != null && !running.failed()) {
      return running;
    }
    Future<Void> settling = newcomers.resolve(conn.chargePointId()).map(found -> {
      settled(conn, found.orElse(null));
      return (Void) null;
    });
    settling.onFailure(e -> {
      if (!(e instanceof UnknownIdResolver.Full)) {
        LOG.warn("could not settle {}: {}", conn.chargePointId(), e.getMessage());
      }
    });
    conn.settling(settling);
    return settling;
  }

  /** Postgres has answered for an unsettled socket's id. */
  private void settled(ChargerConnection conn, ChargerRecord found) {
    if (conn.settled() || conn.closed()) {
      return;
    }
    if (found != null && found.securityProfile() > 0) {
      // The id belongs to a charger with credentials this socket did not present (registered
      // elsewhere meanwhile): it must reconnect and authenticate.
      LOG.info("closing {}: the charger requires security profile {}", conn.chargePointId(), found.securityProfile());
      unsettled.remove(conn);
      authenticator.unauthenticatedNewcomer(found);
      conn.close((short) 1008, "Authentication required");
      return;
    }
    unsettled.remove(conn);
    conn.charger(found);
    conn.settled(true);
    attach(conn);
  }

  /**
   * Enters a settled connection in this verticle's and the process's registries and in Redis,
   * replacing an older connection of the same charger anywhere, and announces it online.
   */
  private void attach(ChargerConnection conn) {
    String cp = conn.chargePointId();
    String connId = conn.connectionId();
    ChargerConnection previous = connections.put(cp, conn);
    if (previous != null && previous != conn) {
      previous.close((short) 1008, "Replaced by a newer connection");
    }
    LocalConnections.Holder holder = new LocalConnections.Holder(address, connId);
    LocalConnections.Holder replaced = local.register(cp, holder);
    if (replaced != null && !replaced.address().equals(address)) {
      vertx.eventBus().send(replaced.address(), CommandAddresses.kick(cp, connId));
    }
    conn.onClose(() -> local.unregister(cp, holder));
    presence.online(conn);
  }

  private void closed(ChargerConnection conn, Short code) {
    conn.markClosed();
    conn.runCloseActions();
    String cp = conn.chargePointId();
    metrics.disconnected(conn.version().label(), code == null ? "none" : Short.toString(code));
    if (!conn.settled()) {
      // Never attached: in no registry, never announced online.
      unsettled.remove(conn);
      return;
    }
    if (connections.get(cp) == conn) {
      connections.remove(cp);
    }
    presence.offline(conn, code);
  }

  /** Pings every connection; closes those silent for longer than the idle timeout. */
  public void sweep() {
    long now = clock.millis();
    long idleMs = options.idleTimeout().toMillis();
    boolean ping = !options.pingInterval().isZero();
    List<ChargerConnection> all = new ArrayList<>(connections.values());
    all.addAll(unsettled);
    for (ChargerConnection c : all) {
      if (idleMs > 0 && now - c.lastInboundMs() > idleMs) {
        c.close((short) 1001, "Idle timeout");
      } else if (ping && !c.closed()) {
        c.socket().writePing(Buffer.buffer());
      }
    }
  }

  /** Closes every charger socket with 1012 (service restart) so chargers reconnect elsewhere or later. */
  public Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    List<ChargerConnection> all = new ArrayList<>(connections.values());
    all.addAll(unsettled);
    for (ChargerConnection c : all) {
      closing.add(c.close((short) 1012, "Service restart"));
    }
    return Future.join(closing).mapEmpty();
  }

  /** The connection this verticle holds for a charger, if any. */
  public Optional<ChargerConnection> connection(String chargePointId) {
    return Optional.ofNullable(connections.get(chargePointId));
  }

  public int size() {
    return connections.size();
  }
}
