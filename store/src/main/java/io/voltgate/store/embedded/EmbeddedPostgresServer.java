package io.voltgate.store.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres started from the binaries that zonky ships on Maven Central. Data live in a directory we
 * keep (never cleaned), so they survive restarts. Every connection, over TCP or the Unix socket,
 * needs the superuser's password (SCRAM): the library itself would initialise with {@code trust}.
 * A data directory made before passwords existed is converted at its first start here. Blocking:
 * call from a non-event-loop thread.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  static final String SUPERUSER = "postgres";
  /** Written over pg_hba.conf at every start, so no line can let a local user in without the password. */
  private static final List<String> PASSWORD_ONLY_HBA = List.of(
      "# Written by Voltgate at each start: every connection needs the password kept in credentials.properties.",
      "local all all scram-sha-256",
      "host all all 127.0.0.1/32 scram-sha-256",
      "host all all ::1/128 scram-sha-256");

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /**
   * Starts Postgres on 127.0.0.1.
   *
   * @param dataDirectory kept across restarts; created when missing
   * @param port 0 for a free port
   * @param durable fsync and synchronous_commit on; the library's own defaults (fsync off via
   *     {@code -F}, synchronous_commit off) are for throw-away test databases
   * @param password the superuser's password (set at initdb, or on a data directory that has none)
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable, String password) {
    Path pwFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".initpw");
    try {
      Files.createDirectories(dataDirectory);
      boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
      // A directory initialised before passwords existed trusts every local user: it starts once
      // more with that pg_hba.conf, gets the password, then the password-only file (below).
      boolean trusting = !fresh && trusts(dataDirectory.resolve("pg_hba.conf"));
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "300")
          // Later command-line settings override earlier ones, so these win over the library's -F.
          .setServerConfig("fsync", durable ? "on" : "off")
          .setServerConfig("synchronous_commit", durable ? "on" : "off")
          .setServerConfig("full_page_writes", durable ? "on" : "off")
          .setServerConfig("password_encryption", "scram-sha-256")
          // The library checks readiness with a JDBC connection of its own.
          .setConnectConfig("password", password)
          .setPGStartupWait(Duration.ofSeconds(60));
      if (fresh) {
        // initdb's own options (after the library's "-A trust", so these win): the password from
        // a short-lived owner-only file, SCRAM for every connection from the first start.
        Files.deleteIfExists(pwFile);
        Files.createFile(pwFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pwFile, password + "\n");
        builder.setLocaleConfig("auth-local", "scram-sha-256")
            .setLocaleConfig("auth-host", "scram-sha-256")
            .setLocaleConfig("pwfile", pwFile.toAbsolutePath().toString());
      }
      if (!trusting) {
        builder.setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()));
      }
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres pg = builder.start();
      if (trusting) {
        setPassword(pg, password);
        writeHba(dataDirectory);
        reload(pg);
        LOG.warn("embedded Postgres data directory {} trusted local connections; its superuser now has the"
            + " password in credentials.properties and pg_hba.conf asks for it", dataDirectory.toAbsolutePath());
      }
      LOG.info("embedded Postgres started url=postgresql://{}@127.0.0.1:{}/postgres data={} durable={}"
          + " (password in credentials.properties)", SUPERUSER, pg.getPort(), dataDirectory.toAbsolutePath(), durable);
      return new EmbeddedPostgresServer(pg, password);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("embedded Postgres failed to start: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(pwFile);
      } catch (IOException e) {
        LOG.warn("could not delete {}: {}", pwFile, e.getMessage());
      }
    }
  }

  /** True when a non-comment line of pg_hba.conf uses {@code trust}. */
  static boolean trusts(Path hba) throws IOException {
    if (!Files.exists(hba)) {
      return false;
    }
    for (String line : Files.readAllLines(hba)) {
      String l = line.strip();
      if (!l.startsWith("#") && l.matches(".*\\btrust\\b.*")) {
        return true;
      }
    }
    return false;
  }

  private static void writeHba(Path dataDirectory) {
    try {
      Files.write(dataDirectory.resolve("pg_hba.conf"), PASSWORD_ONLY_HBA);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDirectory, e);
    }
  }

  private static void setPassword(EmbeddedPostgres pg, String password) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      // The password is 32 hex characters (EmbeddedCredentials), so it is safe as a literal here.
      st.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
    }
  }

  private static void reload(EmbeddedPostgres pg) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_reload_conf()");
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** Connection URI with the password, in the form vertx-pg-client and Flyway understand. */
  public String url() {
    return "postgresql://" + SUPERUSER + ":" + password + "@127.0.0.1:" + port() + "/postgres";
  }

  /** The URI without the password, for logs. */
  public String urlWithoutPassword() {
    return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port() + "/postgres";
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
