package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.BootInfo;
import io.voltgate.store.model.PendingCharger;
import io.voltgate.store.query.Page;
import io.voltgate.store.query.Paging;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Chargers waiting for acceptance (the {@code pending} policy for unknown ids). The list is bounded:
 * anyone can dial in under a new id, so beyond {@link #MAX_PENDING} new ids are not listed (the
 * charger is then answered Rejected), while ids already listed keep being updated.
 */
public final class PendingChargerRepository {

  public static final int MAX_PENDING = 10_000;
  private static final String COLUMNS = "charge_point_id, ocpp_version, vendor, model, serial_number,"
      + " firmware_version, remote_address, boots, first_seen_at, last_seen_at";

  private final Pool pg;

  public PendingChargerRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** What became of a boot of an unknown charger. */
  public enum Listing {
    /** Listed (or its entry refreshed). */
    LISTED,
    /** Not listed: the list is full. */
    FULL,
    /** Not listed: meanwhile the id was registered (accepted a moment ago). */
    REGISTERED
  }

  /** Records a boot of an unknown charger. */
  public Future<Listing> recordBoot(String chargePointId, BootInfo boot, String remoteAddress) {
    return pg.preparedQuery("INSERT INTO pending_chargers (charge_point_id, ocpp_version, vendor, model, serial_number,"
            + " firmware_version, remote_address)"
            + " SELECT $1, $2, $3, $4, $5, $6, $7"
            + " WHERE NOT EXISTS (SELECT 1 FROM chargers WHERE charge_point_id = $1 AND deleted_at IS NULL)"
            + " AND (EXISTS (SELECT 1 FROM pending_chargers WHERE charge_point_id = $1)"
            + " OR (SELECT count(*) FROM pending_chargers) < $8)"
            + " ON CONFLICT (charge_point_id) DO UPDATE SET ocpp_version = EXCLUDED.ocpp_version,"
            + " vendor = EXCLUDED.vendor, model = EXCLUDED.model, serial_number = EXCLUDED.serial_number,"
            + " firmware_version = EXCLUDED.firmware_version, remote_address = EXCLUDED.remote_address,"
            + " boots = pending_chargers.boots + 1, last_seen_at = now()"
            + " RETURNING charge_point_id")
        .execute(Tuple.from(new Object[] {chargePointId, boot.ocppVersion(), boot.vendor(), boot.model(),
            boot.serialNumber(), boot.firmwareVersion(), remoteAddress, MAX_PENDING}))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(Listing.LISTED)
            : pg.preparedQuery("SELECT EXISTS (SELECT 1 FROM chargers WHERE charge_point_id = $1 AND deleted_at IS NULL)")
                .execute(Tuple.of(chargePointId))
                .map(r -> r.iterator().next().getBoolean(0) ? Listing.REGISTERED : Listing.FULL));
  }

  /** One page of the list, newest first, and the total. */
  public Future<Page<PendingCharger>> list(int limit, int offset) {
    return Paging.page(pg, COLUMNS, "FROM pending_chargers", "last_seen_at DESC, charge_point_id", Tuple.tuple(),
        limit, offset, PendingChargerRepository::toPending);
  }

  public Future<Optional<PendingCharger>> find(String chargePointId) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM pending_chargers WHERE charge_point_id = $1")
        .execute(Tuple.of(chargePointId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toPending(rows.iterator().next())));
  }

  /** Completes with true when the charger was listed. */
  public Future<Boolean> remove(String chargePointId) {
    return pg.preparedQuery("DELETE FROM pending_chargers WHERE charge_point_id = $1").execute(Tuple.of(chargePointId))
        .map(rows -> rows.rowCount() > 0);
  }

  private static PendingCharger toPending(Row r) {
    return new PendingCharger(r.getString("charge_point_id"), r.getString("ocpp_version"), r.getString("vendor"),
        r.getString("model"), r.getString("serial_number"), r.getString("firmware_version"),
        r.getString("remote_address"), r.getInteger("boots"), instant(r.getOffsetDateTime("first_seen_at")),
        instant(r.getOffsetDateTime("last_seen_at")));
  }

  private static java.time.Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
