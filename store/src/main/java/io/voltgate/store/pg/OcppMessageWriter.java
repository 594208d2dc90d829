package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import io.voltgate.store.model.LoggedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends logged OCPP frames ({@code ocpp_messages}) in batches, off the frame path: one multi-row
 * INSERT (via unnest) per flush, every {@code flushMillis} or when {@code batchSize} entries wait, one
 * batch in flight at a time (so a charger's rows get ascending ids in the order they were captured).
 * Bounded: beyond {@code maxPending} entries new ones are shed and counted, never waited for; a batch
 * Postgres refuses is shed too (a log is not worth a retry loop that could grow without bound). Use
 * from one event loop (one writer per gateway verticle).
 */
public final class OcppMessageWriter {

  private static final Logger LOG = LoggerFactory.getLogger(OcppMessageWriter.class);
  private static final String INSERT = "INSERT INTO ocpp_messages (logged_at, network_id, charger_id, charge_point_id,"
      + " node, connection_id, ocpp_version, direction, message_type, message_id, action, error_code, refusal,"
      + " payload_bytes, frame, truncated, redacted, latency_us)"
      + " SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],"
      + " $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[],"
      + " $15::text[], $16::bool[], $17::bool[], $18::bigint[])";

  private final Vertx vertx;
  private final Pool pg;
  private final int batchSize;
  private final int maxPending;
  private final long flushMillis;
  private List<LoggedFrame> pending = new ArrayList<>();
  private Future<Void> inFlight;
  private int inFlightSize;
  private long timerId = -1;
  private long shed;
  private long written;

  public OcppMessageWriter(Vertx vertx, Pool pg, int batchSize, int maxPending, long flushMillis) {
    this.vertx = Objects.requireNonNull(vertx);
    this.pg = Objects.requireNonNull(pg);
    this.batchSize = batchSize;
    this.maxPending = maxPending;
    this.flushMillis = flushMillis;
  }

  /** Queues one entry; false when it was shed because the buffer is full. */
  public boolean append(LoggedFrame entry) {
    if (pending.size() + inFlightSize >= maxPending) {
      shed++;
      return false;
    }
    pending.add(entry);
    if (pending.size() >= batchSize && inFlight == null) {
      writeBatch();
    } else if (timerId < 0) {
      timerId = vertx.setTimer(flushMillis, id -> {
        timerId = -1;
        flush();
      });
    }
    return true;
  }

  /** Entries shed (buffer full, or their batch refused by Postgres). */
  public long shed() {
    return shed;
  }

  /** Entries written. */
  public long written() {
    return written;
  }

  /** Entries waiting for, or in, a batch. */
  public long depth() {
    return pending.size() + inFlightSize;
  }

  /** Writes everything queued; completes when the last batch is answered (shutdown, tests). */
  public Future<Void> flush() {
    if (inFlight != null) {
      return inFlight.transform(ignored -> flush());
    }
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    return writeBatch().transform(ignored -> flush());
  }

  /** Postgres found no partition for a row (SQLSTATE 23514 on the partitioned table). */
  private static boolean noPartition(Throwable e) {
    return e instanceof PgException pg && "23514".equals(pg.getSqlState())
        && String.valueOf(pg.getErrorMessage()).startsWith("no partition");
  }

  /**
   * Creates the missing days' partitions (the hourly maintenance round creates them ahead; this
   * covers rounds missed, e.g. a deployment down for days) — only from yesterday to two days ahead,
   * so a wrong clock cannot create partitions for arbitrary days.
   */
  private Future<Void> ensurePartitions(OffsetDateTime[] at) {
    Set<LocalDate> days = new TreeSet<>();
    for (OffsetDateTime a : at) {
      days.add(a.toLocalDate());
    }
    return pg.preparedQuery("SELECT ocpp_messages_ensure_partition(d) FROM unnest($1::date[]) AS d"
            + " WHERE d BETWEEN (now() AT TIME ZONE 'UTC')::date - 1 AND (now() AT TIME ZONE 'UTC')::date + 2")
        .execute(Tuple.of(days.toArray(LocalDate[]::new)))
        .mapEmpty();
  }

  private Future<Void> writeBatch() {
    List<LoggedFrame> batch;
    if (pending.size() <= batchSize) {
      batch = pending;
      pending = new ArrayList<>();
    } else {
      batch = new ArrayList<>(pending.subList(0, batchSize));
      pending = new ArrayList<>(pending.subList(batchSize, pending.size()));
    }
    int n = batch.size();
    OffsetDateTime[] at = new OffsetDateTime[n];
    UUID[] networks = new UUID[n];
    UUID[] chargers = new UUID[n];
    String[] cps = new String[n];
    String[] nodes = new String[n];
    String[] conns = new String[n];
    String[] versions = new String[n];
    String[] directions = new String[n];
    String[] types = new String[n];
    String[] ids = new String[n];
    String[] actions = new String[n];
    String[] codes = new String[n];
    String[] refusals = new String[n];
    Integer[] bytes = new Integer[n];
    String[] frames = new String[n];
    Boolean[] truncated = new Boolean[n];
    Boolean[] redacted = new Boolean[n];
    Long[] latency = new Long[n];
    for (int i = 0; i < n; i++) {
      LoggedFrame e = batch.get(i);
      at[i] = OffsetDateTime.ofInstant(e.loggedAt(), ZoneOffset.UTC);
      networks[i] = e.networkId();
      chargers[i] = e.chargerId();
      cps[i] = e.chargePointId();
      nodes[i] = e.node();
      conns[i] = e.connectionId();
      versions[i] = e.ocppVersion();
      directions[i] = e.direction();
      types[i] = e.messageType();
      ids[i] = e.messageId();
      actions[i] = e.action();
      codes[i] = e.errorCode();
      refusals[i] = e.refusal();
      bytes[i] = e.payloadBytes();
      frames[i] = e.frame();
      truncated[i] = e.truncated();
      redacted[i] = e.redacted();
      latency[i] = e.latencyMicros();
    }
    inFlightSize = n;
    Promise<Void> done = Promise.promise();
    inFlight = done.future();
    Tuple values = Tuple.from(new Object[] {at, networks, chargers, cps, nodes, conns, versions, directions, types,
        ids, actions, codes, refusals, bytes, frames, truncated, redacted, latency});
    pg.preparedQuery(INSERT).execute(values)
        .recover(e -> noPartition(e) ? ensurePartitions(at).compose(v -> pg.preparedQuery(INSERT).execute(values))
            : Future.failedFuture(e))
        .onComplete(ar -> {
          inFlight = null;
          inFlightSize = 0;
          if (ar.succeeded()) {
            written += n;
          } else {
            shed += n;
            LOG.warn("OCPP message log batch of {} shed: {}", n, ar.cause().getMessage());
          }
          done.complete();
          if (inFlight != null) {
            return; // a flush waiting on this batch has sent the next one
          }
          if (pending.size() >= batchSize) {
            writeBatch();
          } else if (!pending.isEmpty() && timerId < 0) {
            timerId = vertx.setTimer(flushMillis, id -> {
              timerId = -1;
              flush();
            });
          }
        });
    return inFlight;
  }
}
