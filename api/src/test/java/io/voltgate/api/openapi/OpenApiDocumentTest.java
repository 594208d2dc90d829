package io.voltgate.api.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.voltgate.api.ApiServices;
import io.voltgate.api.HttpOptions;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.api.control.UploadSite;
import io.voltgate.api.control.UploadTokens;
import io.voltgate.api.cpms.CpmsApi;
import io.voltgate.api.cpms.EventStreamEndpoints;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.sse.EventFeed;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.webhooks.WebhookEndpoints;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.WebhookQueries;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.redis.RedisWriteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The OpenAPI document lists exactly the routed API, and every documented operation is routed. */
@Timeout(60)
class OpenApiDocumentTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void everyRouteOfTheApiIsInTheDocumentAndNothingElse() {
    Router router = Router.router(api.vertx);
    ApiKeyAuth auth = new ApiKeyAuth(new io.voltgate.store.pg.ApiKeyRepository(api.pg), api.redis, Clock.systemUTC());
    Clock clock = Clock.systemUTC();
    UploadSite uploads = new UploadSite(new UploadTokens(api.secrets, api.redis, clock, HttpOptions.DEFAULT_UPLOAD_TOKEN_TTL),
        api.vertx.fileSystem(), api.uploadDir);
    // Nothing is published here (no request is made); the publisher only has to exist.
    EventPublisher events = new EventPublisher(new RedisWriteBuffer(api.vertx.getOrCreateContext(), api.redis),
        HttpOptions.DEFAULT_EVENT_STREAM_MAXLEN);
    ApiServices services = new ApiServices(api.vertx, api.pg, api.redis, clock, auth,
        new ChargerCommands(new CommandClient(api.vertx), Duration.ofSeconds(5)), Duration.ofMinutes(5), uploads, null, events,
        io.voltgate.services.fraud.FraudOptions.defaults(), ApiTestServer.backends().redisUrl(), 7,
        io.voltgate.store.identity.CredentialDigest.processLocal());
    ApiRoutes routes = ApiRoutes.mount(api.vertx, router, CpmsApi.FAMILY, auth.of("cpms"));
    CpmsApi.register(routes, services, new io.voltgate.api.sse.OpenStreams());
    new EventStreamEndpoints(new EventFeed(api.vertx, api.redis, api.redis)).register(routes);
    new WebhookEndpoints(new WebhookQueries(api.pg), new NetworkQueries(api.pg), clock, api.secrets, WebhookOptions.defaults(),
        api.vertx).register(routes);
    Set<String> routed = new TreeSet<>();
    // The family is one sub-router under its prefix: what it routes is what the document lists.
    Route mounted = router.getRoutes().stream().filter(r -> r.getSubRouter() != null).findFirst().orElseThrow();
    assertEquals("/cpms/v1/", mounted.getPath());
    for (Route r : mounted.getSubRouter().getRoutes()) {
      for (var m : r.methods()) {
        routed.add(m.name() + " /cpms/v1" + r.getPath());
      }
    }
    Set<String> documented = new TreeSet<>();
    JsonObject paths = OpenApiDocument.build(routes.operations(), "test").getJsonObject("paths");
    paths.forEach(p -> ((JsonObject) p.getValue()).fieldNames().forEach(m ->
        documented.add(m.toUpperCase() + " " + ApiRoutes.vertxPath(p.getKey()))));
    assertEquals(routed, documented);
    assertTrue(documented.size() > 60, "expected the whole operator API, got " + documented.size());
  }

  @Test
  void everyDocumentedOperationOfTheServedDocumentIsRouted() {
    JsonObject paths = api.get("/openapi.json", null).json().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        String concrete = path.replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
        Result r = api.call(method.toUpperCase(), concrete, null, method.equals("get") || method.equals("delete") ? null : "{}");
        assertNotEquals("No such endpoint", r.status() == 404 ? r.json().getString("message") : "", method + " " + path);
        assertEquals(401, r.status(), method + " " + path + " should demand a key: " + r.raw());
      }
    }
  }
}
