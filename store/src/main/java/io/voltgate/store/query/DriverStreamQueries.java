package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What of the live event stream is a driver's, in one round trip: the driver's token uids (what a
 * {@code session.started} names), the driver's sessions still worth following, the chargers of the
 * driver's favourites (their availability) and the driver's reservations. The stream filter loads
 * this when a driver connects and refreshes it now and then, so no event costs a query.
 */
public final class DriverStreamQueries {

  /**
   * Ids as the event payloads spell them (UUIDs in their canonical text).
   *
   * @param tokenUids the uids of every token the driver has had in the network (a session started
   *     with a token deleted since is still the driver's)
   * @param sessionIds the driver's sessions that are open or ended within the last day
   * @param chargerIds live public chargers at published locations that the driver saved, or that
   *     stand at a location the driver saved
   * @param reservationIds the OCPP ids of the driver's reservations that have not long expired
   */
  public record Interests(Set<String> tokenUids, Set<String> sessionIds, Set<String> chargerIds,
      Set<Integer> reservationIds) {
  }

  private static final String TOKENS = "SELECT t.token FROM id_tokens t WHERE t.driver_id = $2 AND t.network_id = $1";

  /** $1 the driver's network, $2 the driver. */
  private static final String INTERESTS = "SELECT"
      + " ARRAY(" + TOKENS + ") AS tokens,"
      + " ARRAY(SELECT s.id::text FROM charging_sessions s WHERE s.network_id = $1 AND NOT s.orphan"
      + " AND s.id_token IN (" + TOKENS + ")"
      + " AND (s.status = 'ACTIVE' OR s.stopped_at > now() - interval '1 day')) AS sessions,"
      + " ARRAY(SELECT DISTINCT c.id::text FROM driver_favorites f JOIN chargers c ON c.network_id = f.network_id"
      + " AND ((f.target_type = 'charger' AND c.id = f.target_id) OR (f.target_type = 'location' AND c.location_id = f.target_id))"
      + " WHERE f.driver_id = $2 AND f.network_id = $1"
      + " AND " + FavoriteQueries.targetVisible("f.network_id", "'charger'", "c.id") + ") AS chargers,"
      + " ARRAY(SELECT r.ocpp_reservation_id FROM reservations r WHERE r.network_id = $1"
      + " AND (r.driver_id = $2 OR r.id_token IN (" + TOKENS + "))"
      + " AND r.expires_at > now() - interval '1 day') AS reservations";

  private final Pool pg;

  public DriverStreamQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The driver's interests; only what the driver of this scope owns or saved. */
  public Future<Interests> interests(Scope.Driver driver) {
    return pg.preparedQuery(INTERESTS).execute(Tuple.of(driver.networkId(), driver.driverId()))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Interests(strings(r, "tokens"), strings(r, "sessions"), strings(r, "chargers"),
              Arrays.stream(r.getArrayOfIntegers("reservations")).collect(Collectors.toUnmodifiableSet()));
        });
  }

  private static Set<String> strings(Row r, String column) {
    return Arrays.stream(r.getArrayOfStrings(column)).collect(Collectors.toUnmodifiableSet());
  }
}
