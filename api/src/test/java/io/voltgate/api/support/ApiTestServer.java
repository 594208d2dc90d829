package io.voltgate.api.support;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.Bootstrap;
import io.voltgate.api.HttpOptions;
import io.voltgate.api.server.HttpVerticle;
import io.voltgate.api.ops.Readiness;
import io.voltgate.services.drivers.DriverOptions;
import io.voltgate.api.auth.ApiKeySecrets;
import io.voltgate.services.webhooks.PrivateTargets;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.services.webhooks.WebhookVerticle;
import io.voltgate.store.security.SecretBox;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.voltgate.services.commands.CommandRouterVerticle;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The API on a real port over embedded Postgres and Redis (started once per test JVM), with an
 * unrestricted bootstrap key and helpers to make networks and narrower keys. Tests talk HTTP to it.
 */
public final class ApiTestServer implements AutoCloseable {

  private static Backends backends;

  public final Vertx vertx;
  public final int port;
  public final Pool pg;
  public final Redis redis;
  public final String adminKey;
  public final UUID defaultNetwork;
  /** Where this node keeps uploaded diagnostics files. */
  public final java.nio.file.Path uploadDir;
  /** Signs upload tokens, as the server's HTTP verticles do. */
  public final SecretBox secrets;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiTestServer(Vertx vertx, int port, Pool pg, Redis redis, String adminKey, UUID defaultNetwork,
      java.nio.file.Path uploadDir, SecretBox secrets) {
    this.uploadDir = uploadDir;
    this.secrets = secrets;
    this.vertx = vertx;
    this.port = port;
    this.pg = pg;
    this.redis = redis;
    this.adminKey = adminKey;
    this.defaultNetwork = defaultNetwork;
  }

  public static synchronized Backends backends() {
    if (backends == null) {
      try {
        backends = Backends.start(new BackendOptions(Optional.empty(), Optional.empty(),
            Files.createTempDirectory("voltgate-api-test"), 0, 0, 8, 4, 100_000, false));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(backends::close));
    }
    return backends;
  }

  /**
   * Webhook settings of the test servers: loopback receivers at 127.0.0.1 are on the private-target
   * allowlist (the default refuses them).
   */
  public static WebhookOptions testWebhooks(String allowedPrivateTargets) {
    return new WebhookOptions(PrivateTargets.parse(allowedPrivateTargets), 2_000, 3, 200, 4);
  }

  public static ApiTestServer start() {
    return start(1, testWebhooks("127.0.0.1"), o -> o);
  }

  /**
   * A node with this many HTTP verticles (event loops, each with its own key cache); several
   * nodes started in one JVM share the backends, as API processes share Postgres and Redis.
   */
  public static ApiTestServer start(int httpInstances) {
    return start(httpInstances, testWebhooks("127.0.0.1"), o -> o);
  }

  public static ApiTestServer start(WebhookOptions webhooks) {
    return start(1, webhooks, o -> o);
  }

  /** With HTTP options of the test's own (e.g. a public URL, upload limits). */
  public static ApiTestServer start(UnaryOperator<HttpOptions> tweak) {
    return start(1, testWebhooks("127.0.0.1"), tweak);
  }

  public static ApiTestServer start(int httpInstances, WebhookOptions webhooks, UnaryOperator<HttpOptions> tweak) {
    return start(httpInstances, webhooks, tweak, DriverOptions.defaults());
  }

  /** With driver settings of the test's own (e.g. web push allowed to a push service on loopback). */
  public static ApiTestServer start(DriverOptions drivers) {
    return start(1, testWebhooks("127.0.0.1"), o -> o, drivers);
  }

  public static ApiTestServer start(int httpInstances, WebhookOptions webhooks, UnaryOperator<HttpOptions> tweak,
      DriverOptions drivers) {
    Backends b = backends();
    Vertx vertx = Vertx.vertx();
    int port = freePort();
    HttpOptions options = tweak.apply(new HttpOptions("127.0.0.1", port, true, Duration.ofMinutes(5), Duration.ofSeconds(5),
        null, b.options().dataDir().resolve("uploads-" + port)));
    await(vertx.deployVerticle(new CommandRouterVerticle("api-test-" + port, b.redisUrl())));
    SecretBox secrets = SecretBox.load(null, b.options().dataDir().resolve("secret.key"));
    await(vertx.deployVerticle(new WebhookVerticle(b, secrets, webhooks, "api-test-" + port)));
    await(vertx.deployVerticle(() -> new HttpVerticle(options, b, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        "api-test", "api", secrets, webhooks, drivers, Readiness.started()),
        new DeploymentOptions().setInstances(httpInstances)));
    Pool pg = PgClients.pool(vertx, b.pgUrl(), 4);
    Redis redis = RedisClients.client(vertx, b.redisUrl(), 4);
    String admin = ApiKeySecrets.generate(ApiKeySecrets.CPMS_PREFIX);
    await(Bootstrap.run(pg, admin));
    UUID network = await(pg.query("SELECT id FROM networks WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 1")
        .execute()).iterator().next().getUUID("id");
    return new ApiTestServer(vertx, port, pg, redis, admin, network, options.uploadDir(), secrets);
  }

  /** A new network. */
  public UUID network(String name) {
    UUID id = UUID.randomUUID();
    await(pg.preparedQuery("INSERT INTO networks (id, name, currency) VALUES ($1, $2, 'EUR')").execute(Tuple.of(id, name)));
    return id;
  }

  /** A key confined to these networks with these scopes (null networks = unrestricted). */
  public String key(List<UUID> networks, List<String> scopes) {
    return key(networks, scopes, 10_000, null, null);
  }

  public String key(List<UUID> networks, List<String> scopes, int ratePerHour, OffsetDateTime expiresAt, List<String> ips) {
    String secret = ApiKeySecrets.generate(ApiKeySecrets.CPMS_PREFIX);
    await(pg.preparedQuery("INSERT INTO api_keys (id, name, family, prefix, key_hash, last_four, scopes, network_ids,"
            + " rate_limit_per_hour, expires_at, allowed_ips) VALUES ($1, 'test', 'cpms', $2, $3, $4, $5, $6, $7, $8, $9)")
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), ApiKeySecrets.CPMS_PREFIX, ApiKeySecrets.hash(secret),
            ApiKeySecrets.lastFour(secret), scopes.toArray(new String[0]),
            networks == null ? null : networks.toArray(new UUID[0]), ratePerHour, expiresAt,
            ips == null ? null : ips.toArray(new String[0])})));
    return secret;
  }

  /** One HTTP exchange; the body is parsed as JSON when it is JSON. */
  public record Result(int status, String raw, java.net.http.HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(raw);
    }

    public JsonObject data() {
      return json().getJsonObject("data");
    }

    public JsonArray list() {
      return json().getJsonArray("data");
    }

    public String error() {
      return json().getString("error");
    }
  }

  public Result call(String method, String path, String key, Object body) {
    return call(method, path, key, null, body);
  }

  /** One exchange with an API key and a driver's bearer access token (either may be null). */
  public Result call(String method, String path, String key, String bearer, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("X-API-Key", key);
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    String text = body == null ? null : body instanceof String s ? s : body.toString();
    b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
    if (text != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Result(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Result get(String path, String key) {
    return call("GET", path, key, null);
  }

  public Result post(String path, String key, Object body) {
    return call("POST", path, key, body);
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs a creation that must answer 201; returns the new resource's id. */
  public UUID created(String key, String path, JsonObject body) {
    Result r = post(path, key, body);
    if (r.status() != 201) {
      throw new AssertionError("POST " + path + ": " + r.status() + " " + r.raw());
    }
    return UUID.fromString(r.data().getString("id"));
  }

  /**
   * An eMSP key of the network, minted with an operator's key; {@code body} may set {@code keyClass}
   * ("Publishable" for an app's key), {@code scopes}.
   */
  public String emspKey(String operatorKey, UUID network, JsonObject body) {
    Result r = post("/cpms/v1/api-keys", operatorKey, body.copy().put("name", "eMSP test key").put("apiFamily", "emsp")
        .put("networkIds", new JsonArray().add(network.toString())));
    if (r.status() != 201) {
      throw new AssertionError("minting an eMSP key: " + r.status() + " " + r.raw());
    }
    return r.data().getString("key");
  }

  /**
   * Appends an event to the stream {@code vg:events} as a gateway does (any ts: consumers show it as
   * given); returns its event id.
   */
  public String publish(String type, UUID network, String chargePointId, JsonObject data) {
    String id = UUID.randomUUID().toString();
    await(redis.send(Request.cmd(Command.XADD).arg(RedisKeys.EVENTS).arg("*").arg("id").arg(id).arg("type").arg(type)
        .arg("network").arg(network.toString()).arg("cp").arg(chargePointId).arg("ts").arg("2026-11-21T10:00:00Z")
        .arg("data").arg(data.encode())));
    return id;
  }

  /** The id of the stream's newest entry ("0-0" when empty): a stream resumed after it sees what comes next. */
  public String lastStreamId() {
    Response reply = await(redis.send(Request.cmd(Command.XREVRANGE).arg(RedisKeys.EVENTS).arg("+").arg("-")
        .arg("COUNT").arg(1)));
    return reply == null || reply.size() == 0 ? "0-0" : reply.get(0).get(0).toString();
  }

  /** Waits up to 10 s for the check to hold (asynchronous deliveries), else fails naming what. */
  public static void eventually(String what, BooleanSupplier check) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not within 10 s: " + what);
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
