package io.voltgate.gateway;

import io.voltgate.gateway.config.GatewayOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.BackendOptions;
import io.voltgate.config.ConfigKey;
import java.util.UUID;
import io.voltgate.gateway.commands.CommandEffects;
import io.voltgate.gateway.commands.CommandExecutor;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.gateway.connection.ChargerAuthenticator;
import io.voltgate.gateway.connection.ChargerEndpoint;
import io.voltgate.gateway.connection.ChargerPresence;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.store.pg.CommandEffectsRepository;
import io.voltgate.store.pg.ReservationRepository;
import io.voltgate.gateway.connection.HandshakeAdmission;
import io.voltgate.store.identity.ChargerChanges;
import io.voltgate.store.identity.ChargerIdentities;
import io.voltgate.store.identity.UnknownIdResolver;
import io.voltgate.store.identity.VerifiedCredentials;
import io.voltgate.gateway.core.IdentitySettlement;
import io.voltgate.store.pg.ChargerStateWriter;
import io.voltgate.gateway.core.AuthorizationService;
import io.voltgate.gateway.core.BootAdmission;
import io.voltgate.gateway.core.BootService;
import io.voltgate.gateway.core.DataTransferRegistry;
import io.voltgate.gateway.core.GatewayCore;
import io.voltgate.gateway.core.Leniency;
import io.voltgate.gateway.core.MeterService;
import io.voltgate.gateway.core.NotificationService;
import io.voltgate.gateway.core.ReservationService;
import io.voltgate.gateway.core.StatusService;
import io.voltgate.gateway.core.TransactionService;
import io.voltgate.gateway.ocpp.Dispatcher;
import io.voltgate.gateway.ocpp.Routes;
import io.voltgate.gateway.ocpp.v16.V16Routes;
import io.voltgate.gateway.ocpp.v201.V201Routes;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.pg.IdTokenRepository;
import io.voltgate.store.pg.MeterSampleWriter;
import io.voltgate.store.pg.NetworkRepository;
import io.voltgate.store.pg.PendingChargerRepository;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.pg.SessionRepository;
import io.voltgate.store.events.EventSpool;
import io.voltgate.store.events.EventSpoolMetrics;
import io.voltgate.store.events.EventSpoolWriter;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.redis.LiveStateStore;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisWriteBuffer;
import java.time.Clock;
import java.util.List;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.gateway.ocpp.log.FrameLog;
import io.voltgate.store.pg.OcppLogOptions;
import io.voltgate.store.pg.OcppMessageWriter;
import io.voltgate.store.query.OcppMessageView;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.RedisSubscription;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per event loop; all instances share the OCPP port. Each instance builds its own clients and
 * services from {@link GatewayServices}, so nothing mutable is shared across event loops.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /** Frames above the configured limit still reach us (and get a CALLERROR) up to this multiple. */
  private static final int TRANSPORT_HEADROOM = 4;
  /** Boot infos and statuses per batch of the batched writer. */
  private static final int STATE_BATCH = 2_000;
  /** Unknown ids per batched lookup or registration (one statement, one commit). */
  private static final int NEWCOMER_BATCH = 1_000;
  /** An unknown id waits at most this long for its batch to start. */
  private static final long NEWCOMER_FLUSH_MS = 20;
  /** Logged frames per batch (one multi-row INSERT). */
  private static final int LOG_BATCH = 1_000;
  /** Events per spool INSERT, events waiting for the spool at most, and its flush and retry periods. */
  private static final int SPOOL_BATCH = 1_000;
  private static final int SPOOL_MAX_PENDING = 100_000;
  private static final long SPOOL_FLUSH_MS = 50;
  private static final long SPOOL_RETRY_MS = 1_000;
  /** How often expired reservations no charger reported are published (reads show them at once). */
  private static final long RESERVATION_EXPIRY_MS = 5_000;

  private final GatewayServices services;
  private HttpServer server;
  private HttpServer tlsServer;
  private Redis redis;
  private Pool pg;
  private ChargerEndpoint endpoint;
  private MeterSampleWriter meterSamples;
  private ChargerStateWriter stateWriter;
  private OcppMessageWriter messageLog;
  private EventSpoolWriter eventSpool;
  private RedisSubscription tailRequests;
  private long sweepTimer = -1;
  private long reservationTimer = -1;

  public GatewayVerticle(GatewayServices services) {
    this.services = Objects.requireNonNull(services);
  }

  @Override
  public Future<?> start() {
    GatewayOptions o = services.options();
    // Each gateway verticle has its own pool (its share of the configured size): its stop() flushes
    // batched writes through it, whatever order the other verticles are undeployed in.
    int instances = Math.max(1, services.instances());
    BackendOptions b = services.backends().options();
    pg = PgClients.ownPool(vertx, services.backends().pgUrl(), Math.max(2, b.pgPoolSize() / instances),
        Math.max(1, b.pgMaxWaitQueue() / instances));
    redis = RedisClients.client(vertx, services.backends().redisUrl(), o.redisPoolSize());
    RedisWriteBuffer buffer = new RedisWriteBuffer(context, redis);
    meterSamples = new MeterSampleWriter(vertx, pg, 1000, 200_000);
    stateWriter = new ChargerStateWriter(vertx, pg, STATE_BATCH, o.stateMaxPending(), o.stateFlushInterval().toMillis());
    // Events the stream does not take (Redis down) are kept in Postgres until the process's drainer
    // appends them again (RELIABILITY.md, scenario 2).
    eventSpool = new EventSpoolWriter(vertx, new EventSpool(pg), EventSpoolMetrics.of(services.metrics().registry()),
        services.nodeId(), SPOOL_BATCH, Math.max(SPOOL_BATCH, SPOOL_MAX_PENDING / instances), SPOOL_FLUSH_MS,
        SPOOL_RETRY_MS);
    Clock clock = Clock.systemUTC();
    OcppLogOptions logOptions = o.ocppLog();
    FrameLog frameLog = FrameLog.OFF;
    if (logOptions.enabled()) {
      messageLog = new OcppMessageWriter(vertx, pg, LOG_BATCH, Math.max(LOG_BATCH, logOptions.bufferSize()),
          logOptions.flushMillis());
      frameLog = new FrameLog(messageLog, services.nodeId(), logOptions.maxPayloadBytes(), clock,
          entry -> buffer.add(Request.cmd(Command.PUBLISH).arg(RedisKeys.ocppLogFrames(entry.chargePointId()))
              .arg(OcppMessageView.json(entry).encode())));
    }
    FrameLog log = frameLog;
    ChargerRepository chargers = new ChargerRepository(pg);
    ChargerIdentities identities = new ChargerIdentities(services.identities(), buffer, chargers, new ChargerChanges(redis));
    Future<UUID> autoRegisterNetwork = o.unknownChargerPolicy() == GatewayOptions.UnknownChargerPolicy.AUTO_REGISTER
        ? new NetworkRepository(pg).autoRegisterNetwork(o.autoRegisterNetwork(), ConfigKey.AUTO_REGISTER_NETWORK.envName())
        : Future.succeededFuture();
    return autoRegisterNetwork.compose(network -> {
      GatewayCore core = new GatewayCore(o, services.nodeId(), clock, chargers,
          new SessionRepository(pg), new IdTokenRepository(pg, clock), meterSamples,
          new LiveStateStore(buffer), new EventPublisher(buffer, o.eventStreamMaxLen(), eventSpool), redis,
          services.metrics(), network);
      UnknownIdResolver newcomers = new UnknownIdResolver(vertx, chargers, identities,
          o.unknownChargerPolicy() == GatewayOptions.UnknownChargerPolicy.AUTO_REGISTER ? network : null,
          NEWCOMER_BATCH, Math.max(1, o.newcomersMaxPending() / instances), NEWCOMER_FLUSH_MS);
      // The endpoint settles sockets; the boot service, built before it, asks it through this.
      IdentitySettlement settlement = conn -> endpoint.settle(conn);
      ReservationService reservations = new ReservationService(clock, new ReservationRepository(pg), core.events());
      Routes routes = routes(core, identities, settlement, reservations);
      Dispatcher dispatcher = new Dispatcher(routes, services.schemas(), services.metrics(), clock,
          o.maxFrameBytes(), this::onChargerResponse, log);
      CommandExecutor commands = new CommandExecutor(services.schemas(), services.metrics(),
          new CommandEffects(core.chargers(), new CommandEffectsRepository(pg), stateWriter::flush));
      HandshakeAdmission admission = new HandshakeAdmission(Math.max(1, o.handshakesPerSecond() / instances),
          Math.max(1, o.handshakesPerIpPerSecond() / instances), Math.max(1, o.handshakeMaxInFlight() / instances));
      ChargerPresence presence = new ChargerPresence(services.nodeId(), clock, core.liveState(), core.events(), redis);
      endpoint = new ChargerEndpoint(vertx, o, clock, services.metrics(), presence,
          new ChargerAuthenticator(vertx, clock, chargers, new VerifiedCredentials(services.identities(), buffer),
              services.metrics()), dispatcher, admission, commands,
          identities, newcomers);
      services.metrics().watch(stateWriter, meterSamples, admission::inFlight);
      if (messageLog != null) {
        services.metrics().watchMessageLog(messageLog);
      }
      long sweepMs = Math.max(1000, o.pingInterval().isZero() ? 30_000 : o.pingInterval().toMillis());
      sweepTimer = vertx.setPeriodic(sweepMs, id -> endpoint.sweep());
      reservationTimer = vertx.setPeriodic(RESERVATION_EXPIRY_MS, id -> reservations.expireDue()
          .onFailure(e -> LOG.warn("reservation expiry sweep failed: {}", e.getMessage())));
      Future<?> tails = !log.enabled() ? Future.succeededFuture()
          : RedisSubscription.open(vertx, services.backends().redisUrl(), List.of(RedisKeys.OCPP_LOG_TAIL_REQUESTS),
              "ocpp-log-tail", m -> endpoint.connection(m.payload())
                  .ifPresent(c -> c.tailUntil(clock.millis() + 3 * RedisKeys.OCPP_LOG_TAIL_REFRESH_MS)),
              () -> { }, () -> { })
              .onSuccess(sub -> tailRequests = sub)
              // Without it the log still works; only live tails of this verticle's chargers stay silent.
              .<Object>map(sub -> sub)
              .otherwise(e -> {
                LOG.warn("ocpp message log tail requests not followed: {}", e.getMessage());
                return null;
              });
      int transportLimit = (int) Math.min(Integer.MAX_VALUE, (long) o.maxFrameBytes() * TRANSPORT_HEADROOM);
      server = vertx.createHttpServer(serverOptions(o, o.port(), transportLimit));
      server.requestHandler(this::onRequest);
      Future<HttpServer> plain = tails.compose(t -> server.listen());
      if (o.tls() == null) {
        return plain;
      }
      HttpServerOptions tlsOptions = serverOptions(o, o.tls().port(), transportLimit)
          .setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(o.tls().certFile()).setKeyPath(o.tls().keyFile()));
      if (o.tls().clientCaFile() != null) {
        tlsOptions.setTrustOptions(new PemTrustOptions().addCertPath(o.tls().clientCaFile()))
            .setClientAuth(ClientAuth.REQUEST);
      }
      tlsServer = vertx.createHttpServer(tlsOptions);
      tlsServer.requestHandler(this::onRequest);
      return plain.compose(p -> tlsServer.listen().map(p));
    }).onSuccess(s -> LOG.debug("OCPP listening on {}", s.actualPort()));
  }

  private static HttpServerOptions serverOptions(GatewayOptions o, int port, int transportLimit) {
    return new HttpServerOptions()
        .setHost(o.host())
        .setPort(port)
        .setReuseAddress(true)
        .setReusePort(true)
        .setTcpNoDelay(true)
        .setMaxWebSocketFrameSize(transportLimit)
        .setMaxWebSocketMessageSize(transportLimit)
        // OCPP-J frames are small; a deflate context per connection would cost far more memory
        // than it saves on the wire, so WebSocket compression is not offered.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .addWebSocketSubProtocol(OcppVersion.V16.subprotocol())
        .addWebSocketSubProtocol(OcppVersion.V201.subprotocol());
  }

  /**
   * WebSocket upgrades go to the charger endpoint. The handshake is taken from the request handler
   * (not a handshake handler) so a refusal can carry Retry-After and a handshake whose connection has
   * gone can be seen and dropped.
   */
  private void onRequest(HttpServerRequest req) {
    if (req.canUpgradeToWebSocket()) {
      endpoint.handshake(req);
    } else {
      upgradeRequired(req);
    }
  }

  private static void upgradeRequired(HttpServerRequest req) {
    req.response().setStatusCode(426).putHeader("Upgrade", "websocket")
        .end("OCPP endpoint: connect with a WebSocket client\n");
  }

  /** A CALLRESULT/CALLERROR from a charger: the answer to our outstanding call, or counted and dropped. */
  private void onChargerResponse(Dispatcher.ResponseFrame response) {
    ChargerConnection conn = response.connection();
    if (conn.outbound() == null || !conn.outbound().onResponse(response.frame())) {
      services.metrics().message(conn.version().label(), "unknown", GatewayMetrics.Direction.INBOUND,
          "unmatched_response");
    }
  }

  private Routes routes(GatewayCore core, ChargerIdentities identities, IdentitySettlement settlement,
      ReservationService reservations) {
    BootService boots = new BootService(core.options(), core.clock(), core.liveState(), core.events(),
        settlement,
        new BootAdmission(Math.max(1.0, services.options().bootsPerSecond() / (double) Math.max(1, services.instances()))),
        Leniency.parse(services.options().leniencyRules()), stateWriter, identities, new PendingChargerRepository(pg));
    StatusService statuses = new StatusService(core.clock(), core.liveState(), core.events(), stateWriter);
    AuthorizationService auth = new AuthorizationService(core.clock(), core.sessions(), core.idTokens(), core.redis());
    TransactionService transactions = new TransactionService(core.clock(), core.sessions(), core.meterSamples(),
        core.liveState(), core.events(), core.metrics());
    MeterService meters = new MeterService(core.clock(), core.meterSamples(), core.liveState(), core.events());
    NotificationService notifications = new NotificationService(core.clock(), core.chargers(), core.events());
    DataTransferRegistry dataTransfer = services.dataTransfer();
    Routes.Builder builder = Routes.builder();
    V16Routes.register(builder, boots, statuses, auth, transactions, meters, notifications, dataTransfer,
        core.liveState(), reservations);
    V201Routes.register(builder, boots, statuses, auth, transactions, meters, notifications, dataTransfer,
        core.liveState(), core.chargers(), reservations);
    return builder.build();
  }

  @Override
  public Future<?> stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    if (reservationTimer >= 0) {
      vertx.cancelTimer(reservationTimer);
    }
    Future<Void> sockets = endpoint == null ? Future.succeededFuture() : endpoint.closeAll();
    return sockets
        .eventually(() -> meterSamples == null ? Future.succeededFuture() : meterSamples.flush())
        .eventually(() -> stateWriter == null ? Future.succeededFuture() : stateWriter.flush())
        .eventually(() -> messageLog == null ? Future.succeededFuture() : messageLog.flush())
        .eventually(() -> tailRequests == null ? Future.succeededFuture() : tailRequests.close())
        .eventually(() -> server == null ? Future.succeededFuture() : server.close())
        .eventually(() -> tlsServer == null ? Future.succeededFuture() : tlsServer.close())
        .eventually(() -> redis == null ? Future.succeededFuture() : redis.close())
        // After Redis: events whose last batch failed as the client closed are spooled too.
        .eventually(() -> eventSpool == null ? Future.succeededFuture() : eventSpool.flush())
        .eventually(() -> pg == null ? Future.succeededFuture() : pg.close());
  }
}
