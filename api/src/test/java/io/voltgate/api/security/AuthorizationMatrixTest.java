package io.voltgate.api.security;

import static io.voltgate.api.security.ErrorShape.abbreviated;
import static io.voltgate.api.security.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.api.auth.ApiKeySecrets;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The authorization matrix of the operator API: every operation of the served OpenAPI document
 * against every kind of caller. Each operation is its own test, so a new endpoint is covered (or
 * fails for want of fixtures) as soon as it is published.
 *
 * <p>Callers: no key, malformed, unknown, revoked and expired keys (401); a key without the
 * operation's scope, a key bound to other addresses, an app's publishable key of the emsp family
 * and a read-only key on a change (403); and
 * network A's full-scope key against network B's resources (404, exactly like an unknown id: never
 * 200, 403, 409 or 500), B's items in A's lists (never), B's network in {@code networkUuid} (404) and
 * B's ids inside a request body (answered like unknown ids).
 *
 * <p>Convention: requests carry a minimal <em>valid</em> body built from the operation's schema
 * ({@link ExampleBodies}), because most handlers validate the body before they look ids up: a
 * valid body makes the id lookup decide, so a 400 cannot mask a missing 404.
 *
 * <p>The driver family {@code /emsp/v1} takes keys of its own, so its operations have a matrix of
 * their own: every invalid key and an operator key (401), an eMSP key without the scope (403), an
 * app's publishable key without a driver's token as each operation's callers say ({@code x-callers}:
 * 403 for a back end's operation, 401 where a driver is needed, served where any key is), and
 * network A's eMSP key (A's driver, for an operation only a driver calls) against B's ids (404) and
 * in lists (nothing of B).
 *
 * <p>One server and two networks serve every test; deletions run last in each factory, so a
 * deletion that wrongly succeeded cannot make later checks pass for the wrong reason.
 */
@Timeout(180)
class AuthorizationMatrixTest {

  /**
   * Path parameters that are not ids of a network's resources, with why and what they are filled
   * with. Every other parameter must name a {@link Resource} by its path segment, or its operations fail.
   */
  private static final Map<String, String> NOT_NETWORK_IDS = Map.of(
      "messageLogId", "a frame in the OCPP message log of the charger named before it; filled with the target"
          + " network's real frame, so only the charger id decides",
      "messageId", "an OCPP message id in the log of the charger named before it; filled with the target network's"
          + " real one, so only the charger id decides",
      "fileName", "a file of the charger named before it; filled with the name of the target network's real file,"
          + " so only the charger id decides",
      "chargePointId", "an OCPP identity waiting in no network (pending chargers, platform administrators only);"
          + " filled with the tenant's charge point id");

  /**
   * Operations that read {@code networkUuid} from the query. The document does not declare query
   * parameters, so they are named here; every list is also called with B's network as a filter.
   */
  private static final Set<String> NETWORK_QUERY_OPERATIONS = Set.of(
      "GET /cpms/v1/settings", "PUT /cpms/v1/settings", "GET /cpms/v1/team", "POST /cpms/v1/team",
      "PUT /cpms/v1/team/{id}", "DELETE /cpms/v1/team/{id}", "POST /cpms/v1/api-keys", "POST /cpms/v1/webhooks",
      "GET /cpms/v1/ocpp-log/retention", "PUT /cpms/v1/ocpp-log/retention");

  /** Query filters a list may take, and the resource each names. */
  private static final Map<String, Function<Tenant, String>> LIST_FILTERS = Map.of(
      "networkUuid", t -> t.network.toString(),
      "chargerId", t -> t.id(Resource.CHARGER).toString(),
      "modelId", t -> t.firmwareModel.toString());

  private static ApiTestServer api;
  private static Probe probe;
  /** The operations taking operator keys: {@code /cpms/v1} and {@code /platform/v1}. */
  private static List<DocumentedOperation> operations;
  /** The operations of the driver family {@code /emsp/v1}, with its own keys (see the emsp section). */
  private static List<DocumentedOperation> emspOperations;
  /** The operations of the charging-key family {@code /emp/v1}, with its own keys (see the emp section). */
  private static List<DocumentedOperation> empOperations;
  /** An EMP key of network A holding one scope no operation of the family needs. */
  private static String empWithoutScope;
  private static ExampleBodies bodies;
  private static Tenant a;
  private static Tenant b;
  private static Map<String, String> invalidKeys;
  private static String readOnlyKey;
  private static String networksOnlyKey;
  private static String eventsOnlyKey;
  private static String elsewhereKey;
  private static String publishableKey;
  /** eMSP keys of network A holding one scope each (named by it). */
  private static Map<String, String> emspWithoutScope;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start(o -> o.withPublicUrl("http://127.0.0.1:" + o.port()));
    probe = new Probe(api.port);
    JsonObject document = api.get("/openapi.json", null).json();
    List<DocumentedOperation> all = DocumentedOperation.all(document);
    operations = all.stream().filter(DocumentedOperation::takesOperatorKeys).toList();
    emspOperations = all.stream().filter(op -> op.family().equals("emsp")).toList();
    empOperations = all.stream().filter(op -> op.family().equals("emp")).toList();
    bodies = new ExampleBodies(document);
    var uploads = ApiTestServer.backends().options().dataDir().resolve("uploads-" + api.port);
    a = new Tenant(api, "A", uploads);
    b = new Tenant(api, "B", uploads);
    invalidKeys = new LinkedHashMap<>();
    invalidKeys.put("no key", null);
    invalidKeys.put("a malformed key", "' OR '1'='1");
    invalidKeys.put("a bare key prefix", ApiKeySecrets.CPMS_PREFIX);
    invalidKeys.put("an unknown key", ApiKeySecrets.generate(ApiKeySecrets.CPMS_PREFIX));
    invalidKeys.put("a revoked key", revokedKey());
    invalidKeys.put("an expired key", api.key(List.of(a.network), Scopes.CPMS, 10_000, OffsetDateTime.now().minusHours(1), null));
    networksOnlyKey = api.key(List.of(a.network), List.of("cpms:networks:read"));
    eventsOnlyKey = api.key(List.of(a.network), List.of("cpms:events:read"));
    readOnlyKey = api.key(List.of(a.network), Scopes.CPMS.stream().filter(s -> s.endsWith(":read")).toList());
    publishableKey = publishableKey(a.network);
    emspWithoutScope = new LinkedHashMap<>();
    for (String scope : List.of("emsp:webhooks:read", "emsp:reports:read")) {
      Result minted = api.post("/cpms/v1/api-keys", a.key, new JsonObject().put("name", "only " + scope)
          .put("apiFamily", "emsp").put("scopes", new io.vertx.core.json.JsonArray().add(scope)));
      assertEquals(201, minted.status(), minted.raw());
      emspWithoutScope.put(scope, minted.data().getString("key"));
    }
    Result empMinted = api.post("/cpms/v1/api-keys", a.key, new JsonObject().put("name", "only emp:orders:read")
        .put("apiFamily", "emp").put("scopes", new io.vertx.core.json.JsonArray().add("emp:orders:read")));
    assertEquals(201, empMinted.status(), empMinted.raw());
    empWithoutScope = empMinted.data().getString("key");
    elsewhereKey = api.key(List.of(a.network), Scopes.CPMS, 10_000, null, List.of("203.0.113.7", "2001:db8::/32"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A full-scope key minted through the API, shown to work, then revoked through the API. */
  private static String revokedKey() {
    Result minted = api.post("/cpms/v1/api-keys", a.key, new JsonObject().put("name", "to revoke").put("scopes", Scopes.CPMS));
    assertEquals(201, minted.status(), minted.raw());
    String secret = minted.data().getString("key");
    assertEquals(200, api.get("/cpms/v1/me", secret).status());
    assertEquals(200, api.call("DELETE", "/cpms/v1/api-keys/" + minted.data().getString("id"), a.key, null).status());
    return secret;
  }

  /**
   * A key as an app embeds it: family emsp, publishable, app-safe scopes only. Nothing mints such
   * keys yet, so it is written as the key store holds keys.
   */
  private static String publishableKey(UUID network) {
    String secret = ApiKeySecrets.generate("pk_emsp_live_");
    ApiTestServer.await(api.pg.preparedQuery("INSERT INTO api_keys (id, name, family, prefix, key_hash, last_four, scopes,"
            + " network_ids) VALUES ($1, 'mobile app', 'emsp', 'pk_emsp_live_', $2, $3, $4, $5)")
        .execute(io.vertx.sqlclient.Tuple.of(UUID.randomUUID(), ApiKeySecrets.hash(secret), ApiKeySecrets.lastFour(secret),
            new String[] {"emsp:locations:read", "emsp:tariffs:read"}, new UUID[] {network})));
    return secret;
  }

  @Test
  void theDocumentListsTheWholeOperatorApi() {
    assertTrue(operations.size() > 60, "expected the whole operator API, got " + operations.size());
    Set<String> documented = new java.util.HashSet<>();
    operations.forEach(op -> documented.add(op.toString()));
    NETWORK_QUERY_OPERATIONS.forEach(op -> assertTrue(documented.contains(op), op + " is no longer documented"));
  }

  @TestFactory
  Stream<DynamicTest> everyOperationAnswers401WithoutAValidKey() {
    return operations.stream().map(op -> dynamicTest(op.toString(), () -> {
      List<Executable> checks = new ArrayList<>();
      invalidKeys.forEach((kind, key) -> checks.add(() -> assertError(send(op, a, key), op + " with " + kind, 401)));
      assertAll(checks);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyOperationAnswers403ToAKeyWithoutItsScope() {
    return operations.stream().map(op -> dynamicTest(op.toString(), () -> {
      boolean networksOp = op.scope().equals("cpms:networks:read");
      String key = networksOp ? eventsOnlyKey : networksOnlyKey;
      assertError(send(op, a, key), op + " with only " + (networksOp ? "cpms:events:read" : "cpms:networks:read"), 403);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyOperationAnswers403ToAKeyBoundToOtherAddresses() {
    return operations.stream().map(op -> dynamicTest(op.toString(),
        () -> assertError(send(op, a, elsewhereKey), op + " from 127.0.0.1 with a key for 203.0.113.7", 403)));
  }

  @TestFactory
  Stream<DynamicTest> everyOperationRefusesAnAppsPublishableKeyOfAnotherFamily() {
    return operations.stream().map(op -> dynamicTest(op.toString(),
        () -> assertError(send(op, a, publishableKey), op + " with an emsp publishable key", 401, 403)));
  }

  @TestFactory
  Stream<DynamicTest> everyChangeAnswers403ToAReadOnlyKey() {
    return operations.stream().filter(op -> !op.isRead()).map(op -> dynamicTest(op.toString(),
        () -> assertError(send(op, a, readOnlyKey), op + " with every read scope", 403)));
  }

  /**
   * Networks and pending chargers belong to no network: only an unrestricted key with
   * platform:admin manages them, so a network's key with every operator scope is refused. The
   * network-isolation checks below do not apply to them.
   */
  @TestFactory
  Stream<DynamicTest> platformOperationsAnswer403ToEveryNetworkKey() {
    return operations.stream().filter(DocumentedOperation::isPlatform).map(op -> dynamicTest(op.toString(),
        () -> assertError(send(op, a, a.key), op + " with A's key holding every operator scope", 403)));
  }

  @TestFactory
  Stream<DynamicTest> everyIdOfAnotherNetworkAnswers404() {
    return networkOperations().filter(op -> !op.pathParams().isEmpty()).map(op -> dynamicTest(op.toString(), () -> {
      List<String> networkParams = op.pathParams().stream().filter(p -> !NOT_NETWORK_IDS.containsKey(p)).toList();
      if (networkParams.isEmpty()) {
        // only catalog ids in the path: a list holding nothing of B, or 404 where B's entry is private to B
        Result r = send(op, b, a.key);
        if (r.status() == 404) {
          assertError(r, op + " with B's " + op.pathParams(), 404);
        } else {
          assertEquals(200, r.status(), op + " with B's " + op.pathParams() + ": " + abbreviated(r.raw()));
        }
        assertNothingOf(b, r, op + " with B's " + op.pathParams());
        return;
      }
      List<Executable> checks = new ArrayList<>();
      checks.add(() -> assertNotFound(op, op.fill(p -> value(op, p, b)), "B's ids"));
      // a site is addressed by its location or by one of its chargers
      if (op.path().startsWith("/cpms/v1/load-balancing/")) {
        checks.add(() -> assertNotFound(op, op.fill(p -> b.id(Resource.CHARGER).toString()), "B's charger as the site"));
      }
      // several ids: B's in one place, A's in the others (a lookup that checks only the parent fails here)
      if (networkParams.size() > 1) {
        for (String foreign : networkParams) {
          checks.add(() -> assertNotFound(op, op.fill(p -> value(op, p, p.equals(foreign) ? b : a)), "B's " + foreign));
        }
      }
      assertAll(checks);
    }));
  }

  @TestFactory
  Stream<DynamicTest> listsOfOneNetworkShowNothingOfAnother() {
    return networkOperations().filter(op -> op.isRead() && op.pathParams().isEmpty()).map(op -> dynamicTest(op.toString(), () -> {
      Result plain = probe.send("GET", op.path(), a.key, null);
      Result mine = probe.send("GET", op.path() + filters(a), a.key, null);
      Result theirs = probe.send("GET", op.path() + filters(b), a.key, null);
      assertAll(
          () -> assertTrue(plain.status() == 200 || plain.status() == 400, op + " plain: " + plain.status() + " " + abbreviated(plain.raw())),
          () -> assertEquals(200, mine.status(), op + " filtered by A's ids: " + abbreviated(mine.raw())),
          () -> assertTrue(theirs.status() == 200 || theirs.status() == 404,
              op + " filtered by B's ids: " + theirs.status() + " " + abbreviated(theirs.raw())),
          () -> assertNothingOf(b, plain, op + " plain"),
          () -> assertNothingOf(b, mine, op + " filtered by A's ids"),
          () -> assertNothingOf(b, theirs, op + " filtered by B's ids"));
      // not vacuous: a list of a fixture's kind shows A's own item
      listedKind(op).ifPresent(kind -> assertTrue(
          plain.raw().contains(a.id(kind, op.path()).toString()) || mine.raw().contains(a.id(kind, op.path()).toString()),
          op + " does not show A's own " + kind + ": " + abbreviated(mine.raw())));
    }));
  }

  @TestFactory
  Stream<DynamicTest> anotherNetworkInTheQueryAnswers404() {
    return operations.stream().filter(op -> NETWORK_QUERY_OPERATIONS.contains(op.toString())).map(op -> dynamicTest(
        op.toString(), () -> {
          String path = op.fill(p -> value(op, p, a)) + "?networkUuid=" + b.network;
          Result r = probe.send(op.method(), path, a.key, body(op));
          assertError(r, op + " with networkUuid of B", 404);
        }));
  }

  /** The analytics of both families take the seeds' {@code networkId}: another network's answers 404. */
  @TestFactory
  Stream<DynamicTest> anotherNetworkAsAnalyticsNetworkIdAnswers404() {
    List<DocumentedOperation> analytics = new ArrayList<>();
    operations.stream().filter(op -> op.path().startsWith("/cpms/v1/analytics/")).forEach(analytics::add);
    emspOperations.stream().filter(op -> op.path().startsWith("/emsp/v1/analytics/")).forEach(analytics::add);
    assertTrue(analytics.size() >= 9, "the analytics operations are documented: " + analytics);
    return analytics.stream().map(op -> dynamicTest(op.toString(), () -> {
      String key = op.family().equals("emsp") ? a.emspKey : a.key;
      assertError(probe.send("GET", op.path() + "?networkId=" + b.network, key, null), op + " with networkId of B", 404);
      Result mine = probe.send("GET", op.path() + "?networkId=" + a.network, key, null);
      assertEquals(200, mine.status(), op + " with networkId of A: " + abbreviated(mine.raw()));
      assertNothingOf(b, mine, op + " with networkId of A");
    }));
  }

  @TestFactory
  Stream<DynamicTest> idsOfAnotherNetworkInABodyAreAnsweredLikeUnknownIds() {
    return networkOperations().filter(op -> op.hasBody() && !idProperties(op).isEmpty()).map(op -> dynamicTest(
        op.toString(), () -> {
          String path = op.fill(p -> value(op, p, a));
          List<Executable> checks = new ArrayList<>();
          for (String property : idProperties(op)) {
            Resource kind = Resource.ofProperty(property).orElseThrow(() -> new AssertionError(op + ": the body property "
                + property + " holds an id of nothing the suite knows; map it in Resource"));
            checks.add(() -> {
              Result theirs = probe.send(op.method(), path, a.key, withId(op, property, b.id(kind)).encode());
              Result unknown = probe.send(op.method(), path, a.key, withId(op, property, UUID.randomUUID()).encode());
              String what = op + " with B's " + kind + " as " + property;
              assertFalse(theirs.status() / 100 == 2, what + " succeeded: " + abbreviated(theirs.raw()));
              assertEquals(unknown.status() + " " + errorOf(unknown), theirs.status() + " " + errorOf(theirs),
                  what + " is answered unlike an unknown id");
              assertNothingOf(b, theirs, what);
            });
          }
          assertAll(checks);
        }));
  }

  // --- the driver family (/emsp/v1) ---------------------------------------------------------------

  /** Query parameters an emsp read needs to answer at all (the document does not declare query parameters). */
  private static final Map<String, String> EMSP_REQUIRED_QUERY = Map.of(
      "GET /emsp/v1/locations/search", "latitude=48.8566&longitude=2.3522&radiusKm=200");

  @Test
  void theDocumentListsTheDriverFamilysDiscoveryOperations() {
    Set<String> documented = new java.util.HashSet<>();
    emspOperations.forEach(op -> documented.add(op.toString()));
    for (String op : List.of("GET /emsp/v1/chargers", "GET /emsp/v1/chargers/{identifier}/info",
        "POST /emsp/v1/chargers/{id}/reboot", "GET /emsp/v1/locations/search", "GET /emsp/v1/networks/{networkId}/branding")) {
      assertTrue(documented.contains(op), op + " is not documented");
    }
    emspOperations.forEach(op -> assertTrue(Set.of("KEY", "DRIVER", "KEY_OR_DRIVER", "ANY_KEY").contains(op.callers()),
        op + " has no x-callers"));
  }

  @TestFactory
  Stream<DynamicTest> everyEmspOperationAnswers401WithoutAValidEmspKey() {
    return emspOperations.stream().map(op -> dynamicTest(op.toString(), () -> {
      List<Executable> checks = new ArrayList<>();
      invalidKeys.forEach((kind, key) -> checks.add(() -> assertError(sendEmsp(op, a, key), op + " with " + kind, 401)));
      checks.add(() -> assertError(sendEmsp(op, a, a.key), op + " with an operator (cpms) key", 401));
      assertAll(checks);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyEmspOperationAnswers403ToAKeyWithoutItsScope() {
    return emspOperations.stream().map(op -> dynamicTest(op.toString(), () -> {
      String scope = op.scope().equals("emsp:webhooks:read") ? "emsp:reports:read" : "emsp:webhooks:read";
      assertError(sendEmsp(op, a, emspWithoutScope.get(scope)), op + " with only " + scope, 403);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyEmspOperationAnswersAnAppKeyWithoutADriverAsItsCallersSay() {
    return emspOperations.stream().map(op -> dynamicTest(op.toString() + " (" + op.callers() + ")", () -> {
      Result r = sendEmsp(op, a, a.emspAppKey);
      if (!io.voltgate.api.auth.Scopes.EMSP_PUBLISHABLE.contains(op.scope())) {
        // Outside what an app key may ever hold: refused for its scope, whoever comes with it.
        assertError(r, op + ": needs " + op.scope() + ", which no app key holds", 403);
        return;
      }
      switch (op.callers()) {
        case "KEY" -> assertError(r, op + ": a back end's operation with an app key", 403);
        case "DRIVER", "KEY_OR_DRIVER" -> {
          assertError(r, op + ": an app key without the driver's token", 401);
          assertEquals("driver_token_required", r.json().getString("error"), op.toString());
        }
        // Open to any key: whatever the answer (sign-up and login have their own refusals), it is not
        // a refusal of the caller.
        case "ANY_KEY" -> assertTrue(r.status() < 400 || !Set.of("unauthorized", "forbidden", "driver_token_required")
            .contains(r.json().getString("error")), op + " is open to any key of the network: " + abbreviated(r.raw()));
        default -> fail(op + ": unknown callers " + op.callers());
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyEmspIdOfAnotherNetworkAnswers404() {
    return emspOperations.stream().filter(op -> !op.pathParams().isEmpty() && !op.refusedWithoutPaymentProvider())
        .map(op -> dynamicTest(op.toString(), () -> {
      Result r = sendEmspAs(op, b, a);
      assertError(r, op + " by A's " + (isDriverOnly(op) ? "driver" : "eMSP key") + " with B's ids", 404);
      assertNothingOf(b, r, op + " with B's ids");
      Result own = sendEmspAs(op, b, b);
      assertTrue(own.status() != 404 || op.path().endsWith("/info"),
          op + ": not vacuous, B's own key finds B's ids: " + own.status() + " " + abbreviated(own.raw()));
    }));
  }

  @TestFactory
  Stream<DynamicTest> emspListsOfOneNetworkShowNothingOfAnother() {
    return emspOperations.stream().filter(op -> op.isRead() && op.pathParams().isEmpty() && !"DRIVER".equals(op.callers()))
        .map(op -> dynamicTest(op.toString(), () -> {
      Result mine = probe.send("GET", op.path() + emspQuery(op) + "&pageSize=100", a.emspKey, null);
      assertEquals(200, mine.status(), op + ": " + abbreviated(mine.raw()));
      assertNothingOf(b, mine, op.toString());
      listedKind(op).ifPresent(kind -> assertTrue(mine.raw().contains(a.id(kind, op.path()).toString()),
          op + " does not show A's own " + kind + ": " + abbreviated(mine.raw())));
    }));
  }

  @TestFactory
  Stream<DynamicTest> emspDriverReadsShowNothingOfAnotherNetwork() {
    return emspOperations.stream().filter(op -> op.isRead() && op.pathParams().isEmpty() && isDriverOnly(op)
            && !op.refusedWithoutPaymentProvider())
        .map(op -> dynamicTest(op.toString(), () -> {
      Result mine = probe.sendAs("GET", op.path() + emspQuery(op) + "&pageSize=100", a.driver(), null);
      assertEquals(200, mine.status(), op + ": " + abbreviated(mine.raw()));
      assertNothingOf(b, mine, op + " by A's driver");
      listedKind(op).ifPresent(kind -> assertTrue(mine.raw().contains(a.id(kind, op.path()).toString()),
          op + " does not show A's driver's own " + kind + ": " + abbreviated(mine.raw())));
    }));
  }

  /** The operation with the tenant's ids, its required query and a valid body. */
  private static Result sendEmsp(DocumentedOperation op, Tenant owner, String key) {
    return probe.send(op.method(), op.fill(p -> value(op, p, owner)) + emspQuery(op), key, body(op));
  }

  /**
   * The operation with the owner's ids, called by the caller tenant: a driver's operation by its app
   * key with its driver's token (a driver's own data, e.g. a favourite, is reached no other way),
   * any other by its back end's key.
   */
  private static Result sendEmspAs(DocumentedOperation op, Tenant owner, Tenant caller) {
    String path = op.fill(p -> value(op, p, owner)) + emspQuery(op);
    return isDriverOnly(op) ? probe.sendAs(op.method(), path, caller.driver(), body(op))
        : probe.send(op.method(), path, caller.emspKey, body(op));
  }

  private static boolean isDriverOnly(DocumentedOperation op) {
    return "DRIVER".equals(op.callers());
  }

  private static String emspQuery(DocumentedOperation op) {
    return "?" + EMSP_REQUIRED_QUERY.getOrDefault(op.toString(), "");
  }

  /**
   * The streamed report exports, every type in both formats over both tenants' CDRs: nothing of B
   * in A's reports, A's own CDR in its per-CDR export (not vacuous), and B's network named in the
   * query answered 404 like an unknown id.
   */
  @TestFactory
  Stream<DynamicTest> reportExportsShowNothingOfAnotherNetwork() {
    List<String> calls = new ArrayList<>();
    for (String format : List.of("csv", "json")) {
      for (String type : List.of("sessions", "daily-sales", "by-location", "by-user", "sessions-summary")) {
        calls.add("/cpms/v1/reports/export?type=" + type + "&format=" + format);
        if (!type.equals("sessions")) {
          calls.add("/emsp/v1/reports/export?type=" + type + "&format=" + format);
        }
      }
    }
    return calls.stream().map(path -> dynamicTest(path, () -> {
      Result r = probe.send("GET", path, path.startsWith("/emsp/") ? a.emspKey : a.key, null);
      assertEquals(200, r.status(), path + ": " + abbreviated(r.raw()));
      assertNothingOf(b, r, path);
      if (path.contains("type=sessions&")) {
        assertTrue(r.raw().contains(a.id(Resource.TRANSACTION).toString()), path + " lacks A's own CDR");
        assertError(probe.send("GET", path + "&networkId=" + b.network, a.key, null), path + " with B's networkId", 404);
      }
    }));
  }

  @Test
  void theEventStreamReplaysNothingOfAnotherNetwork() throws Exception {
    String before = last("vg:events");
    publish("charger.status", b, "theirs");
    String mineId = publish("charger.status", a, "mine");
    HttpRequest request = HttpRequest.newBuilder(probe.uri("/cpms/v1/events/stream")).header("X-API-Key", a.key)
        .header("Last-Event-ID", before).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<InputStream> r = probe.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    List<String> seen = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null && !line.contains(mineId); line = lines.readLine()) {
        seen.add(line);
      }
    }
    String text = String.join("\n", seen);
    b.fingerprints().forEach(f -> assertFalse(text.contains(f), "A's stream replayed B's event: " + abbreviated(text)));
  }

  // --- the charging-key family (/emp/v1) -----------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> everyEmpOperationAnswers401WithoutAValidEmpKey() {
    return empOperations.stream().map(op -> dynamicTest(op.toString(), () -> {
      List<Executable> checks = new ArrayList<>();
      invalidKeys.forEach((kind, key) -> checks.add(() -> assertError(send(op, a, key), op + " with " + kind, 401)));
      checks.add(() -> assertError(send(op, a, a.key), op + " with an operator (cpms) key", 401));
      checks.add(() -> assertError(send(op, a, a.emspKey), op + " with an eMSP key", 401));
      assertAll(checks);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyEmpOperationAnswers403ToAKeyWithoutItsScope() {
    return empOperations.stream().filter(op -> !op.scope().equals("emp:orders:read")).map(op -> dynamicTest(
        op.toString(), () -> assertError(send(op, a, empWithoutScope), op + " with only emp:orders:read", 403)));
  }

  /**
   * The seed answers a charging key of another partner 403 ("You have no access to this charging
   * key"), not 404 (docs/emp.md); every other id of another network is 404.
   */
  private static final Set<String> EMP_FOREIGN_403 = Set.of("PUT /emp/v1/charging-keys/{keyIdentifier}/enable",
      "PUT /emp/v1/charging-keys/{keyIdentifier}/disable");

  @TestFactory
  Stream<DynamicTest> everyEmpIdOfAnotherNetworkAnswers404() {
    return empOperations.stream().filter(op -> !op.pathParams().isEmpty()).map(op -> dynamicTest(op.toString(), () -> {
      Result r = send(op, b, a.empKey);
      assertError(r, op + " by A's EMP key with B's ids", EMP_FOREIGN_403.contains(op.toString()) ? 403 : 404);
      assertNothingOf(b, r, op + " with B's ids");
      Result own = send(op, b, b.empKey);
      assertTrue(own.status() != 404, op + ": not vacuous, B's own key finds B's ids: " + own.status() + " "
          + abbreviated(own.raw()));
    }));
  }

  // --- requests ---------------------------------------------------------------------------------

  /** The operation with the tenant's ids in the path and a valid body. */
  private static Result send(DocumentedOperation op, Tenant owner, String key) {
    return probe.send(op.method(), op.fill(p -> value(op, p, owner)), key, body(op));
  }

  private static String body(DocumentedOperation op) {
    return op.hasBody() ? bodies.minimal(op.bodySchema()).encode() : null;
  }

  /** A path parameter filled from the tenant's fixtures; a parameter the suite cannot fill fails the test. */
  private static String value(DocumentedOperation op, String param, Tenant t) {
    if (param.equals("fileName")) {
      return t.diagnosticsFile;
    }
    if (param.equals("chargePointId")) {
      return t.chargePointId;
    }
    if (param.equals("messageLogId")) {
      return t.ocppMessageLogId;
    }
    if (param.equals("messageId")) {
      return t.ocppMessageId;
    }
    if (param.equals("keyIdentifier")) {
      return t.chargingKey;
    }
    if (param.equals("orderId")) {
      return t.empOrder;
    }
    if (op.namesProviderCard(param)) {
      return DocumentedOperation.PROVIDER_CARD_ID;
    }
    String segment = op.resourceOf(param);
    Resource kind = Resource.ofSegment(segment).orElseThrow(() -> new AssertionError(op + ": no fixture for {" + param
        + "} after /" + segment + "/; add the resource to Resource and Tenant, or to NOT_NETWORK_IDS with the reason"));
    return t.id(kind, op.path()).toString();
  }

  /** Every known list filter set to the tenant's ids, on the largest page. */
  private static String filters(Tenant t) {
    StringBuilder sb = new StringBuilder("?pageSize=100");
    LIST_FILTERS.forEach((name, value) -> sb.append('&').append(name).append('=').append(value.apply(t)));
    return sb.toString();
  }

  /**
   * The kind of item a list shows, by its last segment; none for an analytics rollup (its
   * {@code /analytics/sessions} counts sessions, it lists none of them).
   */
  private static java.util.Optional<Resource> listedKind(DocumentedOperation op) {
    return op.path().contains("/analytics/") ? java.util.Optional.empty() : Resource.ofSegment(op.lastSegment());
  }

  /** The operations a network's key may call: everything but the platform administrator's. */
  private static Stream<DocumentedOperation> networkOperations() {
    return operations.stream().filter(op -> !op.isPlatform());
  }

  /** Body properties holding ids (format uuid, or an array of them). */
  private static List<String> idProperties(DocumentedOperation op) {
    JsonObject props = bodies.properties(op.bodySchema());
    return props.fieldNames().stream()
        .filter(p -> isUuid(props.getJsonObject(p)) || isUuid(props.getJsonObject(p).getJsonObject("items", new JsonObject())))
        .sorted().toList();
  }

  private static boolean isUuid(JsonObject schema) {
    return "uuid".equals(schema.getString("format"));
  }

  /** A valid body with the id in the property (alone in an array where the property is a list). */
  private static JsonObject withId(DocumentedOperation op, String property, UUID id) {
    boolean list = "array".equals(ExampleBodies.type(bodies.properties(op.bodySchema()).getJsonObject(property)));
    return bodies.minimal(op.bodySchema()).put(property, list ? new io.vertx.core.json.JsonArray().add(id.toString()) : id.toString());
  }

  private static void assertNotFound(DocumentedOperation op, String path, String what) {
    Result r = probe.send(op.method(), path, a.key, body(op));
    assertError(r, op + " by A's key with " + what, 404);
    assertNothingOf(b, r, op + " with " + what);
  }

  private static void assertNothingOf(Tenant other, Result r, String what) {
    for (String f : other.fingerprints()) {
      if (r.raw().contains(f)) {
        fail(what + " shows " + f + " of the other network: " + abbreviated(r.raw()));
      }
    }
  }

  private static String errorOf(Result r) {
    try {
      return r.json().getString("error");
    } catch (RuntimeException e) {
      return "(not an error body)";
    }
  }

  // --- event stream -----------------------------------------------------------------------------

  private static String last(String stream) {
    var reply = ApiTestServer.await(api.redis.send(Request.cmd(Command.XREVRANGE).arg(stream).arg("+").arg("-")
        .arg("COUNT").arg(1)));
    return reply == null || reply.size() == 0 ? "0-0" : reply.get(0).get(0).toString();
  }

  /** An event as the gateway publishes it; returns its id in the event payload. */
  private static String publish(String type, Tenant t, String marker) {
    String id = UUID.randomUUID().toString();
    ApiTestServer.await(api.redis.send(Request.cmd(Command.XADD).arg("vg:events").arg("*")
        .arg("id").arg(id).arg("type").arg(type).arg("network").arg(t.network.toString())
        .arg("cp").arg(t.chargePointId).arg("ts").arg(OffsetDateTime.now().toString())
        .arg("data").arg(new JsonObject().put("marker", marker).put("chargerId", t.id(Resource.CHARGER).toString()).encode())));
    return id;
  }
}
