package io.voltgate.store.pg;

import static io.voltgate.store.EmbeddedPgLoop.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.EmbeddedPgLoop;
import io.voltgate.store.model.MeterSample;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MeterSampleWriter} against a real embedded Postgres: an append completes only once its
 * samples are committed (a table lock held by the test keeps it waiting), appends made during a
 * commit share the next one, a retried message is stored once, and a batch Postgres refuses or a
 * full writer fails the appends instead of losing what was acknowledged.
 */
@Timeout(60)
class MeterSampleWriterTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @RegisterExtension
  static final EmbeddedPgLoop db = new EmbeddedPgLoop();

  @Test
  void anAppendCompletesOnlyOnceItsSamplesAreCommittedAndAppendsDuringACommitShareTheNext() throws Exception {
    UUID charger = newCharger();
    MeterSampleWriter writer = new MeterSampleWriter(db.vertx(), db.pg(), 1000, 1000);
    SqlConnection lockHolder = await(db.pg().getConnection());
    Transaction lock = await(lockHolder.begin());
    List<Future<Void>> appended;
    try {
      await(lockHolder.query("LOCK TABLE meter_samples IN EXCLUSIVE MODE").execute());
      appended = db.onLoopValue(() -> {
        List<Future<Void>> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          out.add(writer.append(null, charger, 1, List.of(energy(T0.plusSeconds(i), 1000 + i), power(T0.plusSeconds(i)))));
        }
        return out;
      });
      Thread.sleep(1000);
      assertTrue(appended.stream().noneMatch(Future::isComplete), "nothing acknowledged while the rows cannot be written");
      assertEquals(8, db.onLoopValue(writer::depth));
      assertEquals(0, samples(charger));
    } finally {
      await(lock.rollback());
      await(lockHolder.close());
    }
    for (Future<Void> f : appended) {
      await(f);
    }
    assertEquals(8, samples(charger), "committed when the append completed");
    assertEquals(8, writer.written());
    assertEquals(0, writer.depth());
    // The first message went at once; the three that arrived during its commit went together.
    List<Long> transactions = new ArrayList<>();
    for (Row r : await(db.pg().preparedQuery("SELECT xmin::text::bigint FROM meter_samples WHERE charger_id = $1"
        + " ORDER BY sampled_at, measurand").execute(Tuple.of(charger)))) {
      transactions.add(r.getLong(0));
    }
    assertEquals(transactions.get(0), transactions.get(1));
    assertNotEquals(transactions.get(0), transactions.get(2));
    assertEquals(Set.of(transactions.get(2)), new HashSet<>(transactions.subList(2, 8)));
  }

  @Test
  void aRetriedMessageIsStoredOnce() throws Exception {
    UUID charger = newCharger();
    MeterSampleWriter writer = new MeterSampleWriter(db.vertx(), db.pg(), 1000, 1000);
    List<MeterSample> message = List.of(energy(T0, 1500), power(T0),
        new MeterSample(T0, "Current.Import", "L1", "Outlet", "Sample.Periodic", "A", new BigDecimal("16"), "16"));
    db.onLoop(() -> writer.append(null, charger, 1, message));
    db.onLoop(() -> writer.append(null, charger, 1, message));
    // The same reading inside a batch with new ones: the new ones are stored, the old one skipped.
    db.onLoop(() -> writer.append(null, charger, 1, List.of(energy(T0, 1500), energy(T0.plusSeconds(60), 1600))));
    assertEquals(4, samples(charger));
    // Another EVSE's reading at the same time is another reading.
    db.onLoop(() -> writer.append(null, charger, 2, List.of(energy(T0, 1500))));
    assertEquals(5, samples(charger));
  }

  @Test
  void aBatchPostgresRefusesFailsItsAppendsAndKeepsNothing() throws Exception {
    UUID charger = newCharger();
    MeterSampleWriter writer = new MeterSampleWriter(db.vertx(), db.pg(), 1000, 1000);
    String fn = "vg_test_refuse_" + UUID.randomUUID().toString().replace("-", "");
    sql("CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " RAISE EXCEPTION 'test: meter sample refused'; END $$");
    sql("CREATE TRIGGER " + fn + " BEFORE INSERT ON meter_samples FOR EACH ROW"
        + " WHEN (NEW.charger_id = '" + charger + "') EXECUTE FUNCTION " + fn + "()");
    try {
      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> db.onLoop(() -> writer.append(null, charger, 1, List.of(energy(T0, 1000)))));
      assertTrue(refused.getCause().getMessage().contains("meter sample refused"), refused.getCause().toString());
      assertEquals(0, writer.depth(), "a failed batch is not kept: its charger was not acknowledged and retries");
    } finally {
      sql("DROP TRIGGER " + fn + " ON meter_samples");
      sql("DROP FUNCTION " + fn + "()");
    }
    db.onLoop(() -> writer.append(null, charger, 1, List.of(energy(T0, 1000))));
    assertEquals(1, samples(charger));
  }

  @Test
  void aFullWriterRefusesAtOnce() throws Exception {
    UUID charger = newCharger();
    MeterSampleWriter writer = new MeterSampleWriter(db.vertx(), db.pg(), 1000, 3);
    SqlConnection lockHolder = await(db.pg().getConnection());
    Transaction lock = await(lockHolder.begin());
    Future<Void> first;
    Future<Void> second;
    try {
      await(lockHolder.query("LOCK TABLE meter_samples IN EXCLUSIVE MODE").execute());
      first = db.onLoopValue(() -> writer.append(null, charger, 1, List.of(energy(T0, 1), power(T0))));
      second = db.onLoopValue(() -> writer.append(null, charger, 1, List.of(energy(T0.plusSeconds(1), 2), power(T0.plusSeconds(1)))));
      assertTrue(second.failed(), "refused at once, not queued");
      assertInstanceOf(MeterSampleWriter.Full.class, second.cause());
      assertFalse(first.isComplete());
      assertEquals(2, writer.refused());
    } finally {
      await(lock.rollback());
      await(lockHolder.close());
    }
    await(first);
    assertEquals(2, samples(charger));
  }

  private static MeterSample energy(Instant at, long wh) {
    return new MeterSample(at, MeterSample.ENERGY_REGISTER, null, null, "Sample.Periodic", "Wh",
        BigDecimal.valueOf(wh), Long.toString(wh));
  }

  private static MeterSample power(Instant at) {
    return new MeterSample(at, "Power.Active.Import", null, null, "Sample.Periodic", "W", new BigDecimal("7400"), "7400");
  }

  private static long samples(UUID charger) throws Exception {
    return await(db.pg().preparedQuery("SELECT count(*) FROM meter_samples WHERE charger_id = $1")
        .execute(Tuple.of(charger))).iterator().next().getLong(0);
  }

  private static void sql(String statement) throws Exception {
    await(db.pg().query(statement).execute());
  }

  private static UUID newCharger() throws Exception {
    UUID network = UUID.randomUUID();
    UUID charger = UUID.randomUUID();
    await(db.pg().preparedQuery("INSERT INTO networks (id, name) VALUES ($1, $2)").execute(Tuple.of(network, "t " + network)));
    await(db.pg().preparedQuery("INSERT INTO chargers (id, network_id, charge_point_id) VALUES ($1, $2, $3)")
        .execute(Tuple.of(charger, network, "MSW-" + charger)));
    return charger;
  }
}
