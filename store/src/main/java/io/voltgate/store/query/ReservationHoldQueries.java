package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Which connectors a driver holds by reservation right now, for the permission to control them.
 * Deliberately only this read of {@code reservations}: making and cancelling reservations is the
 * reservation endpoints' business.
 */
public final class ReservationHoldQueries {

  private final Pool pg;

  public ReservationHoldQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * The EVSE ids of the driver's reservations on the charger that the charger accepted and that have
   * not expired. A whole-charger reservation (EVSE 0 or none) names no connector, so it is not here.
   */
  public Future<List<Integer>> heldEvses(Scope.Driver driver, UUID chargerId) {
    return pg.preparedQuery("SELECT evse_id FROM reservations WHERE charger_id = $1 AND driver_id = $2"
            + " AND network_id = $3 AND status = 'Accepted' AND expires_at > now() AND evse_id > 0")
        .execute(Tuple.of(chargerId, driver.driverId(), driver.networkId()))
        .map(rows -> {
          List<Integer> evses = new ArrayList<>();
          rows.forEach(r -> evses.add(r.getInteger("evse_id")));
          return evses;
        });
  }
}
