package io.voltgate.services.webhooks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.Backends;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.security.SecretBox;
import java.util.Objects;

/** Webhook fan-out and delivery for one process (deploy one instance on every API node). */
public final class WebhookVerticle extends VerticleBase {

  private static final long POLL_MS = 1_000;

  private final Backends backends;
  private final SecretBox secrets;
  private final WebhookOptions options;
  private final String nodeId;
  private Redis redis;
  private Redis reader;
  private WebClient http;
  private WebhookFanout fanout;
  private WebhookDispatcher dispatcher;
  private long pollTimer = -1;

  private final WebhookMetrics metrics;

  public WebhookVerticle(Backends backends, SecretBox secrets, WebhookOptions options, String nodeId) {
    this(backends, secrets, options, nodeId, new WebhookMetrics(
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
  }

  /** @param metrics counts delivery attempts by outcome */
  public WebhookVerticle(Backends backends, SecretBox secrets, WebhookOptions options, String nodeId,
      WebhookMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics);
    this.backends = Objects.requireNonNull(backends);
    this.secrets = Objects.requireNonNull(secrets);
    this.options = Objects.requireNonNull(options);
    this.nodeId = Objects.requireNonNull(nodeId);
  }

  @Override
  public Future<?> start() {
    Pool pg = backends.pgPool(vertx);
    redis = RedisClients.client(vertx, backends.redisUrl(), 2);
    reader = RedisClients.client(vertx, backends.redisUrl(), 1);
    http = WebClient.create(vertx, new WebClientOptions()
        .setFollowRedirects(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeoutMs()))
        .setUserAgent("Voltgate-Webhooks/1"));
    dispatcher = new WebhookDispatcher(vertx, pg, http, new WebhookUrls(vertx, options.allowedPrivateTargets()), secrets,
        options, metrics);
    fanout = new WebhookFanout(vertx, pg, redis, reader, nodeId, options.maxAttempts(), dispatcher::poll);
    pollTimer = vertx.setPeriodic(POLL_MS, id -> dispatcher.poll());
    return fanout.start();
  }

  @Override
  public Future<?> stop() {
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    Future<Void> f = fanout == null ? Future.succeededFuture() : fanout.stop();
    return f.eventually(() -> dispatcher == null ? Future.succeededFuture() : dispatcher.drain()).eventually(() -> reader.close()).eventually(() -> redis.close()).eventually(() -> {
      http.close();
      return Future.succeededFuture();
    });
  }
}
