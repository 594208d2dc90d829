package io.voltgate.api.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.store.BackendProbe;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code GET /health/live} (the process runs) and {@code GET /health/ready} (start-up finished, see
 * {@link Readiness}, and Postgres and Redis answer within a bounded time). Served by every role.
 */
public final class HealthRoutes {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final BackendProbe backends;
  private final String nodeId;
  private final String role;
  private final Readiness readiness;

  public HealthRoutes(BackendProbe backends, String nodeId, String role, Readiness readiness) {
    this.readiness = Objects.requireNonNull(readiness);
    this.backends = Objects.requireNonNull(backends);
    this.nodeId = Objects.requireNonNull(nodeId);
    this.role = Objects.requireNonNull(role);
  }

  public void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
  }

  private void live(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP").put("node", nodeId).put("role", role)
        .put("timestamp", Instant.now().toString()));
  }

  private void ready(RoutingContext ctx) {
    Future<String> pgCheck = check(backends.postgres().map("UP"));
    Future<String> redisCheck = check(backends.redis().map("UP"));
    Future.join(pgCheck, redisCheck).onComplete(ignored -> {
      String pgState = pgCheck.succeeded() ? "UP" : "DOWN";
      String redisState = redisCheck.succeeded() ? "UP" : "DOWN";
      boolean started = readiness.isStarted();
      boolean up = started && pgCheck.succeeded() && redisCheck.succeeded();
      JsonObject body = new JsonObject()
          .put("status", up ? "UP" : "DOWN")
          .put("node", nodeId)
          .put("role", role)
          .put("checks", new JsonObject().put("startup", started ? "DONE" : "STARTING")
              .put("postgres", pgState).put("redis", redisState))
          .put("timestamp", Instant.now().toString());
      ctx.response().setStatusCode(up ? 200 : 503);
      ctx.json(body);
    });
  }

  private static Future<String> check(Future<String> probe) {
    return probe.timeout(CHECK_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
