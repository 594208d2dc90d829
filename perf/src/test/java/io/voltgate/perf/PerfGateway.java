package io.voltgate.perf;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.Bootstrap;
import io.voltgate.api.HttpOptions;
import io.voltgate.api.server.HttpVerticle;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.config.Settings;
import io.voltgate.gateway.config.GatewayOptions;
import io.voltgate.gateway.GatewayServices;
import io.voltgate.gateway.Gateway;
import io.voltgate.gateway.core.DataTransferRegistry;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.voltgate.services.commands.CommandRouterVerticle;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.security.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One in-process Voltgate of role {@code all} (command router, gateway verticles, HTTP API with a
 * bootstrap key, embedded Postgres and Redis) wired as {@code io.voltgate.app.Voltgate#start} does,
 * shared by the perf smoke tests of a JVM, on free ports, stopped when the JVM exits.
 */
public final class PerfGateway {

  public static final String API_KEY = "pk_cpms_live_perf0123456789abcdef0123456789ab";

  /** A running gateway: its ports and backends. */
  public record Running(Vertx vertx, Backends backends, int ocppPort, int httpPort) {
    void stop() {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        // shutting down anyway
      } finally {
        backends.close();
      }
    }
  }

  private static Running running;

  private PerfGateway() {
  }

  public static synchronized Running get() {
    if (running == null) {
      running = start();
      Running r = running;
      Runtime.getRuntime().addShutdownHook(new Thread(r::stop));
    }
    return running;
  }

  private static Running start() {
    Path data;
    try {
      data = Files.createTempDirectory("voltgate-perf");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("voltgate.node", "perf-smoke");
    int[] ports = freePorts(2);
    Map<String, String> values = new HashMap<>(Map.of(
        "VOLTGATE_HOST", "127.0.0.1",
        "VOLTGATE_OCPP_PORT", Integer.toString(ports[0]),
        "VOLTGATE_HTTP_PORT", Integer.toString(ports[1]),
        "VOLTGATE_DATA_DIR", data.toString(),
        "VOLTGATE_HANDSHAKES_PER_IP_PER_SECOND", "100000",
        "VOLTGATE_HANDSHAKES_PER_SECOND", "100000",
        "VOLTGATE_BOOTS_PER_SECOND", "100000",
        // the simulated fleet dials in unregistered
        "VOLTGATE_UNKNOWN_CHARGER_POLICY", "auto-register"));
    Settings settings = Settings.of(values);
    String nodeId = "perf-smoke";
    SchemaRegistry schemas = SchemaRegistry.loadAll();
    GatewayOptions gatewayOptions = GatewayOptions.from(settings);
    HttpOptions httpOptions = HttpOptions.from(settings, true);
    Backends backends = Backends.start(BackendOptions.from(settings));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
    GatewayServices services = new GatewayServices(gatewayOptions, backends, new GatewayMetrics(registry),
        schemas, new DataTransferRegistry(), nodeId, 2);
    Future<?> started = Future.all(
            vertx.deployVerticle(new CommandRouterVerticle(nodeId, backends.redisUrl())),
            Gateway.deploy(vertx, services),
            vertx.deployVerticle(() -> new HttpVerticle(httpOptions, backends, registry, nodeId, "all",
                    SecretBox.load(null, data.resolve("secret.key")), WebhookOptions.from(settings)),
                new DeploymentOptions().setInstances(1)))
        .compose(ignored -> {
          Pool pg = PgClients.pool(vertx, backends.pgUrl(), 2);
          return Bootstrap.run(pg, API_KEY).eventually(pg::close);
        });
    try {
      started.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      new Running(vertx, backends, 0, 0).stop();
      throw new IllegalStateException("in-process Voltgate did not start", e);
    }
    return new Running(vertx, backends, gatewayOptions.port(), httpOptions.port());
  }

  /**
   * Distinct free ports, all held open while they are chosen: two ports picked one after the other
   * can be the same one, and Vert.x then shares it between the OCPP and the API server (requests
   * land on either, and chargers see 404s).
   */
  private static int[] freePorts(int count) {
    ServerSocket[] held = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = held[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException ignored) {
            // closing a probe socket: nothing to do
          }
        }
      }
    }
  }
}
