package io.voltgate.store.events;

import static io.voltgate.store.EmbeddedPgLoop.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.voltgate.store.EmbeddedPgLoop;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.PublishedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EventSpool} and {@link EventSpoolWriter} against a real embedded Postgres: events come back
 * in the order they were spooled, with their own id and timestamp, and leave the spool only after the
 * publisher succeeded; one drainer at a time; a full writer drops and counts.
 */
@Timeout(60)
class EventSpoolTest {

  private static final long NEVER = 3_600_000;

  @RegisterExtension
  static final EmbeddedPgLoop db = new EmbeddedPgLoop();

  @BeforeEach
  void emptySpool() throws Exception {
    await(db.pg().query("DELETE FROM event_spool").execute());
  }

  @Test
  void spooledEventsComeBackInOrderAndLeaveOnlyAfterThePublisherSucceeded() throws Exception {
    EventSpool spool = new EventSpool(db.pg());
    EventSpoolWriter writer = new EventSpoolWriter(db.vertx(), spool, EventSpoolMetrics.NOOP, "n1", 7, 1000, NEVER, NEVER);
    List<PublishedEvent> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(event(i));
    }
    db.onLoop(() -> {
      sent.forEach(writer::accept);
      return writer.flush();
    });
    assertEquals(50, writer.spooled());
    assertEquals(50L, await(spool.depth()));

    int refused = await(spool.drain(20, events -> Future.failedFuture("Redis down")).recover(e -> Future.succeededFuture(-1)));
    assertEquals(-1, refused);
    assertEquals(50L, await(spool.depth()), "nothing leaves the spool when the publisher fails");

    List<PublishedEvent> published = new ArrayList<>();
    int n;
    do {
      n = await(spool.drain(20, events -> {
        published.addAll(events);
        return Future.succeededFuture();
      }));
    } while (n > 0);
    assertEquals(sent, published, "same events, same ids and timestamps, spool order");
    assertEquals(0L, await(spool.depth()));
    assertTrue(!await(spool.any()));
  }

  @Test
  void whileOneNodeDrainsAnotherTakesNothing() throws Exception {
    EventSpool spool = new EventSpool(db.pg());
    await(spool.append(List.of(event(1), event(2), event(3)), "n1"));
    Promise<Void> held = Promise.promise();
    CompletableFuture<Void> taken = new CompletableFuture<>();
    Future<Integer> first = spool.drain(10, events -> {
      taken.complete(null);
      return held.future();
    });
    taken.get(20, TimeUnit.SECONDS);
    assertEquals(0, await(new EventSpool(db.pg()).drain(10, events -> Future.succeededFuture())),
        "a second drainer takes nothing while the first holds the spool");
    held.complete();
    assertEquals(3, await(first));
    assertEquals(0L, await(spool.depth()));
  }

  @Test
  void anEventSpooledTwiceIsKeptOnce() throws Exception {
    EventSpool spool = new EventSpool(db.pg());
    PublishedEvent e = event(7);
    await(spool.append(List.of(e), "n1"));
    await(spool.append(List.of(e, event(8)), "n1"));
    assertEquals(2L, await(spool.depth()));
  }

  @Test
  void aFullWriterDropsAndCountsWhatPostgresCannotTake() throws Exception {
    Pool closed = PgClients.ownPool(db.vertx(), db.pgUrl(), 1, 1);
    await(closed.close());
    EventSpoolWriter writer = new EventSpoolWriter(db.vertx(), new EventSpool(closed), EventSpoolMetrics.NOOP, "n1", 10, 10,
        NEVER, NEVER);
    db.onLoop(() -> {
      for (int i = 0; i < 15; i++) {
        writer.accept(event(i));
      }
      return Future.succeededFuture();
    });
    assertEquals(5, (long) db.onLoopValue(writer::dropped), "beyond the bound, events are dropped at once");
    db.onLoop(writer::flush);
    assertEquals(15, writer.dropped(), "what Postgres refused at the last flush is dropped and counted");
    assertEquals(0, writer.spooled());
  }

  private static PublishedEvent event(int i) {
    return new PublishedEvent(UUID.randomUUID(), "connector.status", i % 2 == 0 ? UUID.randomUUID() : null,
        i % 3 == 0 ? "" : "CP-" + i, "2026-12-06T10:00:00.123456789Z", "{\"n\":" + i + "}");
  }
}
