package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Drivers (the eMSP seed's users) of a scope with their charging statistics, computed from their
 * sessions: every session charged with one of the driver's tokens at the driver's network (orphan
 * stops excluded), its energy and its CDR's total. A driver scope sees only the driver.
 */
public final class DriverQueries {

  /** A driver with statistics. */
  public record Driver(UUID id, UUID networkId, String email, String firstName, String lastName, String phone,
      String address, String city, String state, String postalCode, String country, OffsetDateTime createdAt,
      OffsetDateTime updatedAt, long totalSessions, BigDecimal totalEnergyKwh, BigDecimal totalSpent,
      String currency) {
  }

  /** A new driver without a password (they set one through the password reset). */
  public record NewDriver(UUID id, UUID networkId, String email, String firstName, String lastName, String phone,
      String address, String city, String state, String postalCode, String country) {
  }

  /** What an update may change. */
  public static final class Field {
    public static final Patch.Field EMAIL = new Patch.Field("email");
    public static final Patch.Field FIRST_NAME = new Patch.Field("first_name");
    public static final Patch.Field LAST_NAME = new Patch.Field("last_name");
    public static final Patch.Field PHONE = new Patch.Field("phone");
    public static final Patch.Field ADDRESS = new Patch.Field("address");
    public static final Patch.Field CITY = new Patch.Field("city");
    public static final Patch.Field STATE = new Patch.Field("state");
    public static final Patch.Field POSTAL_CODE = new Patch.Field("postal_code");
    public static final Patch.Field COUNTRY = new Patch.Field("country");
    public static final Patch.Field UPDATED_AT = new Patch.Field("updated_at");

    private Field() {
    }
  }

  private static final String COLUMNS = "d.id, d.network_id, d.email, d.first_name, d.last_name, d.phone, d.address,"
      + " d.city, d.state, d.postal_code, d.country, d.created_at, d.updated_at, n.currency,"
      + " st.sessions, st.energy_kwh, st.spent";
  private static final String FROM = "FROM drivers d JOIN networks n ON n.id = d.network_id"
      + " LEFT JOIN LATERAL (SELECT count(*) AS sessions,"
      + " COALESCE(sum(s.energy_wh), 0) / 1000 AS energy_kwh, COALESCE(sum(tx.total), 0) AS spent"
      + " FROM charging_sessions s LEFT JOIN transactions tx ON tx.session_id = s.id"
      + " WHERE s.network_id = d.network_id AND NOT s.orphan"
      + " AND s.id_token IN (SELECT t.token FROM id_tokens t WHERE t.driver_id = d.id)) st ON true";

  private final Pool pg;

  public DriverQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  private static String visible(Scope scope) {
    return "d.deleted_at IS NULL AND " + scope.ownedPredicate("d.network_id", "d.id", 1);
  }

  /** The scope's drivers, oldest first. */
  public Future<Page<Driver>> page(Scope scope, int limit, int offset) {
    return Paging.page(pg, COLUMNS, FROM + " WHERE " + visible(scope), "d.created_at, d.id",
        Tuple.of(scope.networkBind(), scope.driverId()), limit, offset, DriverQueries::driver);
  }

  /** A driver of the scope, or empty. */
  public Future<Optional<Driver>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " " + FROM + " WHERE d.id = $3 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), id))
        .map(rows -> Rows.first(rows).map(DriverQueries::driver));
  }

  /** Whether a live driver of the network has this e-mail (in any case), other than {@code except}. */
  public Future<Boolean> emailTaken(UUID networkId, String email, UUID except) {
    return pg.preparedQuery("SELECT 1 FROM drivers WHERE network_id = $1 AND lower(email) = lower($2)"
            + " AND deleted_at IS NULL AND ($3::uuid IS NULL OR id <> $3)")
        .execute(Tuple.of(networkId, email, except))
        .map(rows -> rows.size() > 0);
  }

  /** Creates the driver; a concurrent twin e-mail fails on the unique index (a 409 for the caller). */
  public Future<Void> create(NewDriver d) {
    return pg.preparedQuery("INSERT INTO drivers (id, network_id, email, first_name, last_name, name, phone, address, city,"
            + " state, postal_code, country) VALUES ($1, $2, $3, $4, $5, $4 || ' ' || $5, $6, $7, $8, $9, $10, $11)")
        .execute(Tuple.from(Arrays.asList(d.id(), d.networkId(), d.email(), d.firstName(), d.lastName(), d.phone(),
            d.address(), d.city(), d.state(), d.postalCode(), d.country())))
        .mapEmpty();
  }

  /** Changes a driver of the scope; false when there is none. */
  public Future<Boolean> update(Scope scope, UUID id, Patch patch) {
    return pg.preparedQuery("UPDATE drivers d SET " + patch.assignments(4) + " WHERE d.id = $3 AND " + visible(scope))
        .execute(patch.tuple(Tuple.of(scope.networkBind(), scope.driverId(), id)))
        .map(rows -> rows.rowCount() > 0);
  }

  private static Driver driver(Row r) {
    return new Driver(r.getUUID("id"), r.getUUID("network_id"), r.getString("email"), r.getString("first_name"),
        r.getString("last_name"), r.getString("phone"), r.getString("address"), r.getString("city"),
        r.getString("state"), r.getString("postal_code"), r.getString("country"), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"), r.getLong("sessions"), r.getBigDecimal("energy_kwh"),
        r.getBigDecimal("spent"), r.getString("currency").trim());
  }
}
