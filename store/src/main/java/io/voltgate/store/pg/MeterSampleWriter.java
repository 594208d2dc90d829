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
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends meter samples with group commit: {@link #append} completes once the samples are committed,
 * so a charger's MeterValues is answered only when what it reported is durable. Samples appended
 * while a batch is in flight wait for it and go together in the next one (one multi-row INSERT from
 * unnest; a second batch starts early once {@code batchSize} rows wait; at most
 * {@link #MAX_IN_FLIGHT} batches in flight): one commit for many messages under load, no added
 * delay when idle.
 *
 * <p>Idempotent: a sample already stored (same charger, time, EVSE, measurand, phase, location and
 * context: the unique index of V29) is skipped, so the retry of a MeterValues whose answer was lost
 * is stored once. A batch Postgres fails is not kept: every append in it fails, its chargers are not
 * acknowledged and retry. Bounded: an append beyond {@code maxPending} rows waiting or in flight
 * fails at once and is counted in {@link #refused()}. Use from one event loop (one writer per
 * verticle instance).
 */
public final class MeterSampleWriter {

  private static final Logger LOG = LoggerFactory.getLogger(MeterSampleWriter.class);
  private static final int MAX_IN_FLIGHT = 2;
  private static final long REFUSAL_LOG_INTERVAL_MILLIS = 10_000;
  /** A sample's columns after its session, charger and EVSE, in the order of {@link #sampleColumns}. */
  static final String SAMPLE_COLUMNS = "sampled_at, measurand, phase, location, context, unit, value, raw_value";
  /** The names {@link #sampleArrays} unnest to, and the expressions that make them {@link #SAMPLE_COLUMNS}. */
  static final String SAMPLE_ALIASES = "t, m, p, l, x, u, v, r";
  static final String SAMPLE_VALUES = "t::timestamptz, m, p, l, x, u, v::numeric, r";
  /** A sample stored before (a retried message) is skipped: the unique key of V29. */
  static final String SKIP_STORED = " ON CONFLICT DO NOTHING";

  private static final String INSERT = "INSERT INTO meter_samples (session_id, charger_id, evse_id, " + SAMPLE_COLUMNS
      + ") SELECT s, c, e, " + SAMPLE_VALUES + " FROM unnest($1::uuid[], $2::uuid[], $3::int[], " + sampleArrays(4)
      + ") AS b(s, c, e, " + SAMPLE_ALIASES + ")" + SKIP_STORED;

  /** Thrown (as a failed append) when the writer holds {@code maxPending} rows already. */
  public static final class Full extends RuntimeException {
    Full(int maxPending) {
      super("meter sample writer full (" + maxPending + " rows waiting or in flight)", null, false, false);
    }
  }

  private final Pool pg;
  private final int batchSize;
  private final int maxPending;
  private final Full full;
  private List<Row> pending = new ArrayList<>();
  private List<Promise<Void>> waiting = new ArrayList<>();
  private int inFlightRows;
  /** Batches sent and not yet answered; flush() waits for them too, not only for its own. */
  private final Set<Future<Void>> inFlightBatches = new LinkedHashSet<>();
  private long refused;
  private long written;
  private long lastRefusalLog;

  private record Row(UUID sessionId, UUID chargerId, int evseId, MeterSample sample) {
  }

  public MeterSampleWriter(Vertx vertx, Pool pg, int batchSize, int maxPending) {
    Objects.requireNonNull(vertx);
    this.pg = Objects.requireNonNull(pg);
    this.batchSize = batchSize;
    this.maxPending = maxPending;
    this.full = new Full(maxPending);
  }

  /**
   * Queues samples; completes when they are committed, fails when their batch failed or the writer
   * is full (nothing of them is then acknowledged to the charger).
   */
  public Future<Void> append(UUID sessionId, UUID chargerId, int evseId, List<MeterSample> samples) {
    if (samples.isEmpty()) {
      return Future.succeededFuture();
    }
    if (depth() + samples.size() > maxPending) {
      refused += samples.size();
      long now = System.currentTimeMillis();
      if (now - lastRefusalLog >= REFUSAL_LOG_INTERVAL_MILLIS) {
        lastRefusalLog = now;
        LOG.warn("meter sample writer full ({} rows); {} samples refused so far (their chargers retry)", maxPending, refused);
      }
      return Future.failedFuture(full);
    }
    for (MeterSample s : samples) {
      pending.add(new Row(sessionId, chargerId, evseId, s));
    }
    Promise<Void> committed = Promise.promise();
    waiting.add(committed);
    if (inFlightBatches.size() < MAX_IN_FLIGHT && (inFlightBatches.isEmpty() || pending.size() >= batchSize)) {
      writeBatch();
    }
    return committed.future();
  }

  /** Samples refused because the writer was full. */
  public long refused() {
    return refused;
  }

  /** Samples committed (a retried sample skipped as stored counts too). */
  public long written() {
    return written;
  }

  /** Rows waiting for or in a batch. */
  public long depth() {
    return pending.size() + inFlightRows;
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

  /**
   * Sends what is pending (whole messages: a message's samples are never split over two batches,
   * so one commit acknowledges it).
   */
  private void writeBatch() {
    List<Row> batch = pending;
    List<Promise<Void>> acks = waiting;
    pending = new ArrayList<>();
    waiting = new ArrayList<>();
    int n = batch.size();
    inFlightRows += n;
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
    Future<Void> batchWritten = done.future();
    inFlightBatches.add(batchWritten);
    pg.preparedQuery(INSERT)
        .execute(values)
        .onComplete(ar -> {
          inFlightRows -= n;
          inFlightBatches.remove(batchWritten);
          if (ar.succeeded()) {
            written += n;
            acks.forEach(Promise::complete);
            done.complete();
          } else {
            LOG.warn("meter sample batch of {} rows failed, not acknowledged (chargers retry): {}", n, ar.cause().getMessage());
            acks.forEach(a -> a.fail(ar.cause()));
            done.fail(ar.cause());
          }
          // What arrived meanwhile goes now, as one batch: group commit.
          if (!pending.isEmpty() && inFlightBatches.size() < MAX_IN_FLIGHT) {
            writeBatch();
          }
        });
  }
}
