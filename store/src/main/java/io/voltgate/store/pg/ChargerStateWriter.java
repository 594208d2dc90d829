package io.voltgate.store.pg;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.BootInfo;
import io.voltgate.store.model.ConnectorStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what chargers report at boot ({@code BootNotification}) and on status changes
 * ({@code StatusNotification}) to Postgres in coalesced batches, off the hot path: the edge answers
 * the charger at once and never waits on Postgres for these, so a boot storm or a slow database
 * does not hold calls open or exhaust the pool.
 *
 * <p>What one flush writes, in one transaction (history and connector rows stay consistent):
 * <ul>
 *   <li>every status report, in arrival order, appended to {@code status_history} (one multi-row
 *       INSERT via {@code unnest});</li>
 *   <li>per connector (not for the whole charger, {@code evseId 0}) the report with the latest
 *       {@code timestamp} (ties: the later report), upserted into {@code connectors} with the same
 *       semantics as {@code ChargerRepository.recordStatus}: a row already holding a newer status
 *       is left alone, so the latest status wins even across batches;</li>
 *   <li>per charger the latest boot info, one {@code UPDATE ... FROM unnest(...)} setting the
 *       columns of {@code ChargerRepository.recordBoot}, with {@code last_boot_at} the time the boot
 *       was received (not the flush time).</li>
 * </ul>
 * Rows of chargers that do not exist (any more) are skipped rather than failing the batch.
 *
 * <p>Flushed every {@code flushMillis} or as soon as {@code batchSize} entries wait. One batch is in
 * flight at a time, so batches reach Postgres in order (history ids follow arrival order; a later
 * report with an equal timestamp wins). Bounded: {@link #depth()} counts history rows plus coalesced
 * connector and boot entries, waiting or in flight; a report that would take it beyond
 * {@code maxPending} is refused ({@code false}) and counted in {@link #dropped()}. A report that only
 * replaces a waiting entry (a newer boot of the same charger) still fits when the writer is full.
 *
 * <p>A failed batch (Postgres down, lock timeout, ...) is kept and merged back with what was queued
 * meanwhile, the newest entry per key still winning, and retried after
 * {@code max(1000, flushMillis)}. It always fits: the bound already counted it while in flight. A
 * batch Postgres rejects as invalid data (SQLSTATE class 22 or 23) would fail forever; it is dropped,
 * counted and logged as an error instead of blocking everything behind it.
 *
 * <p>Not thread-safe: use from one event loop (one writer per verticle instance), like
 * {@link MeterSampleWriter}.
 */
public final class ChargerStateWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ChargerStateWriter.class);
  private static final long MIN_RETRY_MILLIS = 1000;
  private static final long DROP_LOG_INTERVAL_MILLIS = 10_000;
  private static final long NONE = Long.MAX_VALUE;

  private static final String INSERT_HISTORY = "INSERT INTO status_history (charger_id, evse_id,"
      + " connector_id, status, error_code, info, vendor_id, vendor_error_code, reported_at, received_at)"
      + " SELECT b.c, b.e, b.n, b.s, b.ec, b.inf, b.v, b.vec, b.t, b.r"
      + " FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],"
      + " $8::text[], $9::timestamptz[], $10::timestamptz[])"
      + " WITH ORDINALITY AS b(c, e, n, s, ec, inf, v, vec, t, r, ord)"
      + " WHERE EXISTS (SELECT 1 FROM chargers ch WHERE ch.id = b.c)"
      + " ORDER BY b.ord";

  private static final String UPSERT_CONNECTORS = "INSERT INTO connectors (id, charger_id, evse_id,"
      + " connector_id, ocpp_connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at)"
      + " SELECT b.i, b.c, b.e, b.n, b.e, b.s, b.ec, b.inf, b.v, b.vec, b.t"
      + " FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[],"
      + " $8::text[], $9::text[], $10::timestamptz[]) AS b(i, c, e, n, s, ec, inf, v, vec, t)"
      + " WHERE EXISTS (SELECT 1 FROM chargers ch WHERE ch.id = b.c)"
      + " ORDER BY b.c, b.e, b.n"
      + " ON CONFLICT (charger_id, evse_id, connector_id) WHERE deleted_at IS NULL DO UPDATE SET"
      + " status = EXCLUDED.status, error_code = EXCLUDED.error_code, info = EXCLUDED.info,"
      + " vendor_id = EXCLUDED.vendor_id, vendor_error_code = EXCLUDED.vendor_error_code,"
      + " status_at = EXCLUDED.status_at, updated_at = now()"
      + " WHERE connectors.status_at IS NULL OR connectors.status_at <= EXCLUDED.status_at";

  private static final String UPDATE_BOOTS = "UPDATE chargers c SET vendor = b.vendor, model = b.model,"
      + " serial_number = b.serial_number, charge_box_serial_number = b.charge_box_serial_number,"
      + " firmware_version = b.firmware_version, iccid = b.iccid, imsi = b.imsi,"
      + " meter_type = b.meter_type, meter_serial_number = b.meter_serial_number,"
      + " last_boot_reason = b.reason, ocpp_version = b.ocpp_version, last_boot_at = b.at,"
      + " updated_at = now()"
      + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
      + " $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])"
      + " AS b(id, vendor, model, serial_number, charge_box_serial_number, firmware_version, iccid, imsi,"
      + " meter_type, meter_serial_number, reason, ocpp_version, at)"
      + " WHERE c.id = b.id";

  private final Vertx vertx;
  private final Pool pg;
  private final int batchSize;
  private final int maxPending;
  private final long flushMillis;

  /** Every status report waiting, in arrival order. */
  private List<History> history = new ArrayList<>();
  /** Per connector, the waiting report with the latest timestamp. */
  private Map<ConnectorKey, Latest> connectors = new LinkedHashMap<>();
  /** Per charger, the latest waiting boot. */
  private Map<UUID, Boot> boots = new LinkedHashMap<>();
  /** When the oldest waiting entry was queued (epoch ms), {@link #NONE} when nothing waits. */
  private long pendingSince = NONE;

  /** The batch Postgres is writing, or null. */
  private Batch inFlight;
  /** A write was asked for while a batch was in flight: write again as soon as it is done. */
  private boolean writeAgain;
  /** A batch failed: size-triggered writes wait for the retry timer. */
  private boolean backingOff;
  private long timerId = -1;

  private long dropped;
  private long flushed;
  private long lastDropLogMs;

  private record History(UUID chargerId, ConnectorStatus status, OffsetDateTime reportedAt,
      OffsetDateTime receivedAt) {
  }

  private record ConnectorKey(UUID chargerId, int evseId, int connectorId) {
  }

  /** The connector status to upsert; {@code queuedAtMs} is when its key started waiting. */
  private record Latest(UUID chargerId, ConnectorStatus status, OffsetDateTime at, long queuedAtMs) {
    Latest since(long ms) {
      return ms < queuedAtMs ? new Latest(chargerId, status, at, ms) : this;
    }
  }

  private record Boot(UUID chargerId, BootInfo info, OffsetDateTime receivedAt, long queuedAtMs) {
    Boot since(long ms) {
      return ms < queuedAtMs ? new Boot(chargerId, info, receivedAt, ms) : this;
    }
  }

  private record Batch(List<History> history, Map<ConnectorKey, Latest> connectors,
      Map<UUID, Boot> boots, long since, Promise<Void> done) {
    int size() {
      return history.size() + connectors.size() + boots.size();
    }
  }

  /**
   * @param batchSize entries (history rows + coalesced connector and boot entries) that trigger a
   *     flush before the timer
   * @param maxPending bound on entries waiting or in flight; beyond it reports are dropped
   * @param flushMillis longest time an entry waits before a flush (also the retry delay, at least 1 s)
   */
  public ChargerStateWriter(Vertx vertx, Pool pg, int batchSize, int maxPending, long flushMillis) {
    if (batchSize < 1 || maxPending < 1 || flushMillis < 1) {
      throw new IllegalArgumentException("batchSize, maxPending and flushMillis must be positive");
    }
    this.vertx = Objects.requireNonNull(vertx);
    this.pg = Objects.requireNonNull(pg);
    this.batchSize = batchSize;
    this.maxPending = maxPending;
    this.flushMillis = flushMillis;
  }

  /**
   * Queues what a charger said at boot, received now; replaces a boot of the same charger still
   * waiting. Returns false when it was dropped because the writer is full.
   */
  public boolean boot(UUID chargerId, BootInfo info) {
    Objects.requireNonNull(chargerId);
    Objects.requireNonNull(info);
    long nowMs = System.currentTimeMillis();
    Boot waiting = boots.get(chargerId);
    if (waiting == null && depth() + 1 > maxPending) {
      return drop(nowMs);
    }
    long since = waiting == null ? nowMs : waiting.queuedAtMs;
    boots.put(chargerId, new Boot(chargerId, info, OffsetDateTime.now(ZoneOffset.UTC), since));
    queued(nowMs);
    return true;
  }

  /**
   * Queues a status report: always a history row; for a connector also its current status, unless a
   * waiting report of the same connector has a later timestamp. A report without timestamp counts as
   * reported now. Returns false when it was dropped because the writer is full.
   */
  public boolean status(UUID chargerId, ConnectorStatus s) {
    Objects.requireNonNull(chargerId);
    Objects.requireNonNull(s);
    Objects.requireNonNull(s.status(), "status");
    long nowMs = System.currentTimeMillis();
    OffsetDateTime received = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime at = s.timestamp() == null ? received : s.timestamp().atOffset(ZoneOffset.UTC);
    ConnectorKey key = s.wholeCharger() ? null : new ConnectorKey(chargerId, s.evseId(), s.connectorId());
    Latest waiting = key == null ? null : connectors.get(key);
    int needed = key != null && waiting == null ? 2 : 1;
    if (depth() + needed > maxPending) {
      return drop(nowMs);
    }
    history.add(new History(chargerId, s, at, received));
    if (key != null) {
      if (waiting == null) {
        connectors.put(key, new Latest(chargerId, s, at, nowMs));
      } else if (!at.isBefore(waiting.at)) {
        connectors.put(key, new Latest(chargerId, s, at, waiting.queuedAtMs));
      }
    }
    queued(nowMs);
    return true;
  }

  /** Entries (history rows + coalesced connector and boot entries) waiting or in flight. */
  public int depth() {
    return pendingCount() + (inFlight == null ? 0 : inFlight.size());
  }

  /** Reports refused because the writer was full, plus entries Postgres rejected as invalid. */
  public long dropped() {
    return dropped;
  }

  /** Entries written (history rows, connector upserts, boot updates) in committed batches. */
  public long flushed() {
    return flushed;
  }

  /**
   * Flush lag: how long the oldest entry not yet in Postgres (waiting or in flight) has been queued,
   * 0 when there is none. A connector or boot entry replaced by newer reports keeps the age of the
   * first one, so a constantly changing connector still shows how stale Postgres is.
   */
  public long oldestPendingMillis(long nowMs) {
    long oldest = pendingCount() > 0 ? pendingSince : NONE;
    if (inFlight != null) {
      oldest = Math.min(oldest, inFlight.since);
    }
    return oldest == NONE ? 0 : Math.max(0, nowMs - oldest);
  }

  /** {@link #oldestPendingMillis(long)} at the current wall-clock time. */
  public long oldestPendingMillis() {
    return oldestPendingMillis(System.currentTimeMillis());
  }

  /**
   * Writes everything queued; completes when Postgres has every entry queued before this call,
   * including the batch already in flight (for a clean shutdown). Fails when the last batch failed;
   * its entries are then kept for the retry timer.
   */
  public Future<Void> flush() {
    if (inFlight == null) {
      return pendingCount() == 0 ? Future.succeededFuture() : writeBatch();
    }
    return inFlight.done.future().transform(ar -> {
      if (inFlight != null) {
        // Started when the previous batch completed: it holds everything that was waiting.
        return inFlight.done.future();
      }
      if (pendingCount() > 0) {
        return writeBatch();
      }
      return ar.succeeded() ? Future.succeededFuture() : Future.failedFuture(ar.cause());
    });
  }

  private int pendingCount() {
    return history.size() + connectors.size() + boots.size();
  }

  private boolean drop(long nowMs) {
    dropped++;
    if (nowMs - lastDropLogMs >= DROP_LOG_INTERVAL_MILLIS) {
      lastDropLogMs = nowMs;
      LOG.warn("charger state queue full ({} entries); dropped {} boots/statuses so far", maxPending, dropped);
    }
    return false;
  }

  private void queued(long nowMs) {
    pendingSince = Math.min(pendingSince, nowMs);
    if (pendingCount() >= batchSize && !backingOff) {
      kick();
    } else if (timerId < 0) {
      startTimer(backingOff ? retryMillis() : flushMillis);
    }
  }

  private long retryMillis() {
    return Math.max(MIN_RETRY_MILLIS, flushMillis);
  }

  private void startTimer(long delay) {
    timerId = vertx.setTimer(delay, id -> {
      timerId = -1;
      backingOff = false;
      kick();
    });
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** Writes what waits now, or right after the batch in flight. */
  private void kick() {
    if (inFlight != null) {
      writeAgain = true;
    } else if (pendingCount() > 0) {
      writeBatch();
    }
  }

  private Future<Void> writeBatch() {
    cancelTimer();
    writeAgain = false;
    Batch batch = new Batch(history, connectors, boots, pendingSince, Promise.promise());
    history = new ArrayList<>();
    connectors = new LinkedHashMap<>();
    boots = new LinkedHashMap<>();
    pendingSince = NONE;
    inFlight = batch;
    Tuple historyArgs = batch.history.isEmpty() ? null : historyArgs(batch.history);
    Tuple connectorArgs = batch.connectors.isEmpty() ? null : connectorArgs(batch.connectors);
    Tuple bootArgs = batch.boots.isEmpty() ? null : bootArgs(batch.boots);
    pg.withTransaction((SqlConnection conn) -> {
      Future<?> f = Future.succeededFuture();
      if (historyArgs != null) {
        f = f.compose(x -> conn.preparedQuery(INSERT_HISTORY).execute(historyArgs));
      }
      if (connectorArgs != null) {
        f = f.compose(x -> conn.preparedQuery(UPSERT_CONNECTORS).execute(connectorArgs));
      }
      if (bootArgs != null) {
        f = f.compose(x -> conn.preparedQuery(UPDATE_BOOTS).execute(bootArgs));
      }
      return f.mapEmpty();
    }).onComplete(ar -> completed(batch, ar));
    return batch.done.future();
  }

  private void completed(Batch batch, AsyncResult<Object> ar) {
    inFlight = null;
    int n = batch.size();
    if (ar.succeeded()) {
      flushed += n;
      backingOff = false;
      next();
      batch.done.complete();
      return;
    }
    Throwable cause = ar.cause();
    if (invalidData(cause)) {
      dropped += n;
      LOG.error("charger state batch of {} entries rejected by Postgres, dropped: {}", n, cause.getMessage());
      next();
    } else {
      mergeBack(batch);
      backingOff = true;
      writeAgain = false;
      cancelTimer();
      startTimer(retryMillis());
      LOG.warn("charger state batch of {} entries failed (kept, retry in {} ms): {}", n, retryMillis(),
          cause.getMessage());
    }
    batch.done.fail(cause);
  }

  /** After a batch: write again at once if asked or full, else let the timer pick up stragglers. */
  private void next() {
    if (pendingCount() == 0) {
      writeAgain = false;
    } else if (writeAgain || pendingCount() >= batchSize) {
      writeBatch();
    } else if (timerId < 0) {
      startTimer(flushMillis);
    }
  }

  /**
   * Puts a failed batch back in front of what was queued meanwhile: history rows first (they were
   * reported earlier); per connector the report with the later timestamp (ties: the one queued
   * meanwhile, reported later); per charger the boot queued meanwhile, if any.
   */
  private void mergeBack(Batch batch) {
    List<History> merged = new ArrayList<>(batch.history.size() + history.size());
    merged.addAll(batch.history);
    merged.addAll(history);
    history = merged;
    Map<ConnectorKey, Latest> mergedConnectors = new LinkedHashMap<>(batch.connectors);
    for (Map.Entry<ConnectorKey, Latest> e : connectors.entrySet()) {
      Latest newer = e.getValue();
      Latest failed = mergedConnectors.get(e.getKey());
      if (failed == null || !newer.at.isBefore(failed.at)) {
        mergedConnectors.put(e.getKey(), failed == null ? newer : newer.since(failed.queuedAtMs));
      } else {
        mergedConnectors.put(e.getKey(), failed.since(newer.queuedAtMs));
      }
    }
    connectors = mergedConnectors;
    Map<UUID, Boot> mergedBoots = new LinkedHashMap<>(batch.boots);
    for (Map.Entry<UUID, Boot> e : boots.entrySet()) {
      Boot failed = mergedBoots.get(e.getKey());
      mergedBoots.put(e.getKey(), failed == null ? e.getValue() : e.getValue().since(failed.queuedAtMs));
    }
    boots = mergedBoots;
    pendingSince = Math.min(pendingSince, batch.since);
  }

  /** Data exceptions and integrity violations: retrying the same rows cannot succeed. */
  private static boolean invalidData(Throwable cause) {
    if (cause instanceof DatabaseException db && db.getSqlState() != null) {
      String state = db.getSqlState();
      return state.startsWith("22") || state.startsWith("23");
    }
    return false;
  }

  /** The status columns history rows and connector rows share, as parallel arrays for unnest. */
  private static final class StatusColumns {
    final UUID[] chargers;
    final Integer[] evses;
    final Integer[] connectorIds;
    final String[] statuses;
    final String[] errorCodes;
    final String[] infos;
    final String[] vendorIds;
    final String[] vendorErrorCodes;

    StatusColumns(int n) {
      chargers = new UUID[n];
      evses = new Integer[n];
      connectorIds = new Integer[n];
      statuses = new String[n];
      errorCodes = new String[n];
      infos = new String[n];
      vendorIds = new String[n];
      vendorErrorCodes = new String[n];
    }

    void set(int i, UUID chargerId, ConnectorStatus s) {
      chargers[i] = chargerId;
      evses[i] = s.evseId();
      connectorIds[i] = s.connectorId();
      statuses[i] = s.status();
      errorCodes[i] = s.errorCode();
      infos[i] = s.info();
      vendorIds[i] = s.vendorId();
      vendorErrorCodes[i] = s.vendorErrorCode();
    }
  }

  private static Tuple historyArgs(List<History> rows) {
    int n = rows.size();
    StatusColumns c = new StatusColumns(n);
    OffsetDateTime[] reported = new OffsetDateTime[n];
    OffsetDateTime[] received = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      History h = rows.get(i);
      c.set(i, h.chargerId, h.status);
      reported[i] = h.reportedAt;
      received[i] = h.receivedAt;
    }
    return Tuple.from(new Object[] {c.chargers, c.evses, c.connectorIds, c.statuses, c.errorCodes, c.infos,
        c.vendorIds, c.vendorErrorCodes, reported, received});
  }

  private static Tuple connectorArgs(Map<ConnectorKey, Latest> latest) {
    int n = latest.size();
    UUID[] ids = new UUID[n];
    StatusColumns c = new StatusColumns(n);
    OffsetDateTime[] at = new OffsetDateTime[n];
    int i = 0;
    for (Latest l : latest.values()) {
      ids[i] = UUID.randomUUID();
      c.set(i, l.chargerId, l.status);
      at[i] = l.at;
      i++;
    }
    return Tuple.from(new Object[] {ids, c.chargers, c.evses, c.connectorIds, c.statuses, c.errorCodes, c.infos,
        c.vendorIds, c.vendorErrorCodes, at});
  }

  private static Tuple bootArgs(Map<UUID, Boot> latest) {
    int n = latest.size();
    UUID[] ids = new UUID[n];
    String[] vendors = new String[n];
    String[] models = new String[n];
    String[] serials = new String[n];
    String[] boxSerials = new String[n];
    String[] firmwares = new String[n];
    String[] iccids = new String[n];
    String[] imsis = new String[n];
    String[] meterTypes = new String[n];
    String[] meterSerials = new String[n];
    String[] reasons = new String[n];
    String[] versions = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    int i = 0;
    for (Boot b : latest.values()) {
      BootInfo info = b.info;
      ids[i] = b.chargerId;
      vendors[i] = info.vendor();
      models[i] = info.model();
      serials[i] = info.serialNumber();
      boxSerials[i] = info.chargeBoxSerialNumber();
      firmwares[i] = info.firmwareVersion();
      iccids[i] = info.iccid();
      imsis[i] = info.imsi();
      meterTypes[i] = info.meterType();
      meterSerials[i] = info.meterSerialNumber();
      reasons[i] = info.reason();
      versions[i] = info.ocppVersion();
      at[i] = b.receivedAt;
      i++;
    }
    return Tuple.from(new Object[] {ids, vendors, models, serials, boxSerials, firmwares, iccids, imsis,
        meterTypes, meterSerials, reasons, versions, at});
  }
}
