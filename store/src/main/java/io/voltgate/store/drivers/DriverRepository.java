package io.voltgate.store.drivers;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Driver accounts within their network, with the app token each gets at registration. */
public final class DriverRepository {

  /** How {@link #create} ended. */
  public enum Created { CREATED, EMAIL_TAKEN, TOKEN_UID_TAKEN }

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String EMAIL_INDEX = "drivers_network_email_live_idx";
  private static final String TOKEN_INDEX = "id_tokens_token_live_idx";

  private final Pool pg;

  public DriverRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * Stores the driver and their first app token in one transaction. Completes with
   * {@link Created#EMAIL_TAKEN} when a live account of the network has this e-mail (any case), and
   * {@link Created#TOKEN_UID_TAKEN} when the token's uid is in use (the caller draws another).
   */
  public Future<Created> create(NewDriver d, AppToken token) {
    return pg.withTransaction(conn -> conn.preparedQuery("INSERT INTO drivers (id, network_id, email, name,"
                + " password_hash, first_name, last_name, phone, address, city, state, postal_code, country)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
            .execute(Tuple.from(new Object[] {d.id(), d.networkId(), d.email(), fullName(d), d.passwordHash(),
                d.firstName(), d.lastName(), d.phoneNumber(), d.address(), d.city(), d.state(), d.postalCode(),
                d.country()}))
            .compose(ignored -> conn.preparedQuery("INSERT INTO id_tokens (id, network_id, driver_id, token,"
                    + " token_type, contract_id, alias) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(new Object[] {token.id(), d.networkId(), d.id(), token.uid(), AppToken.APP_USER,
                    token.contractId(), token.alias()})))
            .map(Created.CREATED))
        .recover(e -> {
          if (e instanceof PgException pe && UNIQUE_VIOLATION.equals(pe.getSqlState())) {
            if (EMAIL_INDEX.equals(pe.getConstraint())) {
              return Future.succeededFuture(Created.EMAIL_TAKEN);
            }
            if (TOKEN_INDEX.equals(pe.getConstraint())) {
              return Future.succeededFuture(Created.TOKEN_UID_TAKEN);
            }
          }
          return Future.failedFuture(e);
        });
  }

  /** The live account of the network with this e-mail (compared in lower case). */
  public Future<Optional<DriverCredentials>> findByEmail(UUID networkId, String email) {
    return pg.preparedQuery("SELECT d.id, d.network_id, d.email, d.password_hash, d.first_name, d.last_name, d.status,"
            + " (SELECT t.token FROM id_tokens t WHERE t.driver_id = d.id AND t.token_type = 'APP_USER'"
            + " AND t.deleted_at IS NULL ORDER BY t.created_at, t.id LIMIT 1) AS token_uid"
            + " FROM drivers d WHERE d.network_id = $1 AND lower(d.email) = lower($2) AND d.deleted_at IS NULL")
        .execute(Tuple.of(networkId, email))
        .map(rows -> first(rows).map(DriverRepository::credentials));
  }

  /** The live account of the network with this id. */
  public Future<Optional<DriverCredentials>> findById(UUID networkId, UUID driverId) {
    return pg.preparedQuery("SELECT d.id, d.network_id, d.email, d.password_hash, d.first_name, d.last_name, d.status,"
            + " (SELECT t.token FROM id_tokens t WHERE t.driver_id = d.id AND t.token_type = 'APP_USER'"
            + " AND t.deleted_at IS NULL ORDER BY t.created_at, t.id LIMIT 1) AS token_uid"
            + " FROM drivers d WHERE d.network_id = $1 AND d.id = $2 AND d.deleted_at IS NULL")
        .execute(Tuple.of(networkId, driverId))
        .map(rows -> first(rows).map(DriverRepository::credentials));
  }

  /** The driver's profile and live id tokens; empty for an unknown id or one of another network. */
  public Future<Optional<StoredProfile>> profile(UUID networkId, UUID driverId) {
    return pg.preparedQuery("SELECT id, network_id, email, first_name, last_name, phone, address, city, state,"
            + " postal_code, country, created_at FROM drivers WHERE network_id = $1 AND id = $2 AND deleted_at IS NULL")
        .execute(Tuple.of(networkId, driverId))
        .compose(rows -> {
          Optional<Row> row = first(rows);
          if (row.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
          }
          return pg.preparedQuery("SELECT id, token, token_type FROM id_tokens WHERE network_id = $1 AND driver_id = $2"
                  + " AND deleted_at IS NULL ORDER BY created_at, id")
              .execute(Tuple.of(networkId, driverId))
              .map(tokens -> Optional.of(profile(row.get(), tokens)));
        });
  }

  /** Replaces the stored hash (a re-hash with newer parameters at login). */
  public Future<Void> updatePasswordHash(UUID networkId, UUID driverId, String passwordHash) {
    return pg.preparedQuery("UPDATE drivers SET password_hash = $3, updated_at = now()"
            + " WHERE network_id = $1 AND id = $2 AND deleted_at IS NULL")
        .execute(Tuple.of(networkId, driverId, passwordHash))
        .mapEmpty();
  }

  private static String fullName(NewDriver d) {
    String name = ((d.firstName() == null ? "" : d.firstName()) + " " + (d.lastName() == null ? "" : d.lastName())).trim();
    return name.isEmpty() ? null : name;
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static DriverCredentials credentials(Row r) {
    return new DriverCredentials(r.getUUID("id"), r.getUUID("network_id"), r.getString("email"),
        r.getString("password_hash"), r.getString("first_name"), r.getString("last_name"), r.getString("status"),
        r.getString("token_uid"));
  }

  private static StoredProfile profile(Row r, RowSet<Row> tokenRows) {
    List<DriverIdToken> tokens = new ArrayList<>();
    for (Row t : tokenRows) {
      tokens.add(new DriverIdToken(t.getUUID("id"), t.getString("token"), t.getString("token_type")));
    }
    OffsetDateTime created = r.getOffsetDateTime("created_at");
    return new StoredProfile(r.getUUID("id"), r.getUUID("network_id"), r.getString("email"), r.getString("first_name"),
        r.getString("last_name"), r.getString("phone"), r.getString("address"), r.getString("city"),
        r.getString("state"), r.getString("postal_code"), r.getString("country"), created.toInstant(), tokens);
  }
}
