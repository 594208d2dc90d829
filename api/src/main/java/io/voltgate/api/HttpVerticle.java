package io.voltgate.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.ops.HealthRoutes;
import io.voltgate.api.ops.MetricsRoutes;
import io.voltgate.store.Backends;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
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
  private HttpServer server;
  private Redis redis;

  public HttpVerticle(HttpOptions options, Backends backends, PrometheusMeterRegistry registry,
      String nodeId, String role) {
    this.options = Objects.requireNonNull(options);
    this.backends = Objects.requireNonNull(backends);
    this.registry = Objects.requireNonNull(registry);
    this.nodeId = Objects.requireNonNull(nodeId);
    this.role = Objects.requireNonNull(role);
  }

  @Override
  public Future<?> start() {
    Pool pg = PgClients.pool(vertx, backends.pgUrl(), backends.options().pgPoolSize());
    redis = RedisClients.client(vertx, backends.redisUrl(), 4);
    Router router = Router.router(vertx);
    new HealthRoutes(pg, redis, nodeId, role).mount(router);
    new MetricsRoutes(registry).mount(router);
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(options.host())
        .setPort(options.port())
        .setCompressionSupported(true));
    return server.requestHandler(router).listen().onSuccess(s ->
        LOG.info("HTTP listening on {}:{} (api={})", options.host(), s.actualPort(), options.serveApi()));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closing = server != null ? server.close() : Future.succeededFuture();
    return closing.eventually(() -> redis != null ? redis.close() : Future.succeededFuture());
  }
}
