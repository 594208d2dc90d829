package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Drivers' web-push subscriptions ({@code driver_push_subscriptions}). A subscription belongs to
 * one driver; the endpoint (the push service's URL for one browser or device) is unique, so
 * subscribing it again, by the same driver or by another driver signed in on that device, replaces
 * the row: pushes follow whoever subscribed the device last. A driver lists and removes only their
 * own.
 */
public final class PushSubscriptionQueries {

  /** A subscription; {@code p256dh} and {@code auth} as the browser gave them (base64url). */
  public record Subscription(UUID id, UUID networkId, UUID driverId, String endpoint, String p256dh, String auth) {
  }

  /** The driver a session belongs to. */
  public record SessionDriver(UUID networkId, UUID driverId) {
  }

  private static final String COLUMNS = "s.id, s.network_id, s.driver_id, s.endpoint, s.p256dh, s.auth";

  private final Pool pg;

  public PushSubscriptionQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * Saves the endpoint for the driver of the scope (a driver scope only); completes with false when
   * the driver account is gone.
   */
  public Future<Boolean> subscribe(Scope scope, String endpoint, String p256dh, String auth) {
    Scope.Driver d = scope.requireDriver();
    return pg.preparedQuery("INSERT INTO driver_push_subscriptions (id, network_id, driver_id, endpoint, p256dh, auth)"
            + " SELECT $3, d.network_id, d.id, $4, $5, $6 FROM drivers d"
            + " WHERE d.id = $2 AND d.network_id = $1 AND d.deleted_at IS NULL"
            + " ON CONFLICT (endpoint) DO UPDATE SET network_id = EXCLUDED.network_id, driver_id = EXCLUDED.driver_id,"
            + " p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, updated_at = now()")
        .execute(Tuple.of(d.networkId(), d.driverId(), UUID.randomUUID(), endpoint, p256dh, auth))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Removes the driver's subscription of this endpoint; false when the driver has none. */
  public Future<Boolean> unsubscribe(Scope scope, String endpoint) {
    Scope.Driver d = scope.requireDriver();
    return pg.preparedQuery("DELETE FROM driver_push_subscriptions WHERE endpoint = $3 AND driver_id = $2"
            + " AND network_id = $1")
        .execute(Tuple.of(d.networkId(), d.driverId(), endpoint))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The subscriptions of one driver of one network, oldest first. */
  public Future<List<Subscription>> ofDriver(UUID networkId, UUID driverId) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM driver_push_subscriptions s"
            + " WHERE s.driver_id = $2 AND s.network_id = $1 ORDER BY s.created_at, s.id")
        .execute(Tuple.of(networkId, driverId))
        .map(rows -> Rows.list(rows).stream().map(PushSubscriptionQueries::subscription).toList());
  }

  /**
   * Forgets a subscription the push service answered 404/410 for (the browser dropped it). Only the
   * row as it was sent: a device re-subscribed since keeps its new keys.
   */
  public Future<Boolean> forget(UUID id, String p256dh) {
    return pg.preparedQuery("DELETE FROM driver_push_subscriptions WHERE id = $1 AND p256dh = $2")
        .execute(Tuple.of(id, p256dh)).map(rows -> rows.rowCount() > 0);
  }

  /**
   * The driver a session belongs to: the owner of the token it was started with, at the session's
   * network (as a driver's session list sees it; orphan stops belong to nobody). Empty for sessions
   * of tokens no driver owns.
   */
  public Future<Optional<SessionDriver>> driverOfSession(UUID sessionId) {
    return pg.preparedQuery("SELECT s.network_id, it.driver_id FROM charging_sessions s"
            + " JOIN id_tokens it ON it.token = s.id_token AND it.network_id = s.network_id"
            + " WHERE s.id = $1 AND NOT s.orphan AND it.driver_id IS NOT NULL"
            + " ORDER BY it.deleted_at NULLS FIRST LIMIT 1")
        .execute(Tuple.of(sessionId))
        .map(rows -> Rows.first(rows).map(r -> new SessionDriver(r.getUUID("network_id"), r.getUUID("driver_id"))));
  }

  private static Subscription subscription(Row r) {
    return new Subscription(r.getUUID("id"), r.getUUID("network_id"), r.getUUID("driver_id"), r.getString("endpoint"),
        r.getString("p256dh"), r.getString("auth"));
  }
}
