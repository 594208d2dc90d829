package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads of the OCPP message log ({@code ocpp_messages}, docs/ocpp-log.md), one charger at a time and
 * within the scope's networks. Every read hides the rows older than the network's own retention
 * ({@code networks.ocpp_log_retention_days}, else the default): partitions are dropped only past the
 * longest retention of any network, so a partition may still hold rows another network no longer
 * keeps. Frames come in capture order: {@code (logged_at, id)}.
 */
public final class OcppMessageQueries {

  /**
   * What a list asks for; null fields do not filter.
   *
   * @param direction {@code in} or {@code out}
   * @param messageType {@code CALL}, {@code CALLRESULT}, {@code CALLERROR} or {@code REFUSED}
   * @param errorsOnly CALLERRORs and refused frames only
   */
  public record Filter(Instant from, Instant to, String action, String direction, String messageId,
      String messageType, boolean errorsOnly) {
  }

  /** A keyset position: the last row of the previous page. */
  public record Cursor(Instant loggedAt, long id) {
  }

  private static final String FROM = " FROM ocpp_messages m JOIN networks n ON n.id = m.network_id";

  private final Pool pg;
  private final int defaultRetentionDays;

  public OcppMessageQueries(Pool pg, int defaultRetentionDays) {
    this.pg = Objects.requireNonNull(pg);
    this.defaultRetentionDays = defaultRetentionDays;
  }

  /** The retention condition, with the default bound to {@code $n}. */
  private static String retained(int param) {
    return "m.logged_at >= now() - make_interval(days => coalesce(n.ocpp_log_retention_days, $" + param + "::int))";
  }

  /**
   * One page of a charger's frames ({@link OcppMessageView#COLUMNS}), oldest first when {@code ascending},
   * else newest first; {@code limit} rows at most.
   */
  public Future<List<Row>> list(Scope scope, UUID chargerId, Filter f, Cursor after, boolean ascending, int limit) {
    String keyset = after == null ? "" : ascending ? " AND (m.logged_at, m.id) > ($11::timestamptz, $12::bigint)"
        : " AND (m.logged_at, m.id) < ($11::timestamptz, $12::bigint)";
    String order = ascending ? " ORDER BY m.logged_at, m.id" : " ORDER BY m.logged_at DESC, m.id DESC";
    String sql = "SELECT " + OcppMessageView.COLUMNS + FROM
        + " WHERE m.charger_id = $2 AND " + scope.networkPredicate("m.network_id", 1) + " AND " + retained(3)
        + " AND ($4::timestamptz IS NULL OR m.logged_at >= $4) AND ($5::timestamptz IS NULL OR m.logged_at < $5)"
        + " AND ($6::text IS NULL OR m.action = $6) AND ($7::text IS NULL OR m.direction = $7)"
        + " AND ($8::text IS NULL OR m.message_id = $8) AND ($9::text IS NULL OR m.message_type = $9)"
        + " AND (NOT $10::bool OR m.message_type IN ('CALLERROR', 'REFUSED'))"
        + keyset + order + " LIMIT " + Math.max(1, limit);
    List<Object> args = new ArrayList<>();
    args.add(scope.networkBind());
    args.add(chargerId);
    args.add(defaultRetentionDays);
    args.add(time(f.from()));
    args.add(time(f.to()));
    args.add(f.action());
    args.add(f.direction());
    args.add(f.messageId());
    args.add(f.messageType());
    args.add(f.errorsOnly());
    if (after != null) {
      args.add(time(after.loggedAt()));
      args.add(after.id());
    }
    return pg.preparedQuery(sql).execute(Tuple.from(args)).map(OcppMessageQueries::list);
  }

  /**
   * One exchange: the frames under a message id (a CALL and its answer; a repeated CALL and its repeated
   * answer too), in capture order. Empty when none is retained.
   */
  public Future<List<Row>> exchange(Scope scope, UUID chargerId, String messageId) {
    return pg.preparedQuery("SELECT " + OcppMessageView.COLUMNS + FROM + " WHERE m.charger_id = $2 AND "
            + scope.networkPredicate("m.network_id", 1) + " AND " + retained(3) + " AND m.message_id = $4"
            + " ORDER BY m.logged_at, m.id")
        .execute(Tuple.of(scope.networkBind(), chargerId, defaultRetentionDays, messageId))
        .map(OcppMessageQueries::list);
  }

  /**
   * A charger's latest CALLs (either direction), newest first, each with its answer's {@code answer_type}
   * and {@code answer_latency_us} (null when unanswered).
   */
  public Future<List<Row>> recentExchanges(Scope scope, UUID chargerId, int limit) {
    return pg.preparedQuery("SELECT " + OcppMessageView.COLUMNS + ", a.message_type AS answer_type,"
            + " a.latency_us AS answer_latency_us, a.error_code AS answer_error_code" + FROM
            + " LEFT JOIN LATERAL (SELECT r.message_type, r.latency_us, r.error_code FROM ocpp_messages r"
            + " WHERE r.charger_id = m.charger_id AND r.message_id = m.message_id AND r.direction <> m.direction"
            + " AND r.message_type IN ('CALLRESULT', 'CALLERROR') AND r.logged_at >= m.logged_at"
            + " ORDER BY r.logged_at, r.id LIMIT 1) a ON true"
            + " WHERE m.charger_id = $2 AND " + scope.networkPredicate("m.network_id", 1) + " AND " + retained(3)
            + " AND m.message_type = 'CALL' ORDER BY m.logged_at DESC, m.id DESC LIMIT $4")
        .execute(Tuple.of(scope.networkBind(), chargerId, defaultRetentionDays, limit))
        .map(OcppMessageQueries::list);
  }

  /** How many frames of the charger are retained. */
  public Future<Long> count(Scope scope, UUID chargerId) {
    return pg.preparedQuery("SELECT count(*) AS n" + FROM + " WHERE m.charger_id = $2 AND "
            + scope.networkPredicate("m.network_id", 1) + " AND " + retained(3))
        .execute(Tuple.of(scope.networkBind(), chargerId, defaultRetentionDays))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** One retained frame of the charger by its log id, or empty. */
  public Future<Optional<Row>> frame(Scope scope, UUID chargerId, long id) {
    return pg.preparedQuery("SELECT " + OcppMessageView.COLUMNS + FROM + " WHERE m.charger_id = $2 AND "
            + scope.networkPredicate("m.network_id", 1) + " AND " + retained(3) + " AND m.id = $4")
        .execute(Tuple.of(scope.networkBind(), chargerId, defaultRetentionDays, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** A network's retention: its own days, or null when it uses the default; empty outside the scope. */
  public Future<Optional<Optional<Integer>>> retention(Scope scope, UUID networkId) {
    return pg.preparedQuery("SELECT ocpp_log_retention_days AS days FROM networks WHERE id = $2 AND deleted_at IS NULL"
            + " AND " + scope.networkPredicate("id", 1))
        .execute(Tuple.of(scope.networkBind(), networkId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(Optional.ofNullable(rows.iterator().next().getInteger("days"))));
  }

  /** Sets (or, with null, clears) a network's retention; false outside the scope. */
  public Future<Boolean> setRetention(Scope scope, UUID networkId, Integer days) {
    return pg.preparedQuery("UPDATE networks SET ocpp_log_retention_days = $3, updated_at = now()"
            + " WHERE id = $2 AND deleted_at IS NULL AND " + scope.networkPredicate("id", 1))
        .execute(Tuple.of(scope.networkBind(), networkId, days))
        .map(rows -> rows.rowCount() > 0);
  }

  public int defaultRetentionDays() {
    return defaultRetentionDays;
  }

  private static OffsetDateTime time(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static List<Row> list(Iterable<Row> rows) {
    List<Row> out = new ArrayList<>();
    rows.forEach(out::add);
    return out;
  }
}
