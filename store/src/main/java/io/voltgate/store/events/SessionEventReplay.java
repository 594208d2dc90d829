package io.voltgate.store.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.EventType;
import io.voltgate.store.model.SessionEvents;
import io.voltgate.store.model.SessionRef;
import io.voltgate.store.redis.PublishedEvent;
import io.voltgate.store.redis.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Closes the window the spool leaves open: an event Redis took, but lost (killed without
 * persistence) before every consumer read it. For the session events Postgres can tell again,
 * {@code session.started} and {@code session.completed}, the first node to find Redis without its
 * epoch marker ({@link RedisKeys#EVENTS_EPOCH}, {@code SET NX}: one node per loss) appends those of the
 * last {@code window} again, in the order they happened, each under its session's own event id
 * ({@link SessionEvents#startedEventId}, {@link SessionEvents#completedEventId}), marked
 * {@code "replayed": true}. Webhooks deliver an event id once per subscription and billing prices a
 * session once, so what had been read before is not repeated there; an SSE client may see such an
 * event twice, with the same id. On a first start (an empty Redis) the same runs, harmlessly.
 */
public final class SessionEventReplay {

  /** Longer than any consumer lags behind the stream in practice (sub-second). */
  public static final Duration WINDOW = Duration.ofMinutes(5);
  private static final int MAX_EVENTS = 50_000;
  private static final long APPEND_TIMEOUT_S = 30;
  private static final String COLUMNS = "s.id, s.network_id, s.evse_id, s.connector_id, s.ocpp16_transaction_id,"
      + " s.transaction_ref, s.status, s.meter_start_wh, s.energy_wh, s.meter_stop_wh, s.started_at, s.stopped_at,"
      + " s.stop_reason, s.orphan, s.offline, s.id_token, s.updated_at, s.charger_id, c.charge_point_id";

  private final Pool pg;
  private final Redis redis;
  private final long maxLen;
  private final Duration window;

  /**
   * @param maxLen the stream's approximate bound ({@code VOLTGATE_EVENT_STREAM_MAXLEN})
   * @param window how far back session events are appended again
   */
  public SessionEventReplay(Pool pg, Redis redis, long maxLen, Duration window) {
    this.pg = Objects.requireNonNull(pg);
    this.redis = Objects.requireNonNull(redis);
    this.maxLen = maxLen;
    this.window = Objects.requireNonNull(window);
  }

  /**
   * Looks for the marker; when this call set it (Redis had lost it), appends the recent session
   * events again. Completes with how many; fails (and removes the marker, so that the next look tries
   * again) when Postgres or Redis failed on the way.
   */
  public Future<Integer> checkOnce(Instant now) {
    return redis.send(Request.cmd(Command.SET).arg(RedisKeys.EVENTS_EPOCH).arg(now.toString()).arg("NX"))
        .compose(set -> set == null ? Future.succeededFuture(0)
            : replay(now.minus(window)).recover(e -> redis.send(Request.cmd(Command.DEL).arg(RedisKeys.EVENTS_EPOCH))
                .transform(ignored -> Future.failedFuture(e))));
  }

  private Future<Integer> replay(Instant since) {
    return pg.preparedQuery("SELECT * FROM ("
            // Started since (server time): the running sessions (the active-sessions index), and those
            // already completed (the completed-sessions index, bounded by the charger's stop time).
            // A stop for an unknown transaction (orphan) never published a start.
            + "SELECT 'started' AS kind, s.created_at AS at, " + COLUMNS
            + " FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
            + " WHERE s.created_at >= $1 AND NOT s.orphan AND (s.status = 'ACTIVE'"
            + " OR (s.status = 'COMPLETED' AND s.stopped_at >= $1::timestamptz - interval '1 day'))"
            + " UNION ALL SELECT 'completed', s.updated_at, " + COLUMNS
            + " FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
            // Completed since (server time); the stopped_at bound (the charger's time, up to a day
            // earlier for stops sent late) lets the completed-sessions index bound the scan.
            + " WHERE s.status = 'COMPLETED' AND s.stopped_at >= $1::timestamptz - interval '1 day'"
            + " AND s.updated_at >= $1) e ORDER BY e.at, e.kind DESC, e.id LIMIT $2")
        .execute(Tuple.of(since.atOffset(ZoneOffset.UTC), MAX_EVENTS))
        .compose(rows -> {
          List<Request> xadds = new ArrayList<>(rows.size());
          for (Row r : rows) {
            xadds.add(("started".equals(r.getString("kind")) ? started(r) : completed(r)).xadd(maxLen));
          }
          return xadds.isEmpty() ? Future.succeededFuture(0)
              : redis.batch(xadds).timeout(APPEND_TIMEOUT_S, TimeUnit.SECONDS).map(xadds.size());
        });
  }

  private static SessionRef session(Row r, String status) {
    return new SessionRef(r.getUUID("id"), r.getUUID("network_id"), r.getInteger("evse_id"),
        r.getInteger("connector_id"), r.getInteger("ocpp16_transaction_id"), r.getString("transaction_ref"),
        status, r.getBigDecimal("meter_start_wh"), r.getBigDecimal("energy_wh"), false);
  }

  /** The {@code session.started} the start of this session published (with the status it then had). */
  static PublishedEvent started(Row r) {
    SessionRef session = session(r, "ACTIVE");
    JsonObject data = SessionEvents.started(session, r.getUUID("charger_id"), r.getString("charge_point_id"),
        r.getString("id_token"), r.getOffsetDateTime("started_at").toInstant(), r.getBigDecimal("meter_start_wh"),
        Boolean.TRUE.equals(r.getBoolean("offline"))).put("replayed", true);
    return new PublishedEvent(SessionEvents.startedEventId(session.id()), EventType.SESSION_STARTED.wire(),
        session.networkId(), r.getString("charge_point_id"), r.getOffsetDateTime("at").toInstant().toString(),
        data.encode());
  }

  /** The {@code session.completed} a stop of this session published, rebuilt from the row. */
  static PublishedEvent completed(Row r) {
    SessionRef session = session(r, r.getString("status"));
    String reason = r.getString("stop_reason");
    SessionEvents.Completion how = Boolean.TRUE.equals(r.getBoolean("orphan")) ? SessionEvents.Completion.ORPHAN
        : SessionEvents.FORCED_REASON.equals(reason) ? SessionEvents.Completion.FORCED : SessionEvents.Completion.CHARGER;
    Instant stoppedAt = r.getOffsetDateTime("stopped_at") == null ? r.getOffsetDateTime("updated_at").toInstant()
        : r.getOffsetDateTime("stopped_at").toInstant();
    JsonObject data = SessionEvents.completed(session, r.getUUID("charger_id"), r.getString("charge_point_id"),
        stoppedAt, reason, how, r.getBigDecimal("meter_stop_wh")).put("replayed", true);
    return new PublishedEvent(SessionEvents.completedEventId(session.id()), EventType.SESSION_COMPLETED.wire(),
        session.networkId(), r.getString("charge_point_id"), r.getOffsetDateTime("updated_at").toInstant().toString(),
        data.encode());
  }
}
