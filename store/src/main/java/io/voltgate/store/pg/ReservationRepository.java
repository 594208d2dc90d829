package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What chargers tell about reservations: a hold ended (expired, removed, used) and whom a connector is held for. */
public final class ReservationRepository {

  /** The reservation a charger's message ended. */
  public record Ended(UUID id, UUID networkId, Integer connectorNumber, UUID driverId) {
  }

  private final Pool pg;

  public ReservationRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * Ends the charger's active hold with this OCPP reservation id; empty when there is none (unknown,
   * or already ended: a repeated message changes nothing and publishes nothing).
   */
  public Future<Optional<Ended>> end(UUID chargerId, int ocppReservationId, String status, String reason) {
    return pg.preparedQuery("UPDATE reservations SET status = $3, status_reason = $4, updated_at = now()"
            + " WHERE charger_id = $1 AND ocpp_reservation_id = $2 AND status IN ('Requested', 'Accepted')"
            + " RETURNING id, network_id, evse_id, driver_id")
        .execute(Tuple.of(chargerId, ocppReservationId, status, reason))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new Ended(r.getUUID("id"), r.getUUID("network_id"), r.getInteger("evse_id"),
              r.getUUID("driver_id")));
        });
  }

  /**
   * Whether the connector (EVSE number) holds an accepted, unexpired reservation for a token other
   * than {@code idTag}.
   */
  public Future<Boolean> heldForAnother(UUID chargerId, int connectorNumber, String idTag) {
    return pg.preparedQuery("SELECT EXISTS (SELECT 1 FROM reservations WHERE charger_id = $1 AND evse_id = $2"
            + " AND status = 'Accepted' AND expires_at > now() AND id_token IS DISTINCT FROM $3) AS held")
        .execute(Tuple.of(chargerId, connectorNumber, idTag))
        .map(rows -> rows.iterator().next().getBoolean("held"));
  }
}
