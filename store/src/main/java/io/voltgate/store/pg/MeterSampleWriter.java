package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.MeterSample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends meter samples in batches: one multi-row INSERT (via unnest) per flush, flushed every
 * {@code flushMillis} or when {@code batchSize} rows wait. Bounded: beyond {@code maxPending} rows
 * (Postgres down or too slow) new samples are dropped and counted rather than exhausting memory.
 * Use from one event loop (one writer per verticle instance).
 */
public final class MeterSampleWriter {

  private static final Logger LOG = LoggerFactory.getLogger(MeterSampleWriter.class);
  private static final String INSERT = "INSERT INTO meter_samples (session_id, charger_id, evse_id,"
      + " sampled_at, measurand, phase, location, context, unit, value, raw_value)"
      + " SELECT s, c, e, t::timestamptz, m, p, l, x, u, v::numeric, r"
      + " FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],"
      + " $8::text[], $9::text[], $10::text[], $11::text[]) AS b(s, c, e, t, m, p, l, x, u, v, r)";

  private final Vertx vertx;
  private final Pool pg;
  private final int batchSize;
  private final int maxPending;
  private final long flushMillis;
  private List<Row> pending = new ArrayList<>();
  private long timerId = -1;
  private long dropped;
  private int inFlight;
  /** Batches sent and not yet answered; flush() waits for them too, not only for its own. */
  private final Set<Future<Void>> inFlightBatches = new LinkedHashSet<>();

  private record Row(UUID sessionId, UUID chargerId, int evseId, MeterSample sample) {
  }

  public MeterSampleWriter(Vertx vertx, Pool pg, int batchSize, int maxPending, long flushMillis) {
    this.vertx = Objects.requireNonNull(vertx);
    this.pg = Objects.requireNonNull(pg);
    this.batchSize = batchSize;
    this.maxPending = maxPending;
    this.flushMillis = flushMillis;
  }

  /** Queues samples; returns false when they were dropped because the queue is full. */
  public boolean append(UUID sessionId, UUID chargerId, int evseId, List<MeterSample> samples) {
    if (pending.size() + inFlight + samples.size() > maxPending) {
      dropped += samples.size();
      LOG.warn("meter sample queue full ({} rows); dropped {} samples so far", maxPending, dropped);
      return false;
    }
    for (MeterSample s : samples) {
      pending.add(new Row(sessionId, chargerId, evseId, s));
    }
    if (pending.size() >= batchSize) {
      flush();
    } else if (timerId < 0) {
      timerId = vertx.setTimer(flushMillis, id -> {
        timerId = -1;
        flush();
      });
    }
    return true;
  }

  public long dropped() {
    return dropped;
  }

  /**
   * Writes everything queued; completes when Postgres has every sample appended before this call,
   * including batches already in flight (a transaction's stop relies on that ordering).
   */
  public Future<Void> flush() {
    if (!pending.isEmpty()) {
      writeBatch();
    }
    if (inFlightBatches.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.join(new ArrayList<>(inFlightBatches)).mapEmpty();
  }

  private void writeBatch() {
    List<Row> batch = pending;
    pending = new ArrayList<>();
    inFlight += batch.size();
    int n = batch.size();
    UUID[] sessions = new UUID[n];
    UUID[] chargers = new UUID[n];
    Integer[] evses = new Integer[n];
    String[] times = new String[n];
    String[] measurands = new String[n];
    String[] phases = new String[n];
    String[] locations = new String[n];
    String[] contexts = new String[n];
    String[] units = new String[n];
    String[] values = new String[n];
    String[] raws = new String[n];
    for (int i = 0; i < n; i++) {
      Row r = batch.get(i);
      sessions[i] = r.sessionId;
      chargers[i] = r.chargerId;
      evses[i] = r.evseId;
      times[i] = r.sample.sampledAt().toString();
      measurands[i] = r.sample.measurand();
      phases[i] = r.sample.phase();
      locations[i] = r.sample.location();
      contexts[i] = r.sample.context();
      units[i] = r.sample.unit();
      values[i] = r.sample.value() == null ? null : r.sample.value().toPlainString();
      raws[i] = r.sample.rawValue();
    }
    Promise<Void> done = Promise.promise();
    Future<Void> written = done.future();
    inFlightBatches.add(written);
    pg.preparedQuery(INSERT)
        .execute(Tuple.from(new Object[] {sessions, chargers, evses, times, measurands, phases,
            locations, contexts, units, values, raws}))
        .onComplete(ar -> {
          inFlight -= n;
          inFlightBatches.remove(written);
          if (ar.failed()) {
            // Keep the rows (bounded) and try again later: a Postgres blip must not lose samples.
            if (pending.size() + n <= maxPending) {
              pending.addAll(0, batch);
              if (timerId < 0) {
                timerId = vertx.setTimer(Math.max(1000, flushMillis), id -> {
                  timerId = -1;
                  flush();
                });
              }
            } else {
              dropped += n;
            }
            LOG.warn("meter sample batch of {} failed (kept for retry): {}", n, ar.cause().getMessage());
            done.fail(ar.cause());
          } else {
            done.complete();
          }
        });
  }
}
