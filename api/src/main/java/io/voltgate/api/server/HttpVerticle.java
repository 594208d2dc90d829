package io.voltgate.api.server;

import io.voltgate.api.ApiServices;
import io.voltgate.api.HttpOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.api.auth.ApiKeyRevocations;
import io.voltgate.api.auth.DriverBearerAuth;
import io.voltgate.api.auth.JwtDriverTokens;
import io.voltgate.services.drivers.DriverOptions;
import io.voltgate.services.drivers.DriverServices;
import io.voltgate.api.emp.EmpApi;
import io.voltgate.api.emp.EmpOrderAdminEndpoints;
import io.voltgate.api.emsp.EmspApi;
import io.voltgate.api.platform.NetworkAdminEndpoints;
import io.voltgate.api.cpms.CpmsApi;
import io.voltgate.api.cpms.EventStreamEndpoints;
import io.voltgate.api.sse.EventFeed;
import io.voltgate.api.sse.OpenStreams;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.api.control.UploadRoutes;
import io.voltgate.api.control.UploadSite;
import io.voltgate.api.control.UploadTokens;
import io.voltgate.store.pg.ApiKeyRepository;
import io.voltgate.store.pg.NetworkRepository;
import io.voltgate.store.query.EmpOrderQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.WebhookQueries;
import io.voltgate.store.events.EventSpool;
import io.voltgate.store.events.EventSpoolMetrics;
import io.voltgate.store.events.EventSpoolWriter;
import io.voltgate.store.identity.CredentialDigest;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.redis.RedisWriteBuffer;
import io.voltgate.api.webhooks.WebhookEndpoints;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.store.security.SecretBox;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.ErrorHandler;
import io.voltgate.api.http.InvalidRequests;
import io.voltgate.api.ops.ApiRequestMetrics;
import io.voltgate.api.ops.HealthRoutes;
import io.voltgate.api.ops.Readiness;
import io.voltgate.api.ops.WellKnownRoutes;
import io.voltgate.services.commands.CommandClient;
import java.time.Clock;
import io.voltgate.api.ops.MetricsRoutes;
import io.voltgate.store.BackendProbe;
import io.voltgate.store.Backends;
import io.voltgate.store.redis.RedisClients;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port: health and metrics on every role, the operator and driver APIs when this process
 * serves them. Several instances may share the port.
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final HttpOptions options;
  private final Backends backends;
  private final PrometheusMeterRegistry registry;
  private final String nodeId;
  private final String role;
  private static final long USAGE_FLUSH_MS = 30_000;
  /** Events per spool INSERT, events waiting for the spool at most, and its flush and retry periods. */
  private static final int SPOOL_BATCH = 500;
  private static final int SPOOL_MAX_PENDING = 20_000;
  private static final long SPOOL_FLUSH_MS = 50;
  private static final long SPOOL_RETRY_MS = 1_000;
  private HttpServer server;
  private long usageFlushTimer = -1;
  private EventFeed feed;
  private Redis feedReader;
  private Redis redis;
  private ApiKeyRevocations revocations;
  private DriverServices drivers;
  private EventSpoolWriter eventSpool;

  private final SecretBox secrets;
  private final WebhookOptions webhooks;
  private final DriverOptions driverOptions;
  private final Readiness readiness;

  /**
   * @param secrets encrypts stored secrets (webhook signing secrets)
   * @param webhooks webhook settings (URL policy, attempts)
   */
  public HttpVerticle(HttpOptions options, Backends backends, PrometheusMeterRegistry registry,
      String nodeId, String role, SecretBox secrets, WebhookOptions webhooks) {
    this(options, backends, registry, nodeId, role, secrets, webhooks, DriverOptions.defaults(), Readiness.started());
  }

  /**
   * @param drivers driver accounts' settings (tokens, login throttling, resets, mail)
   * @param readiness flipped by the launcher when the whole process has started
   */
  public HttpVerticle(HttpOptions options, Backends backends, PrometheusMeterRegistry registry,
      String nodeId, String role, SecretBox secrets, WebhookOptions webhooks, DriverOptions drivers,
      Readiness readiness) {
    this.readiness = Objects.requireNonNull(readiness);
    this.driverOptions = Objects.requireNonNull(drivers);
    this.secrets = Objects.requireNonNull(secrets);
    this.webhooks = Objects.requireNonNull(webhooks);
    this.options = Objects.requireNonNull(options);
    this.backends = Objects.requireNonNull(backends);
    this.registry = Objects.requireNonNull(registry);
    this.nodeId = Objects.requireNonNull(nodeId);
    this.role = Objects.requireNonNull(role);
  }

  @Override
  public Future<?> start() {
    Pool pg = backends.pgPool(vertx);
    redis = RedisClients.client(vertx, backends.redisUrl(), 4);
    Router router = Router.router(vertx);
    Future<?> ready = Future.succeededFuture();
    ApiRequestMetrics.mount(router, registry);
    new HealthRoutes(new BackendProbe(pg, redis), nodeId, role, readiness).mount(router);
    new MetricsRoutes(registry).mount(router);
    if (options.serveApi()) {
      Clock clock = Clock.systemUTC();
      ApiKeyAuth auth = new ApiKeyAuth(new ApiKeyRepository(pg), redis, clock);
      // Events the stream does not take (Redis down) are kept in Postgres until the process's drainer
      // appends them again (RELIABILITY.md, scenario 2).
      eventSpool = new EventSpoolWriter(vertx, new EventSpool(pg), EventSpoolMetrics.of(registry), nodeId,
          SPOOL_BATCH, SPOOL_MAX_PENDING, SPOOL_FLUSH_MS, SPOOL_RETRY_MS);
      EventPublisher events = new EventPublisher(new RedisWriteBuffer(context, redis), options.eventStreamMaxLen(),
          eventSpool);
      // One upload site for the routes that receive files and the diagnostics endpoints that request and serve them.
      UploadSite uploads = new UploadSite(new UploadTokens(secrets, redis, clock, options.uploadTokenTtl()),
          vertx.fileSystem(), options.uploadDir());
      ApiServices services = new ApiServices(vertx, pg, redis, clock, auth,
          new ChargerCommands(new CommandClient(vertx), options.commandTimeout()), options.onlineWindow(), uploads,
          options.publicUrl(), events, options.fraud(), backends.redisUrl(), options.ocppLog().retentionDays(),
          new CredentialDigest(secrets.derivedKey(CredentialDigest.KEY_PURPOSE)));
      drivers = DriverServices.create(vertx, pg, redis, secrets, driverOptions, clock);
      Future<Void> keysLoaded = drivers.start();
      // Each family is its own sub-router behind its own authentication.
      ApiRoutes cpms = ApiRoutes.mount(vertx, router, CpmsApi.FAMILY, auth.of(CpmsApi.FAMILY.keyFamily()));
      ApiRoutes platform = ApiRoutes.mount(vertx, router, NetworkAdminEndpoints.FAMILY,
          auth.of(NetworkAdminEndpoints.FAMILY.keyFamily()));
      ApiRoutes emsp = ApiRoutes.mount(vertx, router, EmspApi.FAMILY, auth.of(EmspApi.FAMILY.keyFamily()),
          new DriverBearerAuth(new JwtDriverTokens(drivers.tokens()))::handle);
      ApiRoutes emp = ApiRoutes.mount(vertx, router, EmpApi.FAMILY, auth.of(EmpApi.FAMILY.keyFamily()));
      feedReader = RedisClients.client(vertx, backends.redisUrl(), 1);
      // Event streams and the message log's live tails, by API key: revoking a key ends them.
      OpenStreams open = new OpenStreams();
      feed = new EventFeed(vertx, feedReader, redis, io.voltgate.api.ops.SseMetrics.of(registry), clock, open);
      ready = keysLoaded.compose(v -> ApiKeyRevocations.follow(vertx, backends.redisUrl(), auth, open::endStreamsOf,
          open::keys)).onSuccess(r -> revocations = r);
      CpmsApi.register(cpms, services, open);
      new EventStreamEndpoints(feed).register(cpms);
      new WebhookEndpoints(new WebhookQueries(pg), new NetworkQueries(pg), clock, secrets, webhooks, vertx).register(cpms);
      new NetworkAdminEndpoints(new NetworkRepository(pg)).register(platform);
      EmspApi.register(emsp, services, drivers, feed, secrets, webhooks);
      EmpApi.register(emp, services);
      // An operator's endpoint about EMP orders, kept beside the orders' EMP view (see EmpOrderAdminEndpoints).
      new EmpOrderAdminEndpoints(new EmpOrderQueries(pg)).register(cpms);
      UploadRoutes.mount(router, uploads, options.uploadMaxBytes());
      WellKnownRoutes.mount(router, List.of(cpms, platform, emsp, emp));
      usageFlushTimer = vertx.setPeriodic(USAGE_FLUSH_MS, id -> auth.flushUsage()
          .onFailure(e -> LOG.debug("usage flush failed: {}", e.getMessage())));
    }
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(ErrorHandler::handle);
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(options.host())
        .setPort(options.port())
        .setCompressionSupported(true));
    return ready.compose(v -> server.requestHandler(InvalidRequests.guarding(router)).invalidRequestHandler(InvalidRequests::answer).listen())
        .onSuccess(s -> LOG.info("HTTP listening on {}:{} (api={})", options.host(), s.actualPort(), options.serveApi()));
  }

  @Override
  public Future<?> stop() {
    if (usageFlushTimer >= 0) {
      vertx.cancelTimer(usageFlushTimer);
    }
    if (drivers != null) {
      drivers.stop();
    }
    Future<Void> unsubscribed = revocations == null ? Future.succeededFuture() : revocations.close();
    Future<Void> feedStopped = unsubscribed.eventually(() -> feed == null ? Future.succeededFuture() : feed.stop());
    Future<Void> closing = feedStopped.eventually(() -> server != null ? server.close() : Future.succeededFuture())
        .eventually(() -> feedReader != null ? feedReader.close() : Future.succeededFuture());
    return closing.eventually(() -> redis != null ? redis.close() : Future.succeededFuture())
        .eventually(() -> eventSpool != null ? eventSpool.flush() : Future.succeededFuture());
  }
}
