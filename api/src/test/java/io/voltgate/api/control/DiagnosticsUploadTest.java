package io.voltgate.api.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.HttpOptions;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Diagnostics uploads over real HTTP: an upload URL admits one file of one charger, once, for a few
 * minutes; the token is checked before the body is read; the body is streamed to disk with a limit.
 */
@Timeout(120)
class DiagnosticsUploadTest {

  private static final long MAX_BYTES = 1024;
  private static ApiTestServer api;
  private static ApiTestServer unconfigured;
  private static Path uploads;
  private static UploadTokens tokens;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    uploads = Files.createTempDirectory("voltgate-uploads");
    api = ApiTestServer.start(o -> new HttpOptions(o.host(), o.port(), true, o.onlineWindow(), o.commandTimeout(),
        "http://uploads.example", uploads, Duration.ofMinutes(15), MAX_BYTES));
    unconfigured = ApiTestServer.start();
    tokens = new UploadTokens(api.secrets, api.redis, Clock.systemUTC(), Duration.ofMinutes(15));
  }

  @AfterAll
  static void stop() {
    api.close();
    unconfigured.close();
  }

  private static String issue(UUID charger, String announcedFile) {
    String token = ApiTestServer.await(tokens.issue(charger));
    if (announcedFile != null) {
      ApiTestServer.await(tokens.expect(token, announcedFile));
    }
    return token;
  }

  private HttpResponse<String> put(String token, String file, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port + "/uploads/diagnostics/" + token + "/" + file))
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Writes {@code request} on a fresh connection and reads until the server closes it (or 10 s). */
  private static String raw(String request) throws Exception {
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
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  private static JsonObject errorBody(String response) {
    return new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  @Test
  void theAnnouncedFileIsStoredOnceAndASecondUploadIsAConflict() throws Exception {
    UUID charger = UUID.randomUUID();
    String token = issue(charger, "diag-1.log");
    assertEquals(201, put(token, "diag-1.log", "log line 1\n").statusCode());
    assertEquals("log line 1\n", Files.readString(uploads.resolve(charger.toString()).resolve("diag-1.log")));

    HttpResponse<String> again = put(token, "diag-1.log", "overwritten?");
    assertEquals(409, again.statusCode());
    assertEquals("conflict", new JsonObject(again.body()).getString("error"));
    assertEquals("log line 1\n", Files.readString(uploads.resolve(charger.toString()).resolve("diag-1.log")));
  }

  @Test
  void aTokenIsForTheOneFileTheChargerAnnounced() throws Exception {
    UUID charger = UUID.randomUUID();
    String token = issue(charger, "diag-2.log");
    HttpResponse<String> other = put(token, "other.log", "evil");
    assertEquals(403, other.statusCode());
    assertEquals("forbidden", new JsonObject(other.body()).getString("error"));
    assertFalse(Files.exists(uploads.resolve(charger.toString()).resolve("other.log")));
    assertEquals(201, put(token, "diag-2.log", "ok").statusCode());
  }

  @Test
  void aTokenWithoutAnnouncedFileStillAdmitsOnlyOneFile() throws Exception {
    String token = issue(UUID.randomUUID(), null);
    assertEquals(201, put(token, "first.log", "1").statusCode());
    assertEquals(409, put(token, "second.log", "2").statusCode());
  }

  @Test
  void aTokenCannotBeMovedToAnotherCharger() throws Exception {
    String token = issue(UUID.randomUUID(), "diag.log");
    String forged = UUID.randomUUID() + token.substring(token.indexOf('.'));
    HttpResponse<String> r = put(forged, "diag.log", "evil");
    assertEquals(403, r.statusCode());
    assertEquals("Invalid upload token", new JsonObject(r.body()).getString("message"));
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    UploadTokens past = new UploadTokens(api.secrets, api.redis, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)),
        Duration.ofMinutes(15));
    String token = ApiTestServer.await(past.issue(UUID.randomUUID()));
    HttpResponse<String> r = put(token, "late.log", "late");
    assertEquals(403, r.statusCode());
    assertEquals("Upload token expired", new JsonObject(r.body()).getString("message"));
  }

  @Test
  void anOversizeStreamedBodyIs413AndLeavesNoFileAndTheChargerMayRetry() throws Exception {
    UUID charger = UUID.randomUUID();
    String token = issue(charger, "big.log");
    String chunk = "x".repeat(3000);
    String response = raw("PUT /uploads/diagnostics/" + token + "/big.log HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
    assertTrue(response.startsWith("HTTP/1.1 413"), response);
    assertEquals("payload_too_large", errorBody(response).getString("error"));
    assertFalse(Files.exists(uploads.resolve(charger.toString()).resolve("big.log")), "partial file left behind");
    assertEquals(201, put(token, "big.log", "small enough").statusCode());
  }

  @Test
  void aDeclaredOversizeBodyIsRefusedBeforeItIsSent() throws Exception {
    String token = issue(UUID.randomUUID(), "huge.log");
    String response = raw("PUT /uploads/diagnostics/" + token + "/huge.log HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 413"), response);
  }

  @Test
  void theTokenIsCheckedBeforeAnyBodyByteIsRead() throws Exception {
    // Headers announcing a large body and no body at all: the answer must come without it.
    String response = raw("PUT /uploads/diagnostics/" + UUID.randomUUID() + ".9999999999.00.00/x.log HTTP/1.1\r\n"
        + "Host: x\r\nContent-Length: 1000000\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 403"), response);
    assertEquals("forbidden", errorBody(response).getString("error"));
  }

  @Test
  void aMultipartFormUploadKeepsTheFilePart() throws Exception {
    UUID charger = UUID.randomUUID();
    String token = issue(charger, "form.log");
    String boundary = "b0undary";
    String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"form.log\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\nfrom a form\r\n--" + boundary + "--\r\n";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port
            + "/uploads/diagnostics/" + token + "/form.log"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("from a form", Files.readString(uploads.resolve(charger.toString()).resolve("form.log")));
  }

  @Test
  void withoutAPublicUrlAFetchIsRefusedWithAnExplanationNeverBuiltFromTheHostHeader() {
    Result r = unconfigured.post("/cpms/v1/chargers/" + UUID.randomUUID() + "/diagnostics/fetch", unconfigured.adminKey,
        new JsonObject());
    assertEquals(409, r.status(), r.raw());
    assertEquals("upload_url_not_configured", r.error());
    assertTrue(r.json().getString("message").contains("VOLTGATE_PUBLIC_HTTP_URL"), r.raw());
  }
}
