package io.voltgate.api.security;

import static io.voltgate.api.security.ErrorShape.abbreviated;
import static io.voltgate.api.security.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to every operation of the served OpenAPI document, sent with a valid key and the ids
 * of real resources (so nothing but the input can be at fault): broken JSON, wrong types, an array
 * for an object, a body over {@link ApiRoutes#MAX_BODY_BYTES}, a multipart body on a JSON route, an
 * id that is not a UUID, absurd paging. Each is refused with a 4xx in the documented error shape,
 * never a 500 and never a success.
 */
@Timeout(180)
class BadInputTest {

  private static final String BOUNDARY = "voltgate-bad-input";

  private static ApiTestServer api;
  private static Probe probe;
  private static List<DocumentedOperation> operations;
  private static ExampleBodies bodies;
  private static Tenant tenant;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start(o -> o.withPublicUrl("http://127.0.0.1:" + o.port()));
    probe = new Probe(api.port);
    JsonObject document = api.get("/openapi.json", null).json();
    operations = DocumentedOperation.all(document);
    bodies = new ExampleBodies(document);
    tenant = new Tenant(api, "bad-input", ApiTestServer.backends().options().dataDir().resolve("uploads-" + api.port));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @TestFactory
  Stream<DynamicTest> malformedJsonIsA400() {
    return withBody().map(op -> dynamicTest(op.toString(), () -> assertAll(
        () -> assertError(send(op, "{\"name\": "), op + " with a truncated object", 400),
        () -> assertError(send(op, "{name: 'single quotes'}"), op + " with JavaScript instead of JSON", 400),
        () -> assertError(send(op, "\u0000\u0001"), op + " with binary garbage", 400))));
  }

  @TestFactory
  Stream<DynamicTest> aValueOfTheWrongTypeIsA400NamingTheField() {
    return withBody().map(op -> dynamicTest(op.toString(), () -> {
      JsonObject properties = bodies.properties(op.bodySchema());
      List<Executable> checks = new ArrayList<>();
      for (String property : properties.fieldNames()) {
        Object wrong = wrongTypeFor(properties.getJsonObject(property));
        JsonObject body = bodies.minimal(op.bodySchema()).put(property, wrong);
        checks.add(() -> {
          Result r = send(op, body.encode());
          String what = op + " with " + property + " = " + io.vertx.core.json.Json.encode(wrong);
          assertError(r, what, 400);
          assertEquals(property, r.json().getString("field"), what + ": field");
        });
      }
      assertAll(checks);
    }));
  }

  @TestFactory
  Stream<DynamicTest> anArrayInsteadOfAnObjectIsA400() {
    return withBody().map(op -> dynamicTest(op.toString(), () -> assertAll(
        () -> assertError(send(op, "[]"), op + " with []", 400),
        () -> assertError(send(op, new JsonArray().add(bodies.minimal(op.bodySchema())).encode()), op + " with [valid body]", 400),
        () -> assertError(send(op, "\"a string\""), op + " with a JSON string", 400),
        () -> assertError(send(op, "null"), op + " with null", 400))));
  }

  @TestFactory
  Stream<DynamicTest> aBodyOverTheLimitIsA413() {
    return withBody().map(op -> dynamicTest(op.toString(), () -> {
      byte[] body = oversized();
      Result r = probe.sendAs(op.method(), path(op), caller(op), "application/json", body);
      assertError(r, op + " with " + body.length + " bytes", 413);
    }));
  }

  @TestFactory
  Stream<DynamicTest> aMultipartBodyOnAJsonRouteIsRefused() {
    return withBody().map(op -> dynamicTest(op.toString(), () -> {
      Result r = probe.sendAs(op.method(), path(op), caller(op), "multipart/form-data; boundary=" + BOUNDARY,
          multipart(bodies.minimal(op.bodySchema()), false));
      assertError(r, op + " with a multipart form", 400, 415);
    }));
  }

  @TestFactory
  Stream<DynamicTest> anIdThatIsNotAUuidIsA400Or404() {
    return operations.stream().filter(op -> !op.pathParams().isEmpty() && !op.refusedWithoutPaymentProvider())
        .map(op -> dynamicTest(op.toString(), () -> {
      List<Executable> checks = new ArrayList<>();
      for (String bad : List.of("not-a-uuid", "1%20OR%201%3D1", "..%2F..%2Fetc%2Fpasswd", "00000000-0000-0000-0000-00000000000g")) {
        checks.add(() -> assertError(probe.sendAs(op.method(), op.fill(p -> bad), caller(op), body(op)),
            op + " with " + bad, 400, 404));
      }
      assertAll(checks);
    }));
  }

  @TestFactory
  Stream<DynamicTest> absurdPagingIsRefusedOrClamped() {
    return operations.stream().filter(op -> op.isRead() && !op.refusedWithoutPaymentProvider())
        .map(op -> dynamicTest(op.toString(), () -> {
      String path = path(op) + (op.pathParams().isEmpty() && op.path().endsWith("diagnostic-files")
          ? "?chargerId=" + tenant.id(Resource.CHARGER) + "&" : "?");
      List<Executable> checks = new ArrayList<>();
      for (String paging : List.of("pageSize=1000000", "pageSize=99999999999999", "page=2147483647&pageSize=100",
          "page=0", "pageSize=-1", "pageSize=ten")) {
        checks.add(() -> {
          Result r = probe.sendAs("GET", path + paging, caller(op), null);
          String what = op + " with " + paging;
          if (r.status() == 200) {
            assertClamped(r, what);
          } else {
            assertError(r, what, 400);
          }
        });
      }
      assertAll(checks);
    }));
  }

  /** The query parameters of the report exports and the usage rollup: each bad value is a 400. */
  @TestFactory
  Stream<DynamicTest> badReportAndUsageParametersAreA400() {
    List<String> cpms = List.of("/cpms/v1/reports/export?type=DROP%20TABLE", "/cpms/v1/reports/export?format=xlsx",
        "/cpms/v1/reports/export?from=2026-13-45", "/cpms/v1/reports/export?to=%00",
        "/cpms/v1/reports/export?from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z",
        "/cpms/v1/reports/export?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
        "/cpms/v1/reports/export?networkId=1'%20OR%20'1'='1", "/cpms/v1/usage?days=-1", "/cpms/v1/usage?days=99999999999",
        "/cpms/v1/usage?days=1e3");
    List<String> emsp = List.of("/emsp/v1/reports/export?type=sessions", "/emsp/v1/reports/export?format=pdf",
        "/emsp/v1/reports/export?from=not-a-time");
    return Stream.concat(cpms.stream().map(path -> dynamicTest(path,
            () -> assertError(api.get(path, tenant.key), path, 400))),
        emsp.stream().map(path -> dynamicTest(path, () -> assertError(api.get(path, tenant.emspKey), path, 400))));
  }

  @Test
  void aUrlOverTheLimitIsA414InTheErrorShape() {
    // HTTP/1.1: over HTTP/2 a header block beyond the advertised SETTINGS_MAX_HEADER_LIST_SIZE is a
    // protocol error the client was warned of (GOAWAY), not a request to answer.
    HttpRequest request = HttpRequest.newBuilder(probe.uri("/cpms/v1/chargers?q=" + "a".repeat(16 * 1024)))
        .timeout(Duration.ofSeconds(30)).version(java.net.http.HttpClient.Version.HTTP_1_1)
        .header("X-API-Key", tenant.key).GET().build();
    assertError(probe.exchange(request), "a 16 KiB URL", 414);
  }

  @Test
  void aHeaderOverTheLimitIsA431InTheErrorShape() {
    HttpRequest request = HttpRequest.newBuilder(probe.uri("/cpms/v1/chargers")).timeout(Duration.ofSeconds(30))
        .version(java.net.http.HttpClient.Version.HTTP_1_1)
        .header("X-API-Key", tenant.key).header("X-Padding", "a".repeat(64 * 1024)).GET().build();
    assertError(probe.exchange(request), "a 64 KiB header", 431);
  }

  @Test
  void aMultipartUploadWithoutAKeyIsA401AndNothingReachesTheDisk() throws IOException {
    Path uploads = Path.of("file-uploads");
    Set<Path> before = files(uploads);
    DocumentedOperation op = withBody().findFirst().orElseThrow();
    Result r = probe.send(op.method(), path(op), null, "multipart/form-data; boundary=" + BOUNDARY,
        multipart(bodies.minimal(op.bodySchema()), true));
    assertError(r, op + " multipart without a key", 401);
    assertEquals(before, files(uploads), "an unauthenticated upload was written to " + uploads.toAbsolutePath());
  }

  @Test
  void aBodyOverTheLimitWithoutAKeyIsA401BecauseTheKeyIsCheckedFirst() {
    DocumentedOperation op = withBody().findFirst().orElseThrow();
    assertError(probe.send(op.method(), path(op), null, "application/json", oversized()), op + " oversized without a key", 401);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Stream<DocumentedOperation> withBody() {
    return operations.stream().filter(DocumentedOperation::hasBody);
  }

  /** The operation's path with the tenant's real ids. */
  private static String path(DocumentedOperation op) {
    return op.fill(p -> switch (p) {
      case "fileName" -> tenant.diagnosticsFile;
      case "chargePointId" -> tenant.chargePointId;
      case "messageLogId" -> tenant.ocppMessageLogId;
      case "messageId" -> tenant.ocppMessageId;
      default -> op.namesProviderCard(p) ? DocumentedOperation.PROVIDER_CARD_ID
          : tenant.id(Resource.ofSegment(op.resourceOf(p)).orElseThrow(() ->
              new AssertionError(op + ": no fixture for {" + p + "}; see AuthorizationMatrixTest")), op.path()).toString();
    });
  }

  private static String body(DocumentedOperation op) {
    return op.hasBody() ? bodies.minimal(op.bodySchema()).encode() : null;
  }

  private static Result send(DocumentedOperation op, String body) {
    return probe.sendAs(op.method(), path(op), caller(op), body);
  }

  /** The key of {@link #key}, with the tenant's driver token on an operation only a driver calls. */
  private static Probe.Caller caller(DocumentedOperation op) {
    return "DRIVER".equals(op.callers()) ? tenant.driver() : new Probe.Caller(key(op), null);
  }

  /**
   * The tenant's key of the operation's family (a partner back end's on {@code /emsp/v1} and
   * {@code /emp/v1}), or the platform administrator's for networks and pending chargers.
   */
  private static String key(DocumentedOperation op) {
    if (op.family().equals("emsp")) {
      return tenant.emspKey;
    }
    if (op.family().equals("emp")) {
      return tenant.empKey;
    }
    return op.isPlatform() ? api.adminKey : tenant.key;
  }

  /**
   * A value of a JSON type the property does not allow; a property that allows every type fails the
   * test, since then nothing guards what reaches the handler.
   */
  private static Object wrongTypeFor(JsonObject property) {
    Set<String> allowed = new HashSet<>();
    collectTypes(property, allowed);
    List<Object> candidates = List.of(12345, "not-a-number", true, new JsonArray().add(1), new JsonObject().put("unexpected", true));
    for (Object candidate : candidates) {
      if (!allowed.contains(jsonType(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError("the property " + property.encode() + " accepts every JSON type");
  }

  private static void collectTypes(JsonObject schema, Set<String> into) {
    Object type = schema.getValue("type");
    if (type instanceof String t) {
      into.add(t);
    } else if (type instanceof JsonArray ts) {
      ts.forEach(t -> into.add((String) t));
    }
    if (into.contains("number")) {
      into.add("integer");
    }
    for (String choice : List.of("oneOf", "anyOf")) {
      if (schema.getJsonArray(choice) != null) {
        schema.getJsonArray(choice).forEach(alt -> collectTypes((JsonObject) alt, into));
      }
    }
    if (type == null && schema.getJsonArray("enum") != null) {
      // an enum without a type allows exactly the types of its members
      schema.getJsonArray("enum").forEach(v -> into.add(v == null ? "null" : jsonType(v)));
    }
  }

  private static String jsonType(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return "integer";
    }
    if (v instanceof Number) {
      return "number";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof JsonArray) {
      return "array";
    }
    return v instanceof JsonObject ? "object" : "string";
  }

  /** One byte over the limit, as well-formed JSON (so only the size is at fault). */
  private static byte[] oversized() {
    int padding = (int) ApiRoutes.MAX_BODY_BYTES - "{\"name\":\"\"}".length() + 1;
    return ("{\"name\":\"" + "a".repeat(padding) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The body's fields as form fields, optionally with a small file part (left out where a key is
   * given: until uploads are kept off the disk, the body handler would store the file in the working
   * directory).
   */
  private static byte[] multipart(JsonObject fields, boolean withFile) {
    StringBuilder sb = new StringBuilder();
    fields.forEach(e -> sb.append("--").append(BOUNDARY).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(e.getKey()).append("\"\r\n\r\n")
        .append(e.getValue()).append("\r\n"));
    if (withFile) {
      sb.append("--").append(BOUNDARY).append("\r\n")
          .append("Content-Disposition: form-data; name=\"file\"; filename=\"payload.bin\"\r\n")
          .append("Content-Type: application/octet-stream\r\n\r\n").append("x".repeat(1024)).append("\r\n");
    }
    sb.append("--").append(BOUNDARY).append("--\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A page never larger than the largest page size, whatever was asked. */
  private static void assertClamped(Result r, String what) {
    if (r.raw().isEmpty() || !r.raw().startsWith("{")) {
      return; // a stream or a CSV export: not paged
    }
    JsonObject body = r.json();
    JsonObject pagination = body.getJsonObject("pagination");
    if (pagination != null) {
      // the eMSP seed's webhook deliveries name it page_size
      Integer size = pagination.getInteger("pageSize", pagination.getInteger("page_size"));
      assertTrue(size != null && size <= PageRequest.MAX_SIZE, what + ": page size " + pagination);
      assertTrue(pagination.getInteger("page") >= 1, what + ": page " + pagination);
    }
    if (body.getValue("data") instanceof JsonArray items) {
      assertTrue(items.size() <= PageRequest.MAX_SIZE, what + ": " + items.size() + " items");
    }
    assertFalse(body.containsKey("error"), what + ": " + abbreviated(r.raw()));
  }

  private static Set<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> all = Files.list(dir)) {
      return new HashSet<>(all.toList());
    }
  }
}
