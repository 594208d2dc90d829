package io.voltgate.store.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.voltgate.store.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * V6 makes the firmware catalog per network (existing charger models that only one network's rows
 * use become that network's own, the others stay global, and versions are unique per network) and
 * turns recorded webhook errors into outcome classes.
 */
@Timeout(120)
class V6MigrationTest {

  @TempDir
  Path dir;

  private static final String PASSWORD = UUID.randomUUID().toString();
  private static final UUID A = UUID.randomUUID();
  private static final UUID B = UUID.randomUUID();

  @Test
  void modelsOnlyOneNetworkUsesBecomeItsOwnAndVersionsAreUniquePerNetwork() throws Exception {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, false, PASSWORD);
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", PASSWORD);
        Statement st = c.createStatement()) {
      flyway(pg, "5").migrate();
      st.execute("INSERT INTO networks (id, name) VALUES ('" + A + "', 'A'), ('" + B + "', 'B')");
      UUID onlyA = model(st, "OnlyA");
      UUID chargerOfB = model(st, "ChargerOfB");
      UUID shared = model(st, "Shared");
      UUID global = model(st, "Global");
      UUID unused = model(st, "Unused");
      image(st, A, onlyA, "OnlyA", "1");
      image(st, A, shared, "Shared", "1");
      // Before V6 the catalog was unique across networks, so B's entry has another version.
      image(st, B, shared, "Shared", "2");
      image(st, null, global, "Global", "1");
      image(st, A, global, "Global", "2");
      st.execute("INSERT INTO chargers (id, network_id, charge_point_id, model_id) VALUES ('" + UUID.randomUUID() + "', '"
          + B + "', 'CP-MIG', '" + chargerOfB + "')");

      flyway(pg, "6").migrate();

      assertEquals(A.toString(), owner(st, onlyA));
      assertEquals(B.toString(), owner(st, chargerOfB));
      assertNull(owner(st, shared), "used by two networks: stays global");
      assertNull(owner(st, global), "has a global image: stays global");
      assertNull(owner(st, unused));
      image(st, B, onlyA, "OnlyA", "1");
      assertDuplicate(() -> image(st, B, onlyA, "OnlyA", "1"));
      assertDuplicate(() -> image(st, null, global, "Global", "1"));
      st.execute("INSERT INTO charger_models (id, vendor, model, network_id) VALUES ('" + UUID.randomUUID() + "', 'V', 'onlya', '" + B + "')");
    }
  }

  @Test
  void webhookAttemptsRecordedBeforeKeepAnOutcomeClassNotTheNetworkError() throws Exception {
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, false, PASSWORD);
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", PASSWORD);
        Statement st = c.createStatement()) {
      flyway(pg, "5").migrate();
      st.execute("INSERT INTO networks (id, name) VALUES ('" + A + "', 'A')");
      UUID subscription = UUID.randomUUID();
      st.execute("INSERT INTO webhook_subscriptions (id, network_id, url, events, secret_encrypted) VALUES ('" + subscription
          + "', '" + A + "', 'https://hooks.example.com/', '{*}', 'x')");
      delivery(st, subscription, "Connection refused: /10.0.0.7:8080");
      delivery(st, subscription, "HTTP 503");
      delivery(st, subscription, null);

      flyway(pg, "6").migrate();

      try (ResultSet rs = st.executeQuery("SELECT string_agg(COALESCE(last_error, '-'), ',' ORDER BY event_id)"
          + " FROM webhook_deliveries")) {
        rs.next();
        assertEquals("network_error,http_5xx,-", rs.getString(1));
      }
    }
  }

  private static Flyway flyway(EmbeddedPostgresServer pg, String target) {
    return Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", PASSWORD)
        .locations("classpath:db/migration").target(target).load();
  }

  private static UUID model(Statement st, String name) throws SQLException {
    UUID id = UUID.randomUUID();
    st.execute("INSERT INTO charger_models (id, vendor, model) VALUES ('" + id + "', 'V', '" + name + "')");
    return id;
  }

  private static void image(Statement st, UUID network, UUID model, String name, String version) throws SQLException {
    st.execute("INSERT INTO firmware_images (id, network_id, model_id, vendor, model, version, location_url) VALUES ('"
        + UUID.randomUUID() + "', " + (network == null ? "NULL" : "'" + network + "'") + ", '" + model + "', 'V', '" + name
        + "', '" + version + "', 'https://x.example.com/f.bin')");
  }

  private int deliveries;

  private void delivery(Statement st, UUID subscription, String lastError) throws SQLException {
    st.execute("INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, payload, last_error) VALUES ('"
        + UUID.randomUUID() + "', '" + subscription + "', 'e" + (deliveries++) + "', 'charger.online', '{}', "
        + (lastError == null ? "NULL" : "'" + lastError + "'") + ")");
  }

  private static String owner(Statement st, UUID model) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT network_id FROM charger_models WHERE id = '" + model + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  interface Sql {
    void run() throws SQLException;
  }

  private static void assertDuplicate(Sql sql) {
    try {
      sql.run();
      throw new AssertionError("no unique violation");
    } catch (SQLException e) {
      assertEquals("23505", e.getSQLState());
    }
  }
}
