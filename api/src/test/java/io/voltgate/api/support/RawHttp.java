package io.voltgate.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what a regular client hides: a fresh connection per request,
 * a declared body that is sent late or never, a stream read until the server ends it.
 */
public final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RawHttp(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(15_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** A new connection to the port. */
  public static RawHttp connect(int port) {
    try {
      return new RawHttp(port);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends a request head ({@code Connection: close} added); {@code headers} are "Name: value" lines. */
  public RawHttp head(String method, String path, String... headers) {
    StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    b.append("Connection: close\r\n\r\n");
    return write(b.toString().getBytes(StandardCharsets.US_ASCII));
  }

  public RawHttp write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes, ignoring a connection the server has already closed (it may answer before reading). */
  public RawHttp writeQuietly(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException ignored) {
      // The answer is what the test reads.
    }
    return this;
  }

  /** The status code of the response (reads its first line). */
  public int status() {
    String line = readLine();
    String[] parts = line.split(" ");
    if (parts.length < 2) {
      throw new IllegalStateException("not an HTTP status line: " + line);
    }
    return Integer.parseInt(parts[1]);
  }

  /** Everything the server sends until it closes the connection (fails if it does not within the timeout). */
  public String untilClosed() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        all.write(buf, 0, n);
      }
      return all.toString(StandardCharsets.UTF_8);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open; received so far: " + all.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // A reset after the answer still leaves what was read.
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  private String readLine() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          line.write(c);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One request without a body on a fresh connection; answers the status. */
  public static int status(int port, String method, String path, String key) {
    try (RawHttp c = connect(port)) {
      return key == null ? c.head(method, path).status() : c.head(method, path, "X-API-Key: " + key).status();
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
