package io.voltgate.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.Bootstrap;
import io.voltgate.api.HttpOptions;
import io.voltgate.api.server.HttpVerticle;
import io.voltgate.services.drivers.DriverOptions;
import io.voltgate.services.loadbalancing.LoadBalancingVerticle;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.services.webhooks.WebhookVerticle;
import io.voltgate.services.push.PushVerticle;
import io.voltgate.store.security.SecretBox;
import io.voltgate.api.ops.Readiness;
import io.voltgate.api.ops.SseMetrics;
import io.voltgate.services.webhooks.WebhookMetrics;
import io.voltgate.app.events.EventSpoolVerticle;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.app.metrics.CommandOutcomeMetrics;
import io.voltgate.app.metrics.EventLoopLagProbe;
import io.voltgate.app.metrics.FleetMetricsVerticle;
import io.voltgate.app.metrics.MetricsSetup;
import io.voltgate.services.billing.BillingOptions;
import io.voltgate.services.analytics.AnalyticsVerticle;
import io.voltgate.services.billing.BillingVerticle;
import io.voltgate.services.charging.ChargingScheduleVerticle;
import io.voltgate.services.fraud.FraudHoldVerticle;
import io.voltgate.services.fraud.FraudOptions;
import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import io.voltgate.app.ocpplog.OcppLogMaintenanceVerticle;
import io.voltgate.store.pg.OcppLogOptions;
import java.time.Clock;
import io.voltgate.gateway.config.GatewayOptions;
import io.voltgate.gateway.GatewayServices;
import io.voltgate.store.identity.CredentialDigest;
import io.voltgate.gateway.Gateway;
import io.voltgate.gateway.core.DataTransferRegistry;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.voltgate.services.commands.CommandRouterVerticle;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.OnlineWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: starts the backends, builds Vert.x and deploys the verticles this process's
 * role calls for. Wiring only; behaviour lives in the modules.
 */
public final class Voltgate {

  private static final Logger LOG = LoggerFactory.getLogger(Voltgate.class);

  private final Vertx vertx;
  private final Backends backends;
  private final Role role;
  private final String nodeId;
  private final int ocppPort;
  private final int httpPort;
  private final Duration shutdownTimeout;
  private boolean stopped;

  private Voltgate(Vertx vertx, Backends backends, Role role, String nodeId, int ocppPort,
      int httpPort, Duration shutdownTimeout) {
    this.vertx = vertx;
    this.backends = backends;
    this.role = role;
    this.nodeId = nodeId;
    this.ocppPort = ocppPort;
    this.httpPort = httpPort;
    this.shutdownTimeout = shutdownTimeout;
  }

  /** Starts a whole process and returns once it serves. Blocking; call from a plain thread. */
  public static Voltgate start(Settings settings, String nodeId) {
    long t0 = System.nanoTime();
    Role role = Role.parse(settings.string(ConfigKey.ROLE));
    SchemaRegistry schemas = role.runsGateway() ? SchemaRegistry.loadAll() : null;
    GatewayOptions gatewayOptions = GatewayOptions.from(settings);
    HttpOptions httpOptions = HttpOptions.from(settings, role.servesApi());
    int eventLoops = settings.integer(ConfigKey.EVENT_LOOPS, 0, 1024);
    if (eventLoops == 0) {
      eventLoops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    }
    int gatewayInstances = settings.integer(ConfigKey.GATEWAY_INSTANCES, 0, 1024);
    if (gatewayInstances == 0) {
      gatewayInstances = eventLoops;
    }
    Duration shutdownTimeout = Duration.ofSeconds(settings.integer(ConfigKey.SHUTDOWN_TIMEOUT_S, 1, 600));

    if (role.servesApi() && httpOptions.publicUrl() == null) {
      LOG.warn("VOLTGATE_PUBLIC_HTTP_URL is unset: diagnostics/log fetch will answer 409 until it names the base URL"
          + " at which chargers reach this HTTP port (e.g. https://voltgate.example.com)");
    }
    Backends backends = Backends.start(BackendOptions.from(settings));
    // Port 0 means "any free port". Picked only now: the embedded Postgres and Redis pick free ports
    // too, and a port reserved before they start could be handed to them in between.
    if (gatewayOptions.port() == 0) {
      gatewayOptions = gatewayOptions.withPort(freePort());
    }
    if (httpOptions.port() == 0) {
      httpOptions = httpOptions.withPort(freePort());
    }
    PrometheusMeterRegistry registry = MetricsSetup.registry(nodeId);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setPreferNativeTransport(true)
            .setEventLoopPoolSize(eventLoops)
            .setMetricsOptions(MetricsSetup.vertxOptions()))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Voltgate voltgate = new Voltgate(vertx, backends, role, nodeId, gatewayOptions.port(),
        httpOptions.port(), shutdownTimeout);
    try {
      CredentialsImport credentials = CredentialsImport.prepare(settings);
      List<Future<?>> deployments = new ArrayList<>();
      deployments.add(vertx.deployVerticle(new CommandRouterVerticle(nodeId, backends.redisUrl(),
          new CommandOutcomeMetrics(registry))));
      deployments.add(vertx.deployVerticle(new FleetMetricsVerticle(nodeId, backends, registry,
          Duration.ofSeconds(settings.integer(ConfigKey.FLEET_METRICS_INTERVAL_S, 1, 3600)),
          new OnlineWindow(httpOptions.onlineWindow()))));
      deployments.add(vertx.deployVerticle(new OcppLogMaintenanceVerticle(backends,
          OcppLogOptions.from(settings).retentionDays(), registry, Clock.systemUTC())));
      // Every role publishes events: every process drains the spool of those Redis did not take.
      deployments.add(vertx.deployVerticle(new EventSpoolVerticle(backends, EventPublisher.maxLen(settings), registry)));
      EventLoopLagProbe.start(vertx, registry);
      SseMetrics.of(registry);
      WebhookMetrics webhookMetrics = new WebhookMetrics(registry);
      SecretBox secrets = SecretBox.load(settings.get(ConfigKey.SECRET_KEY).orElse(null),
          backends.options().dataDir().resolve("secret.key"));
      if (role.runsGateway()) {
        GatewayServices services = new GatewayServices(gatewayOptions, backends,
            new GatewayMetrics(registry), schemas, new DataTransferRegistry(), nodeId, gatewayInstances,
            GatewayServices.identityCache(gatewayOptions, secrets.derivedKey(CredentialDigest.KEY_PURPOSE)));
        deployments.add(Gateway.deploy(vertx, services));
      }
      if (role.servesApi()) {
        deployments.add(vertx.deployVerticle(new BillingVerticle(BillingOptions.DEFAULTS, backends, nodeId)));
        deployments.add(vertx.deployVerticle(new AnalyticsVerticle(backends, nodeId,
            Duration.ofSeconds(settings.integer(ConfigKey.ANALYTICS_INTERVAL_S, 1, 86_400)))));
        deployments.add(vertx.deployVerticle(new ChargingScheduleVerticle(backends, nodeId, httpOptions.commandTimeout())));
        deployments.add(vertx.deployVerticle(new FraudHoldVerticle(backends, FraudOptions.from(settings))));
      }
      HttpOptions http = httpOptions;
      Readiness readiness = Readiness.starting();
      WebhookOptions webhooks = WebhookOptions.from(settings);
      DriverOptions driverOptions = DriverOptions.from(settings);
      if (role.servesApi()) {
        deployments.add(vertx.deployVerticle(new WebhookVerticle(backends, secrets, webhooks, nodeId, webhookMetrics)));
        deployments.add(vertx.deployVerticle(new PushVerticle(backends, secrets, driverOptions.push(), nodeId)));
        deployments.add(vertx.deployVerticle(new LoadBalancingVerticle(backends, nodeId,
            httpOptions.commandTimeout().toMillis())));
      }
      deployments.add(vertx.deployVerticle(
          () -> new HttpVerticle(http, backends, registry, nodeId, role.label(), secrets, webhooks, driverOptions, readiness),
          new DeploymentOptions().setInstances(role.servesApi() ? Math.max(1, eventLoops / 2) : 1)));
      Future<?> started = Future.all(deployments)
          .compose(ignored -> credentials.apply(vertx, backends));
      if (role.servesApi()) {
        started = started.compose(ignored -> bootstrap(vertx, settings, backends));
      }
      started.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      // Last: /health/ready answers 200 only from here on, when everything above is in place.
      readiness.markStarted();
    } catch (Exception e) {
      voltgate.stop();
      throw new IllegalStateException("Voltgate failed to start: " + e.getMessage(), e);
    }
    LOG.info("Voltgate started role={} node={} ocppPort={} httpPort={} nativeTransport={} in {} ms",
        role.label(), nodeId, role.runsGateway() ? gatewayOptions.port() : "-", httpOptions.port(),
        vertx.isNativeTransportEnabled(), (System.nanoTime() - t0) / 1_000_000);
    return voltgate;
  }

  private static Future<?> bootstrap(Vertx vertx, Settings settings, Backends backends) {
    return settings.get(ConfigKey.BOOTSTRAP_API_KEY)
        .map(secret -> {
          Pool pg = PgClients.pool(vertx, backends.pgUrl(), 2);
          return Bootstrap.run(pg, secret).eventually(pg::close).mapEmpty();
        })
        .orElse(Future.succeededFuture());
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int ocppPort() {
    return ocppPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public String nodeId() {
    return nodeId;
  }

  public Role role() {
    return role;
  }

  public Backends backends() {
    return backends;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Graceful stop: undeploy verticles (charger sockets closed with 1012 so chargers reconnect,
   * pending writes flushed), then stop embedded servers. Bounded by VOLTGATE_SHUTDOWN_TIMEOUT_S.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    LOG.info("Voltgate stopping node={}", nodeId);
    try {
      vertx.close().toCompletionStage().toCompletableFuture()
          .get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close within {} s: {}", shutdownTimeout.toSeconds(), e.toString());
    } finally {
      backends.close();
      LOG.info("Voltgate stopped node={}", nodeId);
    }
  }
}
