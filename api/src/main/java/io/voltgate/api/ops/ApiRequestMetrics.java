package io.voltgate.api.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.voltgate.api.http.RouteTemplate;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.metrics.MetricNames;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code voltgate_api_requests_seconds{route, method, status}}: every HTTP request, recorded when its
 * response ends. {@code route} is the matched route template (e.g. {@code /cpms/v1/api-keys/:id}),
 * never the raw path: requests no route matched are {@code unmatched}; methods outside the standard
 * set are {@code OTHER}; a connection closed before the response ended has status {@code aborted}.
 */
public final class ApiRequestMetrics implements Handler<RoutingContext> {

  static final String UNMATCHED = "unmatched";
  private static final String ROUTE_KEY = ApiRequestMetrics.class.getName() + ".route";
  private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final Router router;
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  private ApiRequestMetrics(Router router, MeterRegistry registry) {
    this.router = Objects.requireNonNull(router);
    this.registry = Objects.requireNonNull(registry);
  }

  /** Mounts the recorder; call before any other route is added so it sees every request. */
  public static void mount(Router router, MeterRegistry registry) {
    router.route().handler(new ApiRequestMetrics(router, registry));
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    boolean[] recorded = {false};
    // Headers end while the route that answers is still current (a failure handler has no path).
    ctx.addHeadersEndHandler(v -> ctx.put(ROUTE_KEY, template(ctx)));
    ctx.addBodyEndHandler(v -> {
      recorded[0] = true;
      record(ctx, Integer.toString(ctx.response().getStatusCode()), started);
    });
    // Closed before the response ended. (An h2c upgrade also "closes" the HTTP/1 connection of a
    // response already ended: its body end still follows and is what counts.)
    ctx.addEndHandler(ar -> {
      if (ar.failed() && !recorded[0] && !ctx.response().ended()) {
        recorded[0] = true;
        record(ctx, "aborted", started);
      }
    });
    ctx.next();
  }

  private void record(RoutingContext ctx, String status, long started) {
    String route = ctx.get(ROUTE_KEY);
    timer(route == null ? template(ctx) : route, method(ctx.request().method()), status)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private String template(RoutingContext ctx) {
    // A family endpoint (on its family's sub-router) names its full template itself.
    String endpoint = RouteTemplate.of(ctx);
    if (endpoint != null) {
      return endpoint;
    }
    Route current = ctx.currentRoute();
    if (current != null && current.getPath() != null && current.getSubRouter() == null) {
      return current.getPath();
    }
    // Failures are rendered by a path-less failure handler: find the template the path matches.
    HttpMethod method = ctx.request().method();
    String path = ctx.normalizedPath();
    for (Route r : router.getRoutes()) {
      // A family's mount point is no endpoint: a path under it that its sub-router did not route is unmatched.
      if (r.getPath() != null && r.getSubRouter() == null
          && (r.methods() == null || r.methods().isEmpty() || r.methods().contains(method))
          && matches(r.getPath(), path)) {
        return r.getPath();
      }
    }
    return UNMATCHED;
  }

  /** {@code /a/:id/b} against {@code /a/42/b}; a trailing {@code *} matches any rest. */
  static boolean matches(String template, String path) {
    if (path == null) {
      return false;
    }
    if (template.endsWith("*")) {
      return path.startsWith(template.substring(0, template.length() - 1));
    }
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) {
      return false;
    }
    for (int i = 0; i < t.length; i++) {
      boolean param = t[i].startsWith(":") && !p[i].isEmpty();
      if (!param && !t[i].equals(p[i])) {
        return false;
      }
    }
    return true;
  }

  private static String method(HttpMethod m) {
    return METHODS.contains(m) ? m.name() : "OTHER";
  }

  private Timer timer(String route, String method, String status) {
    return timers.computeIfAbsent(route + ' ' + method + ' ' + status, k -> Timer.builder(MetricNames.API_REQUESTS)
        .description("HTTP requests by route template, method and status, timed until the response ended")
        .tag("route", route).tag("method", method).tag("status", status)
        .serviceLevelObjectives(BUCKETS)
        .register(registry));
  }
}
