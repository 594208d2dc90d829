package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Fraud holds (docs/fraud.md): drivers' unpaid balances and their hold. One rule, written here only:
 * a CDR is <b>unpaid</b> when its {@code payment_status} is {@code 'failed'}; it is the driver's when
 * its session was charged with one of the driver's tokens ({@link #SESSION_DRIVER}); a driver's
 * balance on a network is the sum of the totals of their unpaid CDRs there; a driver is <b>held</b>
 * while their balance on at least one network is over the threshold. The hold is stored on the driver
 * ({@code fraud_hold_at}) so the gateway's Authorize reads it in the token lookup it makes anyway
 * ({@code store.pg.IdTokenRepository}); every change of it answers the driver's token uids, whose
 * cached Authorize answers the caller must drop.
 */
public final class FraudQueries {

  /** The payment status of an unpaid CDR, and the one a waiver leaves. */
  public static final String FAILED = "failed";
  public static final String WAIVED = "waived";

  /**
   * The driver a session (alias {@code s}) was charged for: the session's own driver, else the driver
   * of its token (a live token first, else the newest), else null.
   */
  static final String SESSION_DRIVER = "COALESCE(s.driver_id, (SELECT it.driver_id FROM id_tokens it"
      + " WHERE it.token = s.id_token AND it.driver_id IS NOT NULL"
      + " ORDER BY (it.deleted_at IS NULL) DESC, it.created_at DESC LIMIT 1))";

  private static final String UNPAID = "FROM transactions t JOIN charging_sessions s ON s.id = t.session_id"
      + " WHERE t.payment_status = 'failed'";

  /** A held driver as the operator's list shows them; {@code outstanding} is over the caller's networks. */
  public record Hold(UUID driverId, String email, boolean phoneVerified, String reason, OffsetDateTime heldAt,
      BigDecimal outstanding) {
  }

  /** A driver's anti-fraud status; {@code outstanding} is over the caller's networks. */
  public record Status(UUID driverId, String email, OffsetDateTime phoneVerifiedAt, OffsetDateTime heldAt,
      String reason, BigDecimal outstanding) {

    public boolean held() {
      return heldAt != null;
    }
  }

  /** A hold placed ({@code held}) or lifted by an evaluation, with the driver's token uids. */
  public record Change(UUID driverId, boolean held, List<String> tokens) {
  }

  /**
   * What a clearance did: the hold before and after it, how many of the caller's unpaid CDRs it
   * waived, and the driver's token uids.
   */
  public record Clearance(UUID driverId, boolean heldBefore, boolean heldAfter, int waived, List<String> tokens) {
  }

  private final Pool pg;

  public FraudQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The unpaid balance of driver {@code driverRef} over the scope's networks (bound to {@code $param}). */
  private static String outstanding(Scope scope, String driverRef, int param) {
    return "(SELECT COALESCE(sum(t.total), 0) " + UNPAID + " AND " + scope.networkPredicate("t.network_id", param)
        + " AND " + SESSION_DRIVER + " = " + driverRef + ")";
  }

  /** The scope's held drivers (drivers of its networks), the latest hold first. */
  public Future<List<Hold>> holds(Scope scope) {
    return pg.preparedQuery("SELECT d.id, d.email, d.phone_verified_at, d.fraud_hold_reason, d.fraud_hold_at, "
            + outstanding(scope, "d.id", 1) + " AS outstanding FROM drivers d WHERE d.fraud_hold_at IS NOT NULL"
            + " AND d.deleted_at IS NULL AND " + scope.networkPredicate("d.network_id", 1)
            + " ORDER BY d.fraud_hold_at DESC, d.id")
        .execute(Tuple.of(scope.networkBind()))
        .map(rows -> {
          List<Hold> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(new Hold(r.getUUID("id"), r.getString("email"), r.getOffsetDateTime("phone_verified_at") != null,
              r.getString("fraud_hold_reason"), r.getOffsetDateTime("fraud_hold_at"), r.getBigDecimal("outstanding"))));
          return out;
        });
  }

  /** A driver of the scope's networks with their status, or empty (another network's driver too). */
  public Future<Optional<Status>> status(Scope scope, UUID driverId) {
    return pg.preparedQuery("SELECT d.id, d.email, d.phone_verified_at, d.fraud_hold_at, d.fraud_hold_reason, "
            + outstanding(scope, "d.id", 1) + " AS outstanding FROM drivers d WHERE d.id = $2 AND d.deleted_at IS NULL"
            + " AND " + scope.networkPredicate("d.network_id", 1))
        .execute(Tuple.of(scope.networkBind(), driverId))
        .map(rows -> Rows.first(rows).map(r -> new Status(r.getUUID("id"), r.getString("email"),
            r.getOffsetDateTime("phone_verified_at"), r.getOffsetDateTime("fraud_hold_at"), r.getString("fraud_hold_reason"),
            r.getBigDecimal("outstanding"))));
  }

  /**
   * Places or lifts every hold the rule now calls for, in one statement (idempotent: API nodes may
   * run it at once). Completes with the changes.
   *
   * <p>{@code beforeCommit} gets the changed drivers' token uids while the change is not committed
   * yet (the caller drops their cached Authorize answers then, and again after the commit: whoever
   * sees the change committed finds no answer cached before it).
   *
   * @param threshold a balance over it (on one network) holds the driver
   * @param reason the reason a new hold records
   */
  public Future<List<Change>> evaluateAll(BigDecimal threshold, String reason,
      Function<List<String>, Future<Void>> beforeCommit) {
    return pg.withTransaction(conn -> conn.preparedQuery("WITH owed AS (SELECT " + SESSION_DRIVER + " AS driver_id, t.network_id,"
            + " sum(t.total) AS balance " + UNPAID + " GROUP BY 1, 2),"
            + " over AS (SELECT DISTINCT driver_id FROM owed WHERE driver_id IS NOT NULL AND balance > $1),"
            + " placed AS (UPDATE drivers d SET fraud_hold_at = now(), fraud_hold_reason = $2"
            + " WHERE d.id IN (SELECT driver_id FROM over) AND d.fraud_hold_at IS NULL AND d.deleted_at IS NULL"
            + " RETURNING d.id, true AS held),"
            + " lifted AS (UPDATE drivers d SET fraud_hold_at = NULL, fraud_hold_reason = NULL"
            + " WHERE d.fraud_hold_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM over o WHERE o.driver_id = d.id)"
            + " RETURNING d.id, false AS held)"
            + " SELECT c.id, c.held, ARRAY(SELECT it.token FROM id_tokens it WHERE it.driver_id = c.id) AS tokens"
            + " FROM (SELECT id, held FROM placed UNION ALL SELECT id, held FROM lifted) c")
        .execute(Tuple.of(threshold, reason))
        .map(rows -> {
          List<Change> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(new Change(r.getUUID("id"), r.getBoolean("held"), tokens(r))));
          return out;
        })
        .compose(changes -> beforeCommit.apply(uids(changes)).map(changes)));
  }

  /** Every token uid of the changes. */
  public static List<String> uids(List<Change> changes) {
    List<String> out = new ArrayList<>();
    changes.forEach(c -> out.addAll(c.tokens()));
    return out;
  }

  /**
   * Clears a driver's hold as far as the rule allows: with {@code waive}, first turns the driver's
   * unpaid CDRs <em>of the scope's networks</em> into {@code waived} (by {@code keyId}); then the
   * driver is evaluated again, over every network. One transaction, the driver's row locked;
   * {@code beforeCommit} as for {@link #evaluateAll}. Completes with empty when the driver is not one
   * of the scope's networks.
   */
  public Future<Optional<Clearance>> clear(Scope scope, UUID driverId, boolean waive, UUID keyId, BigDecimal threshold,
      String reason, Function<List<String>, Future<Void>> beforeCommit) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT fraud_hold_at FROM drivers d WHERE d.id = $2"
            + " AND d.deleted_at IS NULL AND " + scope.networkPredicate("d.network_id", 1) + " FOR UPDATE")
        .execute(Tuple.of(scope.networkBind(), driverId))
        .compose(found -> {
          if (found.size() == 0) {
            return Future.succeededFuture(Optional.<Clearance>empty());
          }
          boolean before = found.iterator().next().getOffsetDateTime("fraud_hold_at") != null;
          Future<Integer> waived = waive ? waive(conn, scope, driverId, keyId) : Future.succeededFuture(0);
          return waived.compose(n -> evaluate(conn, driverId, threshold, reason)
              .compose(after -> conn.preparedQuery("SELECT token FROM id_tokens WHERE driver_id = $1")
                  .execute(Tuple.of(driverId))
                  .map(rows -> {
                    List<String> uids = new ArrayList<>(rows.size());
                    rows.forEach(r -> uids.add(r.getString("token")));
                    return new Clearance(driverId, before, after, n, uids);
                  })))
              .compose(c -> beforeCommit.apply(c.tokens()).map(v -> Optional.of(c)));
        }));
  }

  private static Future<Integer> waive(SqlConnection conn, Scope scope, UUID driverId, UUID keyId) {
    return conn.preparedQuery("UPDATE transactions t SET payment_status = 'waived', waived_at = now(), waived_by_key = $3"
            + " FROM charging_sessions s WHERE s.id = t.session_id AND t.payment_status = 'failed'"
            + " AND " + scope.networkPredicate("t.network_id", 1) + " AND " + SESSION_DRIVER + " = $2")
        .execute(Tuple.of(scope.networkBind(), driverId, keyId))
        .map(rows -> rows.rowCount());
  }

  /** Applies the rule to one driver (hold kept with its time and reason, placed, or lifted); completes with the hold after. */
  private static Future<Boolean> evaluate(SqlConnection conn, UUID driverId, BigDecimal threshold, String reason) {
    return conn.preparedQuery("UPDATE drivers d SET"
            + " fraud_hold_at = CASE WHEN o.over THEN COALESCE(d.fraud_hold_at, now()) END,"
            + " fraud_hold_reason = CASE WHEN o.over THEN COALESCE(d.fraud_hold_reason, $3) END"
            + " FROM (SELECT EXISTS (SELECT 1 FROM (SELECT t.network_id, sum(t.total) AS balance " + UNPAID
            + " AND " + SESSION_DRIVER + " = $1 GROUP BY t.network_id) b WHERE b.balance > $2) AS over) o"
            + " WHERE d.id = $1 RETURNING d.fraud_hold_at IS NOT NULL AS held")
        .execute(Tuple.of(driverId, threshold, reason))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("held"));
  }

  /**
   * Whether {@code idTag}, as a charger of {@code networkId} would take it (a live token of that
   * network or of none), is the token of a held driver.
   */
  public Future<Boolean> tokenHeld(UUID networkId, String idTag) {
    return pg.preparedQuery("SELECT EXISTS (SELECT 1 FROM id_tokens t JOIN drivers d ON d.id = t.driver_id"
            + " WHERE t.token = $1 AND t.deleted_at IS NULL AND (t.network_id IS NULL OR t.network_id = $2)"
            + " AND d.fraud_hold_at IS NOT NULL) AS held")
        .execute(Tuple.of(idTag, networkId))
        .map(rows -> rows.iterator().next().getBoolean("held"));
  }

  private static List<String> tokens(Row r) {
    String[] uids = r.getArrayOfStrings("tokens");
    return uids == null ? List.of() : Arrays.asList(uids);
  }
}
