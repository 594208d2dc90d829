package io.voltgate.perf.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voltgate.perf.PerfGateway;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests the HTTP fuzzer (perf/fuzz http) found mishandled, kept as regression cases (raw sockets, exact bytes). */
class FuzzFindingsTest {

  private static String exchange(String request) throws Exception {
    PerfGateway.Running gw = PerfGateway.get();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.httpPort())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          got.write(buf, 0, n);
          if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        return "TIMEOUT after " + got.toString(StandardCharsets.ISO_8859_1);
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** Was: Vert.x Web's path matching (or Netty's query decoder) threw and the request was never answered (the connection hung). */
  @Test
  @Timeout(30)
  void aPathWithABrokenPercentEscapeIsAnswered() throws Exception {
    for (String path : new String[] {"/cpms/v1/tariffs/%", "/cpms/v1/tariffs/%zz", "/cpms/v1/%zz/x",
        "/cpms/v1/tariffs?limit=%zz", "/cpms/v1/chargers?cursor=%", "/cpms/v1/chargers?x=%4"}) {
      String res = exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + PerfGateway.API_KEY
          + "\r\nConnection: close\r\n\r\n");
      assertTrue(res.startsWith("HTTP/1.1 400"), path + " -> " + res);
    }
  }

  /**
   * A request line with spaces inside the URL is not HTTP: the decoder refuses it and the connection
   * is closed at once (observed: an HTTP/1.0 400 and the close), never left hanging.
   */
  @Test
  @Timeout(30)
  void aRequestLineWithSpacesInTheUrlIsRefusedAtOnce() throws Exception {
    String res = exchange("GET /cpms/v1/tariffs?limit=' OR 1=1 --&x=null HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
        + PerfGateway.API_KEY + "\r\nConnection: close\r\n\r\n");
    assertTrue(res.isEmpty() || res.matches("(?s)HTTP/1\\.[01] 400 .*"), res);
  }

  /** Was a 500 (Netty's TooLongFormFieldException from the body handler's form decoding). */
  @Test
  @Timeout(30)
  void aFormEncodedBodyWithAHugeFieldIsRefusedWithoutA500() throws Exception {
    String body = "type=" + "x".repeat(20_000);
    String res = exchange("POST /cpms/v1/chargers/" + java.util.UUID.randomUUID() + "/firmware/update HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nX-API-Key: " + PerfGateway.API_KEY + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    assertTrue(res.matches("(?s)HTTP/1\\.1 4\\d\\d .*"), res);
  }

  /** Were 500s: a form content type on a GET, and a form body with a broken %-escape (the body handler threw). */
  @Test
  @Timeout(30)
  void formBodiesAreRefusedWith415() throws Exception {
    String get = exchange("GET /cpms/v1/tariffs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + PerfGateway.API_KEY
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\nConnection: close\r\n\r\na=b&c=d");
    assertTrue(get.startsWith("HTTP/1.1 415"), get);
    String body = "url=%zz&x=%";
    String post = exchange("POST /cpms/v1/chargers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + PerfGateway.API_KEY
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
        + "\r\nConnection: close\r\n\r\n" + body);
    assertTrue(post.startsWith("HTTP/1.1 415"), post);
  }
}
