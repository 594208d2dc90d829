package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Drivers' connector reservations (OCPP ReserveNow). A driver scope sees only the driver's own, a
 * network scope its networks'; anything else answers as if it did not exist.
 *
 * <p>Stored statuses: {@code Requested} (ReserveNow sent, no answer yet), the charger's answer
 * ({@code Accepted}, {@code Faulted}, {@code Occupied}, {@code Rejected}, {@code Unavailable}), why
 * there was none ({@code Offline}, {@code Timeout}, {@code Busy}, {@code CallError}), and the ends
 * ({@code Cancelled}, {@code Expired}, {@code Removed}, {@code Used}). An active hold past its expiry
 * reads as {@code Expired} (a 1.6 charger never says so), whether or not the row says so yet.
 */
public final class ReservationQueries {

  /** Statuses of a hold that still counts (the unique index of V16 names the same two). */
  public static final String ACTIVE = "('Requested', 'Accepted')";
  /** Statuses of a hold that ended after it was accepted. */
  private static final String ENDED = "('Cancelled', 'Expired', 'Removed', 'Used')";

  /** A reservation as read: {@code status} is the effective one (expiry applied). */
  public record Reservation(UUID id, UUID networkId, UUID chargerId, String chargePointId, Integer connectorNumber,
      int ocppReservationId, String idTag, UUID driverId, OffsetDateTime expiresAt, String status,
      String statusReason, OffsetDateTime createdAt, OffsetDateTime cancelledAt) {

    /** Whether the hold still counts: requested or accepted, and not expired. */
    public boolean active() {
      return "Requested".equals(status) || "Accepted".equals(status);
    }
  }

  /** A token of the driver: its value (the idTag) and its stored type (ISO14443, APP_USER, ...). */
  public record DriverToken(String uid, String type) {
  }

  /** A public connector a driver may reserve; {@code evseId} is the API's connectorNumber. */
  public record Target(UUID networkId, UUID chargerId, String chargePointId, int evseId, int connectorId) {
  }

  private static final String EFFECTIVE_STATUS = "CASE WHEN r.status IN " + ACTIVE
      + " AND r.expires_at <= now() THEN 'Expired' ELSE r.status END";
  private static final String COLUMNS = "r.id, r.network_id, r.charger_id, c.charge_point_id, r.evse_id,"
      + " r.ocpp_reservation_id, r.id_token, r.driver_id, r.expires_at, " + EFFECTIVE_STATUS + " AS status,"
      + " CASE WHEN r.status IN " + ACTIVE + " AND r.expires_at <= now() THEN 'The reservation expired'"
      + " ELSE r.status_reason END AS status_reason, r.created_at, r.cancelled_at";
  private static final String FROM = "FROM reservations r JOIN chargers c ON c.id = r.charger_id";

  private final Pool pg;

  public ReservationQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  private static String visible(Scope scope) {
    return scope.ownedPredicate("r.network_id", "r.driver_id", 1);
  }

  /** The scope's reservations, newest first. */
  public Future<Page<Reservation>> page(Scope scope, int limit, int offset) {
    return Paging.page(pg, COLUMNS, FROM + " WHERE " + visible(scope), "r.created_at DESC, r.id",
        Tuple.of(scope.networkBind(), scope.driverId()), limit, offset, ReservationQueries::reservation);
  }

  /** One reservation of the scope. */
  public Future<Optional<Reservation>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE r.id = $3 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), id))
        .map(rows -> Rows.first(rows).map(ReservationQueries::reservation));
  }

  /**
   * The connector {@code connectorNumber} (EVSE) of a live public charger at a published location of
   * the driver's network, or empty.
   */
  public Future<Optional<Target>> target(Scope.Driver driver, UUID chargerId, int connectorNumber) {
    return pg.preparedQuery("SELECT c.network_id, c.id, c.charge_point_id, k.evse_id, k.connector_id"
            + " FROM chargers c JOIN locations l ON l.id = c.location_id"
            + " JOIN connectors k ON k.charger_id = c.id AND k.evse_id = $3 AND k.deleted_at IS NULL"
            + " WHERE c.id = $2 AND c.network_id = $1 AND c.deleted_at IS NULL AND c.is_public"
            + " AND l.deleted_at IS NULL AND l.is_published ORDER BY k.connector_id LIMIT 1")
        .execute(Tuple.of(driver.networkId(), chargerId, connectorNumber))
        .map(rows -> Rows.first(rows).map(r -> new Target(r.getUUID("network_id"), r.getUUID("id"),
            r.getString("charge_point_id"), r.getInteger("evse_id"), r.getInteger("connector_id"))));
  }

  /**
   * The token the driver reserves with: {@code requested} when it is one of the driver's valid tokens,
   * else (none requested) the driver's app token, else the driver's oldest valid token; empty when
   * there is none.
   */
  public Future<Optional<DriverToken>> driverToken(Scope.Driver driver, String requested) {
    return pg.preparedQuery("SELECT token, token_type FROM id_tokens WHERE driver_id = $1 AND network_id = $2"
            + " AND deleted_at IS NULL AND status = 'Accepted' AND (expires_at IS NULL OR expires_at > now())"
            + " AND ($3::text IS NULL OR token = $3)"
            + " ORDER BY (token_type = 'APP_USER') DESC, created_at LIMIT 1")
        .execute(Tuple.of(driver.driverId(), driver.networkId(), requested))
        .map(rows -> Rows.first(rows).map(r -> new DriverToken(r.getString("token"), r.getString("token_type"))));
  }

  /**
   * Stores a {@code Requested} reservation unless the driver already holds an active one (then
   * empty). The driver's holds past their expiry are marked Expired first, so only a live one
   * blocks; the unique index decides between concurrent requests.
   */
  public Future<Optional<Reservation>> insert(UUID id, Target target, Scope.Driver driver, String idTag,
      OffsetDateTime expiresAt) {
    return pg.preparedQuery("UPDATE reservations SET status = 'Expired', status_reason = 'The reservation expired',"
            + " updated_at = now() WHERE driver_id = $1 AND status IN " + ACTIVE + " AND expires_at <= now()")
        .execute(Tuple.of(driver.driverId()))
        .compose(v -> pg.preparedQuery("INSERT INTO reservations (id, network_id, charger_id, evse_id, connector_id,"
                + " id_token, driver_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                + " ON CONFLICT (driver_id) WHERE driver_id IS NOT NULL AND status IN " + ACTIVE + " DO NOTHING"
                + " RETURNING id")
            .execute(Tuple.from(new Object[] {id, target.networkId(), target.chargerId(), target.evseId(),
                target.connectorId(), idTag, driver.driverId(), expiresAt.withOffsetSameInstant(ZoneOffset.UTC)})))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(Optional.<Reservation>empty())
            : read(id).map(Optional::of));
  }

  /**
   * Records what became of ReserveNow. The gateway may have written the charger's answer already
   * (CommandEffects); a later end (cancelled, expired, removed, used) is kept: the charger's later
   * word wins.
   */
  public Future<Reservation> settle(UUID id, String status, String reason) {
    return pg.preparedQuery("UPDATE reservations SET status = $2, status_reason = $3, updated_at = now()"
            + " WHERE id = $1 AND status NOT IN " + ENDED)
        .execute(Tuple.of(id, status, reason))
        .compose(v -> read(id));
  }

  /**
   * Marks an active hold cancelled (the driver's hold is released whatever the charger said). The
   * gateway may have set the status already when the charger accepted (CommandEffects): the time
   * and reason are still ours to write.
   */
  public Future<Reservation> cancel(UUID id, String reason) {
    return pg.preparedQuery("UPDATE reservations SET status = 'Cancelled', status_reason = $2, cancelled_at = now(),"
            + " updated_at = now() WHERE id = $1 AND (status IN " + ACTIVE
            + " OR (status = 'Cancelled' AND cancelled_at IS NULL))")
        .execute(Tuple.of(id, reason))
        .compose(v -> read(id));
  }

  /**
   * The connectors (EVSE ids) the driver holds on the charger right now, for the permission to
   * control them: reservations the charger accepted that have not expired. A whole-charger
   * reservation (EVSE 0 or none) names no connector, so it is not here.
   */
  public Future<List<Integer>> heldConnectors(Scope.Driver driver, UUID chargerId) {
    return pg.preparedQuery("SELECT evse_id FROM reservations WHERE charger_id = $1 AND driver_id = $2"
            + " AND network_id = $3 AND status = 'Accepted' AND expires_at > now() AND evse_id > 0")
        .execute(Tuple.of(chargerId, driver.driverId(), driver.networkId()))
        .map(rows -> {
          List<Integer> evses = new ArrayList<>();
          rows.forEach(r -> evses.add(r.getInteger("evse_id")));
          return evses;
        });
  }

  /** A reservation by id, unscoped: only after a scoped read or insert found it. */
  private Future<Reservation> read(UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE r.id = $1").execute(Tuple.of(id))
        .map(rows -> reservation(Rows.first(rows).orElseThrow()));
  }

  private static Reservation reservation(Row r) {
    return new Reservation(r.getUUID("id"), r.getUUID("network_id"), r.getUUID("charger_id"),
        r.getString("charge_point_id"), r.getInteger("evse_id"), r.getInteger("ocpp_reservation_id"),
        r.getString("id_token"), r.getUUID("driver_id"), r.getOffsetDateTime("expires_at"), r.getString("status"),
        r.getString("status_reason"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("cancelled_at"));
  }
}
