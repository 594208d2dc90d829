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
  /** A sample's columns after its session, charger and EVSE, in the order of {@link #sampleColumns}. */
  static final String SAMPLE_COLUMNS = "sampled_at, measurand, phase, location, context, unit, value, raw_value";
  /** The names {@link #sampleArrays} unnest to, and the expressions that make them {@link #SAMPLE_COLUMNS}. */
  static final String SAMPLE_ALIASES = "t, m, p, l, x, u, v, r";
  static final String SAMPLE_VALUES = "t::timestamptz, m, p, l, x, u, v::numeric, r";

  private static final String INSERT = "INSERT INTO meter_samples (session_id, charger_id, evse_id, " + SAMPLE_COLUMNS
      + ") SELECT s, c, e, " + SAMPLE_VALUES + " FROM unnest($1::uuid[], $2::uuid[], $3::int[], " + sampleArrays(4)
      + ") AS b(s, c, e, " + SAMPLE_ALIASES + ")";

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

  /** The parameters {@code $first} to {@code $first+7}: the eight text arrays of {@link #sampleColumns}. */
  static String sampleArrays(int first) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      sql.append(i == 0 ? "" : ", ").append('$').append(first + i).append("::text[]");
    }
    return sql.toString();
  }

  /** A sample's columns as eight text arrays, in {@link #SAMPLE_COLUMNS} order. */
  static String[][] sampleColumns(List<MeterSample> samples) {
    int n = samples.size();
    String[][] columns = new String[8][n];
    for (int i = 0; i < n; i++) {
      MeterSample s = samples.get(i);
      columns[0][i] = s.sampledAt().toString();
      columns[1][i] = s.measurand();
      columns[2][i] = s.phase();
      columns[3][i] = s.location();
      columns[4][i] = s.context();
      columns[5][i] = s.unit();
      columns[6][i] = s.value() == null ? null : s.value().toPlainString();
      columns[7][i] = s.rawValue();
    }
    return columns;
  }

  private void writeBatch() {
    List<Row> batch = pending;
    pending = new ArrayList<>();
    inFlight += batch.size();
    int n = batch.size();
    UUID[] sessions = new UUID[n];
    UUID[] chargers = new UUID[n];
    Integer[] evses = new Integer[n];
    List<MeterSample> samples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Row r = batch.get(i);
      sessions[i] = r.sessionId;
      chargers[i] = r.chargerId;
      evses[i] = r.evseId;
      samples.add(r.sample);
    }
    Tuple values = Tuple.of(sessions, chargers, evses);
    for (String[] column : sampleColumns(samples)) {
      values.addValue(column);
    }
    Promise<Void> done = Promise.promise();
    Future<Void> written = done.future();
    inFlightBatches.add(written);
    pg.preparedQuery(INSERT)
        .execute(values)
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
