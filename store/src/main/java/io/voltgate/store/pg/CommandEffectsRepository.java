package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.UUID;

/** Durable side effects of commands a charger accepted: charging profiles and reservations. */
public final class CommandEffectsRepository {

  private final Pool pg;

  public CommandEffectsRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Stores an accepted charging profile on an EVSE's connectors (evse 0: every connector). */
  public Future<Void> setActiveProfile(UUID chargerId, int evseId, JsonObject profile) {
    return pg.preparedQuery("UPDATE connectors SET active_profile = $3, updated_at = now()"
            + " WHERE charger_id = $1 AND ($2 = 0 OR evse_id = $2) AND deleted_at IS NULL")
        .execute(Tuple.of(chargerId, evseId, profile)).mapEmpty();
  }

  /** Clears the profile with this id (or every profile when {@code profileId} is null). */
  public Future<Void> clearActiveProfile(UUID chargerId, Integer profileId) {
    return pg.preparedQuery("UPDATE connectors SET active_profile = NULL, updated_at = now()"
            + " WHERE charger_id = $1 AND active_profile IS NOT NULL"
            + " AND ($2::int IS NULL OR (active_profile->>'profileId')::int = $2)")
        .execute(Tuple.of(chargerId, profileId)).mapEmpty();
  }

  /** The charger's answer to ReserveNow / CancelReservation, by the OCPP reservation id. */
  public Future<Void> setReservationStatus(UUID chargerId, int reservationId, String status) {
    return pg.preparedQuery("UPDATE reservations SET status = $3, updated_at = now()"
            + " WHERE charger_id = $1 AND ocpp_reservation_id = $2")
        .execute(Tuple.of(chargerId, reservationId, status)).mapEmpty();
  }
}
