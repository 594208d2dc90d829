package io.voltgate.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgConnectOptions;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded Postgres and Redis let in only clients that know the generated passwords, which are kept
 * in an owner-only file of the data directory and reused after a restart.
 */
@Timeout(180)
class EmbeddedCredentialsTest {

  @TempDir
  Path dir;

  private Backends start() {
    return Backends.start(new BackendOptions(Optional.empty(), Optional.empty(), dir, 0, 0, 4, 2, 1000, false));
  }

  @Test
  void credentialsFileIsReadableByItsOwnerOnlyInsideAPrivateDataDirectory() throws Exception {
    try (Backends ignored = start()) {
      Path file = dir.resolve(EmbeddedCredentials.FILE_NAME);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("postgres"))));
    }
  }

  @Test
  void postgresRefusesConnectionsWithoutOrWithAWrongPassword() throws Exception {
    try (Backends backends = start()) {
      PgConnectOptions o = PgConnectOptions.fromUri(backends.pgUrl());
      String jdbc = "jdbc:postgresql://127.0.0.1:" + o.getPort() + "/postgres";
      assertThrows(SQLException.class, () -> DriverManager.getConnection(jdbc, "postgres", "").close());
      assertThrows(SQLException.class, () -> DriverManager.getConnection(jdbc, "postgres", "wrong").close());
      try (Connection c = DriverManager.getConnection(jdbc, "postgres", o.getPassword())) {
        assertTrue(c.isValid(2));
      }
    }
  }

  @Test
  void redisRefusesClientsWithoutOrWithAWrongPassword() throws Exception {
    try (Backends backends = start()) {
      URI redis = URI.create(backends.redisUrl());
      String password = redis.getUserInfo().substring(1);
      assertTrue(redisSays(redis.getPort(), "PING").startsWith("-NOAUTH"));
      assertTrue(redisSays(redis.getPort(), "AUTH wrong").startsWith("-WRONGPASS"));
      assertEquals("+OK", redisSays(redis.getPort(), "AUTH " + password));
    }
  }

  @Test
  void aRestartOnTheSameDataDirectoryReusesTheCredentials() throws Exception {
    String firstPg;
    String firstRedis;
    try (Backends first = start()) {
      firstPg = PgConnectOptions.fromUri(first.pgUrl()).getPassword();
      firstRedis = URI.create(first.redisUrl()).getUserInfo();
    }
    try (Backends second = start()) {
      assertEquals(firstPg, PgConnectOptions.fromUri(second.pgUrl()).getPassword());
      assertEquals(firstRedis, URI.create(second.redisUrl()).getUserInfo());
      assertNotEquals(firstPg, firstRedis.substring(1), "two independent passwords");
    }
  }

  @Test
  void aDataDirectoryFromBeforePasswordsGetsThePasswordAtItsFirstStart() throws Exception {
    Path data = dir.resolve("postgres");
    // What earlier versions left behind: the library's own initdb with trust for everyone.
    EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start().close();
    assertTrue(EmbeddedPostgresServer.trusts(data.resolve("pg_hba.conf")));

    try (Backends backends = start()) {
      PgConnectOptions o = PgConnectOptions.fromUri(backends.pgUrl());
      String jdbc = "jdbc:postgresql://127.0.0.1:" + o.getPort() + "/postgres";
      assertThrows(SQLException.class, () -> DriverManager.getConnection(jdbc, "postgres", "").close());
      try (Connection c = DriverManager.getConnection(jdbc, "postgres", o.getPassword())) {
        assertTrue(c.isValid(2));
      }
      assertFalse(EmbeddedPostgresServer.trusts(data.resolve("pg_hba.conf")));
    }
  }

  /** One command over a fresh connection and the first line of the answer. */
  private static String redisSays(int port, String command) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
  }
}
