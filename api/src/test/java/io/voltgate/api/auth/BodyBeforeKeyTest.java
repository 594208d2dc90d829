package io.voltgate.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API key is checked from the header before a byte of the body is read: an unauthenticated
 * client can make the server neither buffer nor store anything. Bodies are bounded, JSON only, and
 * never spooled to disk.
 */
@Timeout(60)
class BodyBeforeKeyTest {

  private static final int TWO_MIB = 2 * 1024 * 1024;
  private static final String BOUNDARY = "voltgate-test-boundary";
  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** Every file under the places a body handler could spool uploads to (the embedded Postgres excepted). */
  private static Set<Path> files() {
    Path dataDir = ApiTestServer.backends().options().dataDir();
    return Stream.of(dataDir, api.uploadDir, Path.of("file-uploads").toAbsolutePath())
        .filter(Files::isDirectory)
        .flatMap(dir -> {
          try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                .filter(p -> !p.startsWith(dataDir.resolve("postgres")))
                .collect(Collectors.toList()).stream();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .collect(Collectors.toSet());
  }

  private static byte[] multipartBody() {
    byte[] file = new byte[64 * 1024];
    Arrays.fill(file, (byte) 'x');
    String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fill.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    String tail = "\r\n--" + BOUNDARY + "--\r\n";
    byte[] body = new byte[head.length() + file.length + tail.length()];
    System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, body, 0, head.length());
    System.arraycopy(file, 0, body, head.length(), file.length);
    System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, body, head.length() + file.length, tail.length());
    return body;
  }

  private static int postMultipart(String key) {
    byte[] body = multipartBody();
    try (RawHttp c = RawHttp.connect(api.port)) {
      String[] headers = key == null
          ? new String[] {"Content-Type: multipart/form-data; boundary=" + BOUNDARY, "Content-Length: " + body.length}
          : new String[] {"Content-Type: multipart/form-data; boundary=" + BOUNDARY, "Content-Length: " + body.length,
              "X-API-Key: " + key};
      c.head("POST", "/cpms/v1/api-keys", headers).writeQuietly(body);
      int status = c.status();
      c.untilClosed();
      return status;
    }
  }

  @Test
  void aMultipartPostWithoutAKeyIs401AndWritesNoFile() {
    Set<Path> before = files();
    assertEquals(401, postMultipart(null));
    assertEquals(before, files(), "an unauthenticated upload left a file");
  }

  @Test
  void aMultipartPostWithAKeyIs415AndWritesNoFile() {
    Set<Path> before = files();
    assertEquals(415, postMultipart(api.adminKey));
    assertEquals(before, files(), "an upload to a JSON endpoint left a file");
  }

  @Test
  void anUnknownKeyWithATwoMebibyteBodyIs401BeforeTheBodyIsSent() {
    try (RawHttp c = RawHttp.connect(api.port)) {
      // Only the head is sent: an answer can only come from the header.
      c.head("POST", "/cpms/v1/api-keys", "X-API-Key: pk_cpms_live_unknown", "Content-Type: application/json",
          "Content-Length: " + TWO_MIB);
      assertEquals(401, c.status());
      assertTrue(c.untilClosed().contains("\"unauthorized\""));
    }
  }

  @Test
  void aValidKeyWithATooLargeBodyIs413InTheErrorShape() {
    try (RawHttp c = RawHttp.connect(api.port)) {
      c.head("POST", "/cpms/v1/api-keys", "X-API-Key: " + api.adminKey, "Content-Type: application/json",
          "Content-Length: " + TWO_MIB);
      assertEquals(413, c.status());
      String rest = c.untilClosed();
      JsonObject error = new JsonObject(rest.substring(rest.indexOf('{')));
      assertEquals("payload_too_large", error.getString("error"));
      assertEquals(413, error.getInteger("status"));
    }
  }

  @Test
  void aRequestDeclaringAnEmptyBodyIsServed() {
    try (RawHttp c = RawHttp.connect(api.port)) {
      c.head("GET", "/cpms/v1/me", "X-API-Key: " + api.adminKey, "Content-Length: 0");
      assertEquals(200, c.status());
    }
  }

  @Test
  void aBodySentAfterTheKeyWasCheckedStillReachesTheEndpoint() throws InterruptedException {
    byte[] body = new JsonObject().put("name", "slow body").encode().getBytes(StandardCharsets.UTF_8);
    try (RawHttp c = RawHttp.connect(api.port)) {
      c.head("POST", "/cpms/v1/api-keys", "X-API-Key: " + api.adminKey, "Content-Type: application/json",
          "Content-Length: " + body.length);
      Thread.sleep(300);
      c.write(body);
      assertEquals(201, c.status());
      assertTrue(c.untilClosed().contains("slow body"));
    }
  }
}
