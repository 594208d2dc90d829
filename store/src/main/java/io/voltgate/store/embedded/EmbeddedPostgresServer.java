package io.voltgate.store.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres started from the binaries that zonky ships on Maven Central. Data live in a directory we
 * keep (never cleaned), so they survive restarts. Blocking: call from a non-event-loop thread.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts Postgres on 127.0.0.1.
   *
   * @param dataDirectory kept across restarts; created when missing
   * @param port 0 for a free port
   * @param durable fsync and synchronous_commit on; the library's own defaults (fsync off via
   *     {@code -F}, synchronous_commit off) are for throw-away test databases
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "300")
          // Later command-line settings override earlier ones, so these win over the library's -F.
          .setServerConfig("fsync", durable ? "on" : "off")
          .setServerConfig("synchronous_commit", durable ? "on" : "off")
          .setServerConfig("full_page_writes", durable ? "on" : "off")
          .setPGStartupWait(Duration.ofSeconds(60));
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres pg = builder.start();
      LOG.info("embedded Postgres started url=postgresql://postgres@127.0.0.1:{}/postgres data={} durable={}",
          pg.getPort(), dataDirectory.toAbsolutePath(), durable);
      return new EmbeddedPostgresServer(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Postgres failed to start", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** Connection URI in the form vertx-pg-client and humans understand. */
  public String url() {
    return "postgresql://postgres@127.0.0.1:" + port() + "/postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("embedded Postgres stopped");
    } catch (IOException e) {
      LOG.warn("embedded Postgres did not stop cleanly: {}", e.getMessage());
    }
  }
}
