package io.voltgate.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.voltgate.config.Settings;
import io.voltgate.store.BackendOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default run must not trade durability for speed: the embedded library starts Postgres with
 * {@code -F} (fsync off) and synchronous_commit off, which Voltgate overrides unless told otherwise.
 */
@Timeout(120)
class EmbeddedPostgresDurabilityTest {

  private static final String PASSWORD = EmbeddedCredentials.newPassword();

  @TempDir
  Path dir;

  @Test
  void defaultSettingsAskForADurableEmbeddedPostgres() {
    assertEquals(true, BackendOptions.from(Settings.of(Map.of())).embeddedPgDurable());
  }

  @Test
  void durableEmbeddedPostgresRunsWithFsyncAndSynchronousCommit() throws Exception {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("durable"), 0, true, PASSWORD)) {
      assertEquals("on", setting(pg, "fsync"));
      assertEquals("on", setting(pg, "synchronous_commit"));
      assertEquals("on", setting(pg, "full_page_writes"));
    }
  }

  @Test
  void testDatabasesMayOptOutOfFsync() throws Exception {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("fast"), 0, false, PASSWORD)) {
      assertEquals("off", setting(pg, "fsync"));
      assertEquals("off", setting(pg, "synchronous_commit"));
    }
  }

  private static String setting(EmbeddedPostgresServer pg, String name) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", PASSWORD);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
