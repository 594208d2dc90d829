package io.voltgate.gateway.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.config.Settings;
import io.voltgate.gateway.config.GatewayOptions;
import io.voltgate.gateway.GatewayServices;
import io.voltgate.gateway.Gateway;
import io.voltgate.gateway.core.DataTransferRegistry;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.store.Backends;
import io.voltgate.store.identity.ChargerChanges;
import io.voltgate.store.identity.IdentityCache;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.services.commands.CommandRouterVerticle;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway (verticles on a real port) over the shared embedded Postgres and Redis, plus
 * clients for assertions. Tests talk to it over the network like chargers do.
 */
public final class TestGateway implements AutoCloseable {

  private static SchemaRegistry schemas;

  public final Vertx vertx;
  public final int port;
  public final Pool pg;
  public final Redis redis;
  public final SimpleMeterRegistry meters;
  public final String nodeId;
  /** The process's identity cache, to wait until an announced change has reached it. */
  public final IdentityCache identities;

  private TestGateway(Vertx vertx, int port, Pool pg, Redis redis, SimpleMeterRegistry meters, String nodeId,
      IdentityCache identities) {
    this.vertx = vertx;
    this.port = port;
    this.pg = pg;
    this.redis = redis;
    this.meters = meters;
    this.nodeId = nodeId;
    this.identities = identities;
  }

  public static TestGateway start() {
    return start(Map.of());
  }

  /** Starts a gateway with settings overrides (keys as in the README). */
  public static TestGateway start(Map<String, String> overrides) {
    Backends backends = TestBackends.get();
    synchronized (TestGateway.class) {
      if (schemas == null) {
        schemas = SchemaRegistry.loadAll();
      }
    }
    Map<String, String> values = new HashMap<>();
    values.put("VOLTGATE_HOST", "127.0.0.1");
    values.put("VOLTGATE_OCPP_PORT", Integer.toString(freePort()));
    // The suites' chargers dial in unregistered under fresh ids; the secure default (`rejected`,
    // chargers registered with credentials) has its own tests (ChargerIdentityTest).
    values.put("VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register");
    values.putAll(overrides);
    GatewayOptions options = GatewayOptions.from(Settings.of(values));
    int instances = Integer.parseInt(values.getOrDefault("VOLTGATE_GATEWAY_INSTANCES", "2"));
    String nodeId = values.getOrDefault("VOLTGATE_NODE_ID", "test-node");
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    GatewayServices services = new GatewayServices(options, backends, new GatewayMetrics(meters), schemas,
        new DataTransferRegistry(), nodeId, instances);
    try {
      await(vertx.deployVerticle(new CommandRouterVerticle(nodeId, backends.redisUrl())));
      await(Gateway.deploy(vertx, services));
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
    Pool pg = PgClients.pool(vertx, backends.pgUrl(), 4);
    Redis redis = RedisClients.client(vertx, backends.redisUrl(), 4);
    return new TestGateway(vertx, options.port(), pg, redis, meters, nodeId, services.identities());
  }

  /**
   * Announces a charger written straight to Postgres, as the API does after its commit, and waits
   * until this node's identity cache holds it (an unannounced charger is unknown to an authoritative
   * cache).
   */
  public void announce(String chargePointId) {
    await(new ChargerChanges(redis).changed(chargePointId));
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      java.util.Optional<io.voltgate.store.model.ChargerRecord> cached = identities.get(chargePointId);
      if (cached != null && cached.isPresent()) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException(chargePointId + " did not reach the identity cache within 5 s");
  }

  /** Sends commands from this node, as the API does. */
  public CommandClient commands() {
    return new CommandClient(vertx);
  }

  public String url(String chargePointId) {
    return "ws://127.0.0.1:" + port + "/ocpp/" + chargePointId;
  }

  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
