package io.voltgate.store.pg;

import static io.voltgate.store.EmbeddedPgLoop.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.EmbeddedPgLoop;
import io.voltgate.store.model.BootInfo;
import io.voltgate.store.model.ConnectorStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ChargerStateWriter} against a real embedded Postgres: boots and statuses reach the
 * {@code chargers}, {@code connectors} and {@code status_history} tables in coalesced batches.
 * Every writer call runs on one event-loop context, as in the gateway.
 */
@Timeout(60)
class ChargerStateWriterTest {

  private static final long NEVER = 3_600_000;
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @RegisterExtension
  static final EmbeddedPgLoop db = new EmbeddedPgLoop();

  @Test
  void latestStatusWinsPerConnectorWhileHistoryKeepsEveryReport() throws Exception {
    UUID charger = newCharger();
    ChargerStateWriter writer = new ChargerStateWriter(db.vertx(), db.pg(), 1000, 1000, NEVER);

    db.onLoop(() -> {
      writer.status(charger, status(1, "Available", 0));
      writer.status(charger, status(1, "Preparing", 20));
      writer.status(charger, status(1, "Charging", 10)); // older than the one before: history only
      writer.status(charger, status(2, "Available", 5));
      writer.status(charger, status(0, "Available", 0)); // the whole charger: history only
      return writer.flush();
    });
    assertEquals("Preparing@20", connector(charger, 1));
    assertEquals("Available@5", connector(charger, 2));
    assertEquals(2, count("SELECT count(*) FROM connectors WHERE charger_id = $1", charger));

    db.onLoop(() -> {
      writer.status(charger, status(1, "Finishing", 15)); // older than what Postgres holds
      writer.status(charger, status(1, "SuspendedEV", 20)); // same timestamp as Postgres holds
      writer.status(charger, status(1, "SuspendedEVSE", 20)); // same timestamp, reported later: wins
      return writer.flush();
    });
    assertEquals("SuspendedEVSE@20", connector(charger, 1));

    db.onLoop(() -> {
      writer.status(charger, status(1, "Faulted", 18)); // older, arriving in a later batch
      return writer.flush();
    });
    assertEquals("SuspendedEVSE@20", connector(charger, 1));
    assertEquals(List.of("1 Available@0", "1 Preparing@20", "1 Charging@10", "2 Available@5", "0 Available@0",
        "1 Finishing@15", "1 SuspendedEV@20", "1 SuspendedEVSE@20", "1 Faulted@18"), history(charger));
    assertEquals(0, db.onLoopValue(writer::dropped));
  }

  @Test
  void bootInfoIsCoalescedPerCharger() throws Exception {
    UUID a = newCharger();
    UUID b = newCharger();
    ChargerStateWriter writer = new ChargerStateWriter(db.vertx(), db.pg(), 1000, 1000, NEVER);

    Instant firstBootAt = Instant.now();
    int depth = db.onLoopValue(() -> {
      writer.boot(a, boot("VendorA", "ModelA", "1.0", "PowerUp"));
      writer.boot(b, boot("VendorB", "ModelB", "7.1", "PowerUp"));
      writer.boot(a, new BootInfo("VendorA2", "ModelA2", "SN-2", "CB-2", "2.0", "ICCID-2", "IMSI-2", "MT-2",
          "MSN-2", "Triggered", "ocpp2.0.1"));
      return writer.depth();
    });
    assertEquals(2, depth, "two chargers, one entry each");
    Thread.sleep(300);
    Instant flushStartedAt = Instant.now();
    db.onLoop(writer::flush);

    Row ra = one("SELECT vendor, model, serial_number, charge_box_serial_number, firmware_version, iccid,"
        + " imsi, meter_type, meter_serial_number, last_boot_reason, ocpp_version, last_boot_at"
        + " FROM chargers WHERE id = $1", a);
    assertEquals(List.of("VendorA2", "ModelA2", "SN-2", "CB-2", "2.0", "ICCID-2", "IMSI-2", "MT-2", "MSN-2",
        "Triggered", "ocpp2.0.1"), strings(ra, 11));
    Instant bootedAt = ra.getOffsetDateTime("last_boot_at").toInstant();
    assertTrue(!bootedAt.isBefore(firstBootAt.minusMillis(1)) && bootedAt.isBefore(flushStartedAt),
        "last_boot_at is when the boot was received, not when it was flushed: " + bootedAt);
    Row rb = one("SELECT vendor, firmware_version FROM chargers WHERE id = $1", b);
    assertEquals(List.of("VendorB", "7.1"), strings(rb, 2));
    assertEquals(2, db.onLoopValue(writer::flushed));
  }

  @Test
  void flushWritesEverythingPendingBeforeCompleting() throws Exception {
    UUID charger = newCharger();
    ChargerStateWriter writer = new ChargerStateWriter(db.vertx(), db.pg(), 1000, 10_000, NEVER);

    db.onLoopValue(() -> {
      writer.boot(charger, boot("V", "M", "1.0", "PowerUp"));
      for (int i = 1; i <= 50; i++) {
        writer.status(charger, status(1 + i % 3, "S" + i, i));
      }
      return null;
    });
    Thread.sleep(300);
    assertEquals(0, count("SELECT count(*) FROM status_history WHERE charger_id = $1", charger),
        "nothing written before the timer or a flush");
    assertEquals(1 + 50 + 3, db.onLoopValue(writer::depth));
    assertTrue(db.onLoopValue(() -> writer.oldestPendingMillis(System.currentTimeMillis())) >= 300);

    // The second flush must also wait for the batch the first one put in flight.
    db.onLoop(() -> {
      writer.flush();
      writer.status(charger, status(1, "Last", 100));
      writer.boot(charger, boot("V2", "M2", "2.0", "Triggered"));
      return writer.flush();
    });
    assertEquals(51, count("SELECT count(*) FROM status_history WHERE charger_id = $1", charger));
    assertEquals("Last@100", connector(charger, 1));
    assertEquals("S50@50", connector(charger, 3));
    assertEquals(List.of("V2", "2.0"), strings(one("SELECT vendor, firmware_version FROM chargers WHERE id = $1",
        charger), 2));
    assertEquals(0, db.onLoopValue(writer::depth));
    assertEquals(54 + 3, db.onLoopValue(writer::flushed));
    assertEquals(0, db.onLoopValue(() -> writer.oldestPendingMillis(System.currentTimeMillis())));
  }

  @Test
  void reportsBeyondTheBoundAreDroppedAndCounted() throws Exception {
    UUID charger = newCharger();
    ChargerStateWriter writer = new ChargerStateWriter(db.vertx(), db.pg(), 1000, 5, NEVER);

    List<Boolean> accepted = db.onLoopValue(() -> List.of(
        writer.boot(charger, boot("V1", "M", "1.0", "PowerUp")), // 1 entry
        writer.status(charger, status(1, "Available", 1)), // history + connector: 3
        writer.status(charger, status(1, "Preparing", 2)), // history only, connector coalesced: 4
        writer.status(charger, status(2, "Available", 1)), // would need 2 more: refused
        writer.boot(charger, boot("V2", "M", "1.0", "PowerUp")), // replaces the waiting boot: still 4
        writer.status(charger, status(0, "Available", 1)), // whole charger, history only: 5
        writer.status(charger, status(1, "Charging", 3)))); // full: refused
    assertEquals(List.of(true, true, true, false, true, true, false), accepted);
    assertEquals(2, db.onLoopValue(writer::dropped));
    assertEquals(5, db.onLoopValue(writer::depth));

    db.onLoop(writer::flush);
    assertEquals(List.of("1 Available@1", "1 Preparing@2", "0 Available@1"), history(charger));
    assertEquals("Preparing@2", connector(charger, 1));
    assertEquals(0, count("SELECT count(*) FROM connectors WHERE charger_id = $1 AND evse_id = 2", charger));
    assertEquals("V2", one("SELECT vendor FROM chargers WHERE id = $1", charger).getString(0));
    assertTrue(db.onLoopValue(() -> writer.status(charger, status(2, "Available", 4))), "room again after a flush");
    assertEquals(2, db.onLoopValue(writer::dropped));
  }

  @Test
  void aFailedBatchIsRetriedWithoutLosingNewerStatuses() throws Exception {
    UUID charger = newCharger();
    String fn = "vg_test_refuse_" + UUID.randomUUID().toString().replace("-", "");
    sql("CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " RAISE EXCEPTION 'test: status history write refused'; END $$");
    sql("CREATE TRIGGER " + fn + " BEFORE INSERT ON status_history FOR EACH ROW"
        + " WHEN (NEW.charger_id = '" + charger + "') EXECUTE FUNCTION " + fn + "()");
    ChargerStateWriter writer = new ChargerStateWriter(db.vertx(), db.pg(), 1000, 1000, 50);
    try {
      ExecutionException failed = assertThrows(ExecutionException.class, () -> db.onLoop(() -> {
        writer.status(charger, status(1, "Charging", 10));
        writer.status(charger, status(2, "Preparing", 30));
        writer.boot(charger, boot("V1", "M1", "1.0", "PowerUp"));
        Future<Void> refused = writer.flush();
        // Queued while that batch is in flight; it fails and is merged back with these.
        writer.status(charger, status(1, "Finishing", 20)); // newer than the failed one: wins
        writer.status(charger, status(2, "Available", 25)); // older than the failed one: loses
        writer.boot(charger, boot("V2", "M2", "2.0", "Triggered")); // received later: wins
        return refused;
      }));
      assertInstanceOf(DatabaseException.class, failed.getCause());
      assertEquals(0, count("SELECT count(*) FROM connectors WHERE charger_id = $1", charger),
          "history, connectors and boot of one batch commit together or not at all");
      assertEquals(null, one("SELECT vendor FROM chargers WHERE id = $1", charger).getString(0));
      assertEquals(4 + 2 + 1, db.onLoopValue(writer::depth), "failed entries kept, coalesced with the newer ones");
    } finally {
      sql("DROP TRIGGER " + fn + " ON status_history");
      sql("DROP FUNCTION " + fn + "()");
    }

    long deadline = System.currentTimeMillis() + 15_000;
    while (db.onLoopValue(writer::depth) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, db.onLoopValue(writer::depth), "the retry timer wrote the kept batch");
    assertEquals("Finishing@20", connector(charger, 1));
    assertEquals("Preparing@30", connector(charger, 2));
    assertEquals(List.of("1 Charging@10", "2 Preparing@30", "1 Finishing@20", "2 Available@25"), history(charger));
    assertEquals("V2", one("SELECT vendor FROM chargers WHERE id = $1", charger).getString(0));
    assertEquals(0, db.onLoopValue(writer::dropped));
    assertEquals(7, db.onLoopValue(writer::flushed));
  }

  // ---------------------------------------------------------------------------------------------

  private static ConnectorStatus status(int evseId, String status, int secondsAfterT0) {
    return new ConnectorStatus(evseId, evseId == 0 ? 0 : 1, status, "NoError", null, null, null,
        T0.plusSeconds(secondsAfterT0));
  }

  private static BootInfo boot(String vendor, String model, String firmware, String reason) {
    return new BootInfo(vendor, model, null, null, firmware, null, null, null, null, reason, "ocpp1.6");
  }

  private static UUID newCharger() throws Exception {
    UUID network = UUID.randomUUID();
    UUID charger = UUID.randomUUID();
    await(db.pg().preparedQuery("INSERT INTO networks (id, name) VALUES ($1, $2)")
        .execute(Tuple.of(network, "test " + network)));
    await(db.pg().preparedQuery("INSERT INTO chargers (id, network_id, charge_point_id) VALUES ($1, $2, $3)")
        .execute(Tuple.of(charger, network, "CSW-" + charger)));
    return charger;
  }

  /** The connector row as {@code status@seconds-after-T0}. */
  private static String connector(UUID charger, int evseId) throws Exception {
    Row r = one("SELECT status, status_at FROM connectors WHERE charger_id = $1 AND evse_id = $2"
        + " AND connector_id = 1 AND deleted_at IS NULL", charger, evseId);
    return r.getString("status") + "@" + seconds(r.getOffsetDateTime("status_at").toInstant());
  }

  /** Status history in insertion order as {@code evse status@seconds-after-T0}. */
  private static List<String> history(UUID charger) throws Exception {
    List<String> out = new ArrayList<>();
    for (Row r : await(db.pg().preparedQuery("SELECT evse_id, status, reported_at FROM status_history"
        + " WHERE charger_id = $1 ORDER BY id").execute(Tuple.of(charger)))) {
      out.add(r.getInteger("evse_id") + " " + r.getString("status") + "@"
          + seconds(r.getOffsetDateTime("reported_at").toInstant()));
    }
    return out;
  }

  private static long seconds(Instant at) {
    return at.getEpochSecond() - T0.getEpochSecond();
  }

  private static Row one(String sql, Object... args) throws Exception {
    var rows = await(db.pg().preparedQuery(sql).execute(Tuple.from(args)));
    assertEquals(1, rows.size(), sql);
    return rows.iterator().next();
  }

  private static long count(String sql, Object... args) throws Exception {
    return one(sql, args).getLong(0);
  }

  private static List<String> strings(Row r, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(r.getString(i));
    }
    return out;
  }

  private static void sql(String statement) throws Exception {
    await(db.pg().query(statement).execute());
  }
}
