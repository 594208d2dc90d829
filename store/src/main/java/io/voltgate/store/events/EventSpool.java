package io.voltgate.store.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.redis.PublishedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The event spool in Postgres ({@code event_spool}, V28): events the Redis stream could not take, kept
 * in the order they were spooled until {@link #drain} hands them to a publisher that appends them to the
 * stream. Safe to use from several nodes sharing the database: a drain takes a transaction-scoped
 * advisory lock that the others only try (so one node republishes at a time, in spool order, and no two
 * nodes republish the same rows), and deletes what it took only after the publisher succeeded, in the
 * same transaction.
 */
public final class EventSpool {

  // Any constant unique to this use; pg_try_advisory_xact_lock takes a bigint.
  private static final long DRAIN_LOCK = 0x7667_4556_5350_4F4CL;

  private static final String INSERT = "INSERT INTO event_spool (event_id, event_type, network_id, charge_point_id,"
      + " ts, data, node)"
      + " SELECT e, t, n, c, ts, d, $7 FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[],"
      + " $6::text[]) WITH ORDINALITY AS u(e, t, n, c, ts, d, ord) ORDER BY ord"
      + " ON CONFLICT (event_id) DO NOTHING";
  private static final String OLDEST = "SELECT seq, event_id, event_type, network_id, charge_point_id, ts, data"
      + " FROM event_spool ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED";
  private static final String DELETE = "DELETE FROM event_spool WHERE seq = ANY($1)";

  private final Pool pg;

  public EventSpool(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * Appends events in their order, one multi-row statement; an event id already spooled is skipped.
   * Completes when committed; fails when Postgres refused (nothing of the batch is spooled).
   *
   * @param node the spooling node (for operators reading the table)
   */
  public Future<Void> append(List<PublishedEvent> events, String node) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = events.size();
    UUID[] ids = new UUID[n];
    String[] types = new String[n];
    UUID[] networks = new UUID[n];
    String[] cps = new String[n];
    String[] ts = new String[n];
    String[] data = new String[n];
    for (int i = 0; i < n; i++) {
      PublishedEvent e = events.get(i);
      ids[i] = e.id();
      types[i] = e.type();
      networks[i] = e.networkId();
      cps[i] = e.chargePointId();
      ts[i] = e.timestamp();
      data[i] = e.data();
    }
    return pg.preparedQuery(INSERT).execute(Tuple.from(new Object[] {ids, types, networks, cps, ts, data, node}))
        .mapEmpty();
  }

  /**
   * Takes up to {@code limit} of the oldest spooled events, hands them in spool order to
   * {@code publish}, and deletes them once its future succeeded, in one transaction. When
   * {@code publish} fails, or another node is draining, nothing is deleted.
   *
   * @return the number of events published and deleted (0: none spooled, or another node drains)
   */
  public Future<Integer> drain(int limit, Function<List<PublishedEvent>, Future<Void>> publish) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS got")
        .execute(Tuple.of(DRAIN_LOCK))
        .compose(locked -> {
          if (!locked.iterator().next().getBoolean("got")) {
            return Future.succeededFuture(0);
          }
          return conn.preparedQuery(OLDEST).execute(Tuple.of(limit)).compose(rows -> {
            if (rows.size() == 0) {
              return Future.succeededFuture(0);
            }
            List<PublishedEvent> events = new ArrayList<>(rows.size());
            Long[] seqs = new Long[rows.size()];
            int i = 0;
            for (Row r : rows) {
              seqs[i++] = r.getLong("seq");
              events.add(new PublishedEvent(r.getUUID("event_id"), r.getString("event_type"), r.getUUID("network_id"),
                  r.getString("charge_point_id"), r.getString("ts"), r.getString("data")));
            }
            return publish.apply(events)
                .compose(v -> conn.preparedQuery(DELETE).execute(Tuple.of(seqs)))
                .map(deleted -> events.size());
          });
        }));
  }

  /** Whether any event is spooled (one cheap look, no lock). */
  public Future<Boolean> any() {
    return pg.query("SELECT EXISTS (SELECT 1 FROM event_spool) AS any").execute()
        .map(rows -> rows.iterator().next().getBoolean("any"));
  }

  /** Events spooled now, every node's. */
  public Future<Long> depth() {
    return pg.query("SELECT count(*) AS n FROM event_spool").execute()
        .map(rows -> rows.iterator().next().getLong("n"));
  }
}
