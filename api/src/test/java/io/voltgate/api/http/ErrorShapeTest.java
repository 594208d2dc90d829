package io.voltgate.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every answer to a client mistake carries the documented error body {@code {error, message, code,
 * status, timestamp}} (docs/errors.md), also when the HTTP decoder refuses the request before any
 * route sees it, and no client input produces a 500.
 */
@Timeout(120)
class ErrorShapeTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A raw HTTP exchange: status code and body (the server closes or the body ends). */
  private record Raw(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Raw raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", api.port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        all.write(buf, 0, n);
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      return new Raw(status, text.substring(text.indexOf("\r\n\r\n") + 4));
    }
  }

  private static void assertErrorShape(int status, String error, JsonObject body) {
    assertEquals(error, body.getString("error"), body.encode());
    assertEquals(error, body.getString("code"), body.encode());
    assertEquals(status, body.getInteger("status"), body.encode());
    assertNotNull(body.getString("message"), body.encode());
    assertNotNull(body.getString("timestamp"), body.encode());
  }

  @Test
  void anOverlongUrlIsAnswered414WithTheErrorBody() throws Exception {
    Raw r = raw("GET /cpms/v1/chargers?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(414, r.status());
    assertErrorShape(414, "uri_too_long", r.json());
  }

  @Test
  void overlongHeadersAreAnswered431WithTheErrorBody() throws Exception {
    Raw r = raw("GET /cpms/v1/chargers HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
    assertEquals(431, r.status());
    assertErrorShape(431, "headers_too_large", r.json());
  }

  @Test
  void malformedHttpIsAnswered400WithTheErrorBody() throws Exception {
    Raw r = raw("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
    assertEquals(400, r.status());
    assertErrorShape(400, "bad_request", r.json());
  }

  @Test
  void aBodyOverTheLimitIsAnswered413WithTheErrorBody() {
    Result r = api.post("/cpms/v1/locations", api.adminKey, "{\"name\":\"" + "x".repeat(1_100_000) + "\"}");
    assertEquals(413, r.status());
    assertErrorShape(413, "payload_too_large", r.json());
  }

  @Test
  void malformedJsonIsAnswered400WithTheErrorBody() {
    Result r = api.post("/cpms/v1/locations", api.adminKey, "{\"name\": ");
    assertEquals(400, r.status());
    assertErrorShape(400, "invalid_json", r.json());
  }

  @Test
  void aWebhookForAnUnknownNetworkIsANotFoundNetworkNotA500() {
    Result r = api.post("/cpms/v1/webhooks?networkUuid=" + UUID.randomUUID(), api.adminKey,
        new JsonObject().put("url", "http://127.0.0.1:9/hook").put("events", "*"));
    assertEquals(404, r.status(), r.raw());
    assertErrorShape(404, "not_found", r.json());
    assertTrue(r.json().getString("message").contains("Network"), r.raw());
  }

  @Test
  void anInvalidUuidInTheQueryIsA400() {
    Result r = api.post("/cpms/v1/webhooks?networkUuid=not-a-uuid", api.adminKey,
        new JsonObject().put("url", "http://127.0.0.1:9/hook").put("events", "*"));
    assertEquals(400, r.status(), r.raw());
    assertErrorShape(400, "validation_error", r.json());
  }

  @Test
  void postgresForeignKeyAndUniqueViolationsOnClientValuesAreClientErrors() {
    PgException fk = failure("INSERT INTO webhook_subscriptions (id, network_id, family, url, events, secret_encrypted)"
        + " VALUES ($1, $2, 'cpms', 'https://x.example/h', '{}', 'v1:x')", Tuple.of(UUID.randomUUID(), UUID.randomUUID()));
    assertEquals("23503", fk.getSqlState());
    ApiException mappedFk = ErrorHandler.fromPostgres(fk);
    assertEquals(422, mappedFk.status());
    assertEquals("invalid_reference", mappedFk.error());
    assertEquals("network_id", mappedFk.field());

    UUID id = UUID.randomUUID();
    ApiTestServer.await(api.pg.preparedQuery("INSERT INTO networks (id, name) VALUES ($1, 'dup')").execute(Tuple.of(id)));
    PgException unique = failure("INSERT INTO networks (id, name) VALUES ($1, 'dup')", Tuple.of(id));
    assertEquals(409, ErrorHandler.fromPostgres(unique).status());

    PgException badUuid = failure("SELECT $1::text::uuid", Tuple.of("nope"));
    assertEquals(400, ErrorHandler.fromPostgres(badUuid).status());
    PgException badDate = failure("SELECT $1::text::timestamptz", Tuple.of("yesterday-ish"));
    assertEquals(400, ErrorHandler.fromPostgres(badDate).status());
  }

  private static PgException failure(String sql, Tuple args) {
    try {
      ApiTestServer.await(api.pg.preparedQuery(sql).execute(args));
    } catch (IllegalStateException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof PgException pg) {
          return pg;
        }
      }
      throw e;
    }
    throw new AssertionError("expected Postgres to refuse: " + sql);
  }
}
