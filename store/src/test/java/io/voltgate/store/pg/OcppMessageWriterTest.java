package io.voltgate.store.pg;

import static io.voltgate.store.EmbeddedPgLoop.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voltgate.store.EmbeddedPgLoop;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.LoggedFrame;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link OcppMessageWriter} against a real embedded Postgres: frames land in capture order, batched; a
 * full buffer sheds and counts instead of waiting; a batch Postgres refuses is shed too.
 */
@Timeout(60)
class OcppMessageWriterTest {

  private static final long NEVER = 3_600_000;

  @RegisterExtension
  static final EmbeddedPgLoop db = new EmbeddedPgLoop();

  @Test
  void framesLandInCaptureOrderAcrossBatches() throws Exception {
    UUID[] charger = newCharger();
    OcppMessageWriter writer = new OcppMessageWriter(db.vertx(), db.pg(), 7, 1000, NEVER);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<String> sent = new ArrayList<>();
    db.onLoop(() -> {
      for (int i = 0; i < 50; i++) {
        String id = "m" + i;
        sent.add(id);
        assertTrue(writer.append(frame(charger, t0.plusNanos(1000L * (i / 3)), id)));
      }
      return writer.flush();
    });
    List<String> stored = new ArrayList<>();
    for (Row r : await(db.pg().preparedQuery("SELECT message_id FROM ocpp_messages WHERE charger_id = $1"
        + " ORDER BY logged_at, id").execute(Tuple.of(charger[1])))) {
      stored.add(r.getString(0));
    }
    assertEquals(sent, stored);
    assertEquals(50, writer.written());
    assertEquals(0, writer.shed());
    assertEquals(0, writer.depth());
  }

  @Test
  void aFullBufferShedsAndCountsInsteadOfWaiting() throws Exception {
    UUID[] charger = newCharger();
    OcppMessageWriter writer = new OcppMessageWriter(db.vertx(), db.pg(), 1000, 10, NEVER);
    List<Boolean> accepted = db.onLoopValue(() -> {
      List<Boolean> out = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        out.add(writer.append(frame(charger, Instant.now(), "s" + i)));
      }
      return out;
    });
    assertEquals(10, accepted.stream().filter(a -> a).count());
    assertFalse(accepted.get(10));
    assertEquals(5, writer.shed());
    db.onLoop(writer::flush);
    assertEquals(10, await(db.pg().preparedQuery("SELECT count(*) FROM ocpp_messages WHERE charger_id = $1")
        .execute(Tuple.of(charger[1]))).iterator().next().getLong(0));
  }

  @Test
  void aBatchPostgresRefusesIsShedNotRetriedForever() throws Exception {
    UUID[] charger = newCharger();
    OcppMessageWriter writer = new OcppMessageWriter(db.vertx(), db.pg(), 1000, 1000, NEVER);
    // No partition holds this instant: Postgres refuses the whole batch.
    Instant past = Instant.parse("2001-01-01T00:00:00Z");
    db.onLoop(() -> {
      writer.append(frame(charger, past, "lost-1"));
      writer.append(frame(charger, past, "lost-2"));
      return writer.flush();
    });
    assertEquals(2, writer.shed());
    assertEquals(0, writer.written());
    assertEquals(0, writer.depth());
    db.onLoop(() -> {
      writer.append(frame(charger, Instant.now(), "kept"));
      return writer.flush();
    });
    assertEquals(1, writer.written());
  }

  @Test
  void aMissingPartitionOfTheseDaysIsCreatedAndTheBatchKept() throws Exception {
    UUID[] charger = newCharger();
    Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS);
    String partition = "ocpp_messages_d" + DateTimeFormatter.ofPattern("yyyyMMdd").format(tomorrow.atOffset(ZoneOffset.UTC));
    // As if the maintenance rounds that create partitions ahead had not run.
    await(db.pg().query("DROP TABLE IF EXISTS " + partition).execute());
    OcppMessageWriter writer = new OcppMessageWriter(db.vertx(), db.pg(), 1000, 1000, NEVER);
    db.onLoop(() -> {
      writer.append(frame(charger, tomorrow, "ahead-1"));
      writer.append(frame(charger, tomorrow, "ahead-2"));
      return writer.flush();
    });
    assertEquals(2, writer.written());
    assertEquals(0, writer.shed());
    assertEquals(2, await(db.pg().preparedQuery("SELECT count(*) FROM " + partition + " WHERE charger_id = $1")
        .execute(Tuple.of(charger[1]))).iterator().next().getLong(0));
  }

  private static LoggedFrame frame(UUID[] charger, Instant at, String messageId) {
    String text = "[2,\"" + messageId + "\",\"Heartbeat\",{}]";
    return new LoggedFrame(at, charger[0], charger[1], "OMW-" + charger[1], "node-test", "conn", "1.6", "in", "CALL",
        messageId, "Heartbeat", null, null, text.length(), text, false, false, null);
  }

  /** A network and a charger in it: {network, charger}. */
  private static UUID[] newCharger() throws Exception {
    UUID network = UUID.randomUUID();
    UUID charger = UUID.randomUUID();
    await(db.pg().preparedQuery("INSERT INTO networks (id, name) VALUES ($1, $2)").execute(Tuple.of(network, "t " + network)));
    await(db.pg().preparedQuery("INSERT INTO chargers (id, network_id, charge_point_id) VALUES ($1, $2, $3)")
        .execute(Tuple.of(charger, network, "OMW-" + charger)));
    return new UUID[] {network, charger};
  }
}
