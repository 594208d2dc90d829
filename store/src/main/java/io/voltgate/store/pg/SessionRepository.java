package io.voltgate.store.pg;

import static io.voltgate.store.pg.ChargerRepository.utc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.MeterSample;
import io.voltgate.store.model.SessionRef;
import io.voltgate.store.model.SessionStart;
import io.voltgate.store.model.SessionStop;
import io.voltgate.store.query.Scope;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Charging sessions. Every write here is committed before the gateway answers the charger, and every
 * write is idempotent on the message's natural key, so a charger's retry never duplicates a session.
 */
public final class SessionRepository {

  private static final String RETURNING = " RETURNING id, network_id, evse_id, connector_id,"
      + " ocpp16_transaction_id, transaction_ref, status, meter_start_wh, energy_wh, (xmax = 0) AS created";

  /** Register samples of the session aliased {@code a} that measure its total imported energy. */
  private static String registerSamples(String a) {
    return "FROM meter_samples m WHERE m.session_id = " + a + ".id"
        + " AND m.measurand = 'Energy.Active.Import.Register' AND m.phase IS NULL";
  }

  /**
   * The energy of a completing session (aliased {@code a}), the one rule for every way a session
   * completes: stop reading − start reading when both are known, else the span of the session's
   * register samples, never negative. {@code meterStop} is the SQL of the stop reading.
   */
  static String completedEnergy(String a, String meterStop) {
    return "GREATEST(0, COALESCE(" + meterStop + " - " + a + ".meter_start_wh,"
        + " (SELECT max(m.value) - min(m.value) " + registerSamples(a) + "), 0))";
  }

  private final Pool pg;

  public SessionRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * 1.6 StartTransaction: creates the session with a deployment-wide unique integer transactionId,
   * or returns the session an earlier identical StartTransaction created.
   */
  public Future<SessionRef> startOcpp16(ChargerRecord charger, SessionStart s) {
    return pg.preparedQuery("WITH n AS (SELECT nextval('ocpp16_transaction_id_seq')::int AS tx)"
            + " INSERT INTO charging_sessions (id, network_id, charger_id, connector_pk, evse_id,"
            + " connector_id, ocpp_version, transaction_ref, ocpp16_transaction_id, start_key, id_token,"
            + " id_token_type, reservation_id, started_at, meter_start_wh, offline, status)"
            + " SELECT $1, $2, $3, (SELECT c.id FROM connectors c WHERE c.charger_id = $3"
            + " AND c.evse_id = $4 AND c.connector_id = $5 AND c.deleted_at IS NULL), $4, $5, '1.6',"
            + " n.tx::text, n.tx, $6, $7, $8, $9, $10, $11, false, 'ACTIVE' FROM n"
            + " ON CONFLICT (charger_id, start_key) WHERE start_key IS NOT NULL"
            + " DO UPDATE SET updated_at = now()" + RETURNING)
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), charger.networkId(), charger.id(),
            s.evseId(), s.connectorId(), s.startKey(), s.idToken(), s.idTokenType(), s.reservationId(),
            utc(s.startedAt()), s.meterStartWh()}))
        .map(SessionRepository::first);
  }

  /**
   * 2.0.1 TransactionEvent (any event type): the session with the charger's transactionId, created
   * when this is the first event seen for it.
   */
  public Future<SessionRef> upsertOcpp201(ChargerRecord charger, SessionStart s) {
    return pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, connector_pk,"
            + " evse_id, connector_id, ocpp_version, transaction_ref, id_token, id_token_type,"
            + " reservation_id, started_at, meter_start_wh, offline, status)"
            + " VALUES ($1, $2, $3, (SELECT c.id FROM connectors c WHERE c.charger_id = $3"
            + " AND c.evse_id = $4 AND c.connector_id = $5 AND c.deleted_at IS NULL), $4, $5, '2.0.1',"
            + " $6, $7, $8, $9, $10, $11, $12, 'ACTIVE')"
            + " ON CONFLICT (charger_id, transaction_ref) DO UPDATE SET"
            // An Updated/Ended seen before Started (reordered offline queue) created the row with
            // less: fill in what the later-arriving events know better.
            + " evse_id = CASE WHEN charging_sessions.evse_id = 0 THEN EXCLUDED.evse_id ELSE charging_sessions.evse_id END,"
            + " connector_id = CASE WHEN charging_sessions.connector_id = 0 THEN EXCLUDED.connector_id"
            + "   ELSE charging_sessions.connector_id END,"
            + " started_at = LEAST(charging_sessions.started_at, EXCLUDED.started_at),"
            + " id_token = COALESCE(charging_sessions.id_token, EXCLUDED.id_token),"
            + " id_token_type = COALESCE(charging_sessions.id_token_type, EXCLUDED.id_token_type),"
            + " meter_start_wh = COALESCE(charging_sessions.meter_start_wh, EXCLUDED.meter_start_wh),"
            + " updated_at = now()" + RETURNING)
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), charger.networkId(), charger.id(),
            s.evseId(), s.connectorId(), s.transactionRef(), s.idToken(), s.idTokenType(),
            s.reservationId(), utc(s.startedAt()), s.meterStartWh(), s.offline()}))
        .map(SessionRepository::first);
  }

  /**
   * 2.0.1: records progress of an event with sequence number {@code seqNo}, and the meter samples it
   * carried, in one statement: the samples are stored exactly when the event is new, so a charger's
   * retry of an event (after no answer, or after a crash between the two writes there can no longer
   * be) neither loses nor repeats them. Completes with true when the event is new (seqNo above the
   * last one seen), false for a retried or late duplicate.
   */
  public Future<Boolean> advance(UUID sessionId, int seqNo, String chargingState, UUID chargerId, int evseId,
      List<MeterSample> samples) {
    Tuple values = Tuple.of(sessionId, seqNo, chargingState, chargerId, evseId);
    for (String[] column : MeterSampleWriter.sampleColumns(samples)) {
      values.addValue(column);
    }
    return pg.preparedQuery("WITH advanced AS (UPDATE charging_sessions SET last_seq_no = $2,"
            + " charging_state = COALESCE($3, charging_state), updated_at = now()"
            + " WHERE id = $1 AND (last_seq_no IS NULL OR last_seq_no < $2) RETURNING id),"
            + " stored AS (INSERT INTO meter_samples (session_id, charger_id, evse_id, "
            + MeterSampleWriter.SAMPLE_COLUMNS + ") SELECT a.id, $4, $5, " + MeterSampleWriter.SAMPLE_VALUES
            + " FROM advanced a, unnest(" + MeterSampleWriter.sampleArrays(6) + ") AS b("
            + MeterSampleWriter.SAMPLE_ALIASES + ")" + MeterSampleWriter.SKIP_STORED + ")"
            + " SELECT count(*) AS n FROM advanced")
        .execute(values)
        .map(rows -> rows.iterator().next().getLong("n") > 0);
  }

  /**
   * Completes an active session; on a completed one it changes nothing (idempotent retry). Energy is
   * meter stop − meter start when both are known, else the span of the session's register samples.
   */
  public Future<Optional<SessionRef>> complete(UUID sessionId, SessionStop stop, JsonArray transactionData) {
    String meterStop = "COALESCE($3, s.meter_stop_wh)";
    return pg.preparedQuery("UPDATE charging_sessions s SET status = 'COMPLETED', stopped_at = $2,"
            + " meter_stop_wh = " + meterStop + ", stop_reason = $4, transaction_data = $5,"
            + " energy_wh = " + completedEnergy("s", meterStop) + ","
            + " updated_at = now() WHERE s.id = $1 AND s.status = 'ACTIVE'" + RETURNING)
        .execute(Tuple.of(sessionId, utc(stop.stoppedAt()), stop.meterStopWh(), stop.reason(), transactionData))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(first(rows)));
  }

  /**
   * An operator's force-stop of an active session of the scope that the charger never ended: the
   * stop reading is the last register sample (when the charger sent none), and the energy follows
   * {@link #completedEnergy}. Empty when the session is not active or not in the scope.
   */
  public Future<Optional<ForcedStop>> forceComplete(Scope scope, UUID sessionId, String reason) {
    String meterStop = "COALESCE(s.meter_stop_wh, (SELECT max(m.value) " + registerSamples("s") + "))";
    return pg.preparedQuery("UPDATE charging_sessions s SET status = 'COMPLETED', stopped_at = now(),"
            + " stop_reason = $3, updated_at = now(), meter_stop_wh = " + meterStop + ","
            + " energy_wh = " + completedEnergy("s", meterStop)
            + " FROM chargers c WHERE s.id = $1 AND c.id = s.charger_id AND s.status = 'ACTIVE'"
            + " AND " + scope.networkPredicate("s.network_id", 2)
            + " RETURNING s.id, s.network_id, s.evse_id, s.connector_id, s.ocpp16_transaction_id, s.transaction_ref,"
            + " s.status, s.meter_start_wh, s.energy_wh, false AS created, s.meter_stop_wh, c.id AS charger_id,"
            + " c.charge_point_id")
        .execute(Tuple.of(sessionId, scope.networkBind(), reason))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new ForcedStop(first(rows), r.getUUID("charger_id"), r.getString("charge_point_id"),
              r.getBigDecimal("meter_stop_wh")));
        });
  }

  /** A force-completed session, its charger, and the stop reading it was closed with. */
  public record ForcedStop(SessionRef session, UUID chargerId, String chargePointId, BigDecimal meterStopWh) {
  }

  /** 1.6: the session a transactionId belongs to on this charger. */
  public Future<Optional<SessionRef>> findOcpp16(UUID chargerId, int transactionId) {
    return pg.preparedQuery("SELECT id, network_id, evse_id, connector_id, ocpp16_transaction_id,"
            + " transaction_ref, status, meter_start_wh, energy_wh, false AS created FROM charging_sessions"
            + " WHERE charger_id = $1 AND (ocpp16_transaction_id = $2 OR (orphan AND transaction_ref = $3))")
        .execute(Tuple.of(chargerId, transactionId, Integer.toString(transactionId)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(first(rows)));
  }

  /** The active session on an EVSE, if any (used after a reconnect to attach meter values). */
  public Future<Optional<SessionRef>> findActive(UUID chargerId, int evseId) {
    return pg.preparedQuery("SELECT id, network_id, evse_id, connector_id, ocpp16_transaction_id,"
            + " transaction_ref, status, meter_start_wh, energy_wh, false AS created FROM charging_sessions"
            + " WHERE charger_id = $1 AND evse_id = $2 AND status = 'ACTIVE' ORDER BY started_at DESC LIMIT 1")
        .execute(Tuple.of(chargerId, evseId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(first(rows)));
  }

  /**
   * 1.6 StopTransaction for a transactionId Voltgate never issued (e.g. started while the charger
   * was attached to another system): recorded as a completed orphan session so the charger is
   * answered and nothing is lost. Idempotent.
   */
  public Future<SessionRef> recordOrphanStop(ChargerRecord charger, int transactionId, SessionStop stop,
      JsonArray transactionData) {
    String ref = Integer.toString(transactionId);
    return pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, evse_id,"
            + " connector_id, ocpp_version, transaction_ref, id_token, status, started_at, stopped_at,"
            + " meter_stop_wh, stop_reason, orphan, transaction_data)"
            + " VALUES ($1, $2, $3, 0, 0, '1.6', $4, $5, 'COMPLETED', $6, $6, $7, $8, true, $9)"
            + " ON CONFLICT (charger_id, transaction_ref) DO UPDATE SET updated_at = now()" + RETURNING)
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), charger.networkId(), charger.id(), ref,
            stop.idToken(), utc(stop.stoppedAt()), stop.meterStopWh(), stop.reason(), transactionData}))
        .map(SessionRepository::first);
  }

  /** Number of active sessions authorised by this token other than {@code except} (for ConcurrentTx). */
  public Future<Integer> countOtherActiveByToken(String idToken, UUID except) {
    return pg.preparedQuery("SELECT count(*)::int AS n FROM charging_sessions WHERE id_token = $1"
            + " AND status = 'ACTIVE' AND id <> $2").execute(Tuple.of(idToken, except))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  private static SessionRef first(RowSet<Row> rows) {
    Row r = rows.iterator().next();
    return new SessionRef(r.getUUID("id"), r.getUUID("network_id"), r.getInteger("evse_id"),
        r.getInteger("connector_id"), r.getInteger("ocpp16_transaction_id"),
        r.getString("transaction_ref"), r.getString("status"), r.getBigDecimal("meter_start_wh"),
        r.getBigDecimal("energy_wh"), Boolean.TRUE.equals(r.getBoolean("created")));
  }

  /** Convenience for callers holding Wh as long. */
  public static BigDecimal wh(long value) {
    return BigDecimal.valueOf(value);
  }
}
