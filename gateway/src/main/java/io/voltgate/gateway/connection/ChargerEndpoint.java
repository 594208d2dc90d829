package io.voltgate.gateway.connection;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.GatewayOptions;
import io.voltgate.gateway.GatewayOptions.UnknownChargerPolicy;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.gateway.commands.CommandExecutor;
import io.voltgate.gateway.core.GatewayCore;
import io.voltgate.store.commands.CommandAddresses;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.gateway.ocpp.Dispatcher;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.store.model.ChargerRecord;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The charger-facing WebSocket endpoint of one gateway verticle: handshake checks (path, OCPP
 * subprotocol, admission rate), then the connection's lifecycle (registry in Redis, online/offline
 * events, replacement by a newer connection of the same charger, pings, shutdown).
 */
public final class ChargerEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(ChargerEndpoint.class);
  /** Identity length limit of OCPP 2.0.1 (identifierString 48); 1.6 ids are shorter. */
  private static final int MAX_ID_LENGTH = 48;
  /** Commands waiting per charger behind the one outstanding CALL. */
  private static final int MAX_QUEUED_COMMANDS = 32;

  private final Vertx vertx;
  private final GatewayCore core;
  private final Dispatcher dispatcher;
  private final HandshakeLimiter limiter;
  private final CommandExecutor commands;
  private final ChargerAuthenticator authenticator;
  private final Map<String, ChargerConnection> connections = new HashMap<>();

  public ChargerEndpoint(Vertx vertx, GatewayCore core, Dispatcher dispatcher, HandshakeLimiter limiter,
      CommandExecutor commands) {
    this.commands = Objects.requireNonNull(commands);
    this.authenticator = new ChargerAuthenticator(vertx, core);
    this.vertx = Objects.requireNonNull(vertx);
    this.core = Objects.requireNonNull(core);
    this.dispatcher = Objects.requireNonNull(dispatcher);
    this.limiter = Objects.requireNonNull(limiter);
    vertx.eventBus().<JsonObject>consumer(CommandAddresses.REPLACED, msg -> {
      JsonObject body = msg.body();
      ChargerConnection existing = connections.get(body.getString("cp"));
      if (existing != null && !existing.connectionId().equals(body.getString("connId"))) {
        existing.close((short) 1008, "Replaced by a newer connection");
      }
    });
  }

  /** Handshake: decides before the upgrade whether this charger may connect, and with which version. */
  public void handshake(ServerWebSocketHandshake hs) {
    GatewayOptions o = core.options();
    String chargePointId = chargePointId(hs.path(), o.pathPrefix());
    if (chargePointId == null) {
      refuse(hs, 404, "bad_path");
      return;
    }
    if (chargePointId.length() > MAX_ID_LENGTH) {
      refuse(hs, 400, "bad_identity");
      return;
    }
    Optional<OcppVersion> version = negotiate(hs.headers().getAll("Sec-WebSocket-Protocol"));
    if (version.isEmpty()) {
      refuse(hs, 400, "no_subprotocol");
      return;
    }
    String ip = hs.remoteAddress() == null ? "unknown" : hs.remoteAddress().hostAddress();
    String limited = limiter.admit(ip, core.clock().millis());
    if (limited != null) {
      refuse(hs, 503, limited);
      return;
    }
    core.chargers().findByChargePointId(chargePointId)
        .compose(found -> found.isPresent() || core.options().unknownChargerPolicy() != UnknownChargerPolicy.AUTO_REGISTER
            ? Future.succeededFuture(found.orElse(null))
            : core.chargers().register(chargePointId, core.defaultNetworkId(), "Accepted"))
        .compose(charger -> authenticator.check(hs, chargePointId, charger).map(refusal -> {
          if (refusal != null) {
            LOG.info("refused {}: {}", chargePointId, refusal.reason());
            refuse(hs, refusal.status(), refusal.securityEvent());
            return null;
          }
          hs.accept()
              .onSuccess(ws -> opened(ws, chargePointId, version.get(), ip, charger))
              .onFailure(e -> LOG.debug("upgrade of {} failed: {}", chargePointId, e.getMessage()));
          return null;
        }))
        .onFailure(e -> {
          LOG.warn("handshake of {} failed: {}", chargePointId, e.getMessage());
          refuse(hs, 503, "backend_unavailable");
        });
  }

  private void refuse(ServerWebSocketHandshake hs, int status, String reason) {
    core.metrics().refused(reason);
    try {
      hs.reject(status);
    } catch (IllegalStateException alreadyAnswered) {
      // The handshake was answered meanwhile (the charger gave up and the connection closed while
      // the lookup ran): nothing left to refuse.
      LOG.debug("handshake already answered, not refused again: {}", alreadyAnswered.getMessage());
    }
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

  private void opened(ServerWebSocket ws, String cp, OcppVersion requested, String ip, ChargerRecord charger) {
    OcppVersion version = ws.subProtocol() == null ? requested
        : OcppVersion.fromSubprotocol(ws.subProtocol()).orElse(requested);
    String connId = UUID.randomUUID().toString();
    long now = core.clock().millis();
    ChargerConnection conn = new ChargerConnection(cp, version, ws, connId, ip, core.clock().instant(), charger);
    conn.inbound(now);
    conn.outbound(new OutboundCalls(vertx, conn::send, MAX_QUEUED_COMMANDS));
    ChargerConnection previous = connections.put(cp, conn);
    if (previous != null) {
      previous.close((short) 1008, "Replaced by a newer connection");
    }
    JsonObject replaced = new JsonObject().put("cp", cp).put("connId", connId);
    vertx.eventBus().publish(CommandAddresses.REPLACED, replaced);
    core.metrics().connected(version.label());
    // Read the previous owner before registering, so a stale socket on another node can be closed.
    core.redis().send(Request.cmd(Command.HGET).arg(RedisKeys.connection(cp)).arg("node"))
        .otherwise((Response) null)
        .onSuccess(owner -> {
          core.liveState().connected(cp, core.nodeId(), connId, version.subprotocol(), ip, now);
          if (owner != null && !core.nodeId().equals(owner.toString())) {
            core.redis().send(Request.cmd(Command.PUBLISH).arg(CommandAddresses.commandChannel(owner.toString()))
                .arg(new JsonObject().put("kick", replaced).encode()));
          }
        });
    MessageConsumer<JsonObject> consumer = vertx.eventBus().<JsonObject>localConsumer(CommandAddresses.charger(cp),
        msg -> commands.execute(conn, io.voltgate.store.commands.Command.fromJson(msg.body()))
            .onSuccess(outcome -> msg.reply(outcome.toJson())));
    conn.onClose(consumer::unregister);
    if (charger != null) {
      core.events().publish("charger.online", charger.networkId(), cp, core.clock().instant(), new JsonObject()
          .put("chargerId", charger.id().toString()).put("chargePointId", cp)
          .put("ocppVersion", version.label()).put("node", core.nodeId()));
    }
    ws.textMessageHandler(text -> {
      long t = core.clock().millis();
      conn.inbound(t);
      core.liveState().seen(cp, t, false);
      dispatcher.onText(conn, text);
    });
    ws.binaryMessageHandler(buf -> {
      conn.inbound(core.clock().millis());
      core.metrics().malformed(version.label(), "binary_frame");
    });
    ws.pongHandler(pong -> conn.inbound(core.clock().millis()));
    ws.exceptionHandler(e -> LOG.debug("socket error from {}: {}", cp, e.getMessage()));
    ws.closeHandler(v -> closed(conn, ws.closeStatusCode()));
  }

  private void closed(ChargerConnection conn, Short code) {
    conn.markClosed();
    conn.runCloseActions();
    String cp = conn.chargePointId();
    if (connections.get(cp) == conn) {
      connections.remove(cp);
    }
    core.metrics().disconnected(conn.version().label(), code == null ? "none" : Short.toString(code));
    core.liveState().disconnected(cp, conn.connectionId());
    ChargerRecord charger = conn.charger();
    if (charger != null) {
      core.events().publish("charger.offline", charger.networkId(), cp, core.clock().instant(), new JsonObject()
          .put("chargerId", charger.id().toString()).put("chargePointId", cp)
          .put("closeCode", code == null ? null : (int) code).put("node", core.nodeId()));
    }
  }

  /** Pings every connection; closes those silent for longer than the idle timeout. */
  public void sweep() {
    long now = core.clock().millis();
    long idleMs = core.options().idleTimeout().toMillis();
    boolean ping = !core.options().pingInterval().isZero();
    for (ChargerConnection c : new ArrayList<>(connections.values())) {
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
    for (ChargerConnection c : new ArrayList<>(connections.values())) {
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
