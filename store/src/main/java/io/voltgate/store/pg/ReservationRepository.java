package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What chargers tell about reservations: a hold ended (expired, removed, used) and whom a connector is held for. */
public final class ReservationRepository {

  /** The reservation a charger's message (or its expiry) ended. */
  public record Ended(UUID id, UUID networkId, UUID chargerId, String chargePointId, Integer connectorNumber,
      UUID driverId) {
  }

  private static final String ENDED_COLUMNS = " RETURNING r.id, r.network_id, r.charger_id, r.evse_id, r.driver_id,"
      + " (SELECT c.charge_point_id FROM chargers c WHERE c.id = r.charger_id) AS charge_point_id";

  private final Pool pg;

  public ReservationRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * Ends the charger's active hold with this OCPP reservation id; empty when there is none (unknown,
   * or already ended: a repeated message changes nothing and publishes nothing).
   */
  public Future<Optional<Ended>> end(UUID chargerId, int ocppReservationId, String status, String reason) {
    return pg.preparedQuery("UPDATE reservations r SET status = $3, status_reason = $4, updated_at = now()"
            + " WHERE r.charger_id = $1 AND r.ocpp_reservation_id = $2 AND r.status IN ('Requested', 'Accepted')"
            + ENDED_COLUMNS)
        .execute(Tuple.of(chargerId, ocppReservationId, status, reason))
        .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(ended(rows.iterator().next())));
  }

  /**
   * Marks at most {@code limit} active holds past their expiry Expired; the ones it marked. Each row
   * is marked by one caller only, so any number of nodes may sweep.
   */
  public Future<List<Ended>> expireDue(int limit) {
    return pg.preparedQuery("UPDATE reservations r SET status = 'Expired', status_reason = 'The reservation expired',"
            + " updated_at = now() WHERE r.id IN (SELECT id FROM reservations WHERE status IN ('Requested', 'Accepted')"
            + " AND expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)" + ENDED_COLUMNS)
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<Ended> out = new ArrayList<>();
          rows.forEach(r -> out.add(ended(r)));
          return out;
        });
  }

  private static Ended ended(Row r) {
    return new Ended(r.getUUID("id"), r.getUUID("network_id"), r.getUUID("charger_id"), r.getString("charge_point_id"),
        r.getInteger("evse_id"), r.getUUID("driver_id"));
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
