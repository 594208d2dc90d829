package io.voltgate.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The redis-server binary shipped inside the embedded-redis artifact. Redis holds only live state
 * that chargers rebuild when they reconnect, so it runs without persistence. It asks every client
 * for a password ({@code requirepass}); the library passes settings in an owner-only temporary file,
 * never on the command line.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

  private final RedisServer server;
  private final int port;
  private final String password;

  private EmbeddedRedisServer(RedisServer server, int port, String password) {
    this.server = server;
    this.port = port;
    this.password = password;
  }

  /**
   * Starts redis-server on 127.0.0.1; {@code port} 0 picks a free one. Blocking.
   *
   * @param password required from every client (hex, see EmbeddedCredentials)
   */
  public static EmbeddedRedisServer start(int port, String password) {
    int actual = port > 0 ? port : freeLoopbackPort();
    try {
      RedisServer server = RedisServer.newRedisServer()
          .port(actual)
          .bind("127.0.0.1")
          .setting("save \"\"")
          .setting("appendonly no")
          .setting("maxclients 10000")
          .setting("protected-mode yes")
          .setting("requirepass " + password)
          .onShutdownForceStop(true)
          .build();
      server.start();
      LOG.info("embedded Redis started url=redis://127.0.0.1:{} (password in credentials.properties)", actual);
      return new EmbeddedRedisServer(server, actual, password);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis failed to start on port " + actual, e);
    }
  }

  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Connection URI with the password, as vertx-redis-client takes it. */
  public String url() {
    return "redis://:" + password + "@127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
      LOG.info("embedded Redis stopped");
    } catch (IOException e) {
      LOG.warn("embedded Redis did not stop cleanly: {}", e.getMessage());
    }
  }
}
