package io.voltgate.store.drivers;

import static io.voltgate.store.drivers.RefreshTokenRepository.utc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Password reset tokens (their SHA-256), each good once and for a short time. */
public final class PasswordResetRepository {

  private final Pool pg;

  public PasswordResetRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Stores a reset token of the driver. */
  public Future<Void> insert(UUID id, UUID networkId, UUID driverId, byte[] tokenHash, String requestedIp,
      Instant createdAt, Instant expiresAt) {
    return pg.preparedQuery("INSERT INTO driver_password_resets (id, token_hash, driver_id, network_id, requested_ip,"
            + " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .execute(Tuple.from(new Object[] {id, Buffer.buffer(tokenHash), driverId, networkId, requestedIp,
            utc(createdAt), utc(expiresAt)}))
        .mapEmpty();
  }

  /** Reset tokens issued to the driver since {@code since} (the per-account mail limit). */
  public Future<Long> issuedSince(UUID networkId, UUID driverId, Instant since) {
    return pg.preparedQuery("SELECT count(*) FROM driver_password_resets WHERE network_id = $1 AND driver_id = $2"
            + " AND created_at > $3")
        .execute(Tuple.of(networkId, driverId, utc(since)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Spends the token and sets the new password hash in one transaction: the token (and every other
   * outstanding reset token of the driver) is marked used, and the driver's refresh tokens are
   * revoked, so sessions opened with the old password end. Completes with the driver's id, or empty
   * when the token is unknown in this network, used or expired (nothing changes then).
   */
  public Future<Optional<UUID>> complete(UUID networkId, byte[] tokenHash, String newPasswordHash, Instant now) {
    return pg.withTransaction(conn -> conn.preparedQuery("UPDATE driver_password_resets r SET used_at = $3"
                + " FROM drivers d WHERE r.token_hash = $1 AND r.network_id = $2 AND r.used_at IS NULL"
                + " AND r.expires_at > $3 AND d.id = r.driver_id AND d.deleted_at IS NULL RETURNING r.driver_id")
            .execute(Tuple.of(Buffer.buffer(tokenHash), networkId, utc(now)))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(Optional.<UUID>empty());
              }
              UUID driver = rows.iterator().next().getUUID("driver_id");
              return conn.preparedQuery("UPDATE drivers SET password_hash = $3, updated_at = $4"
                      + " WHERE network_id = $1 AND id = $2")
                  .execute(Tuple.of(networkId, driver, newPasswordHash, utc(now)))
                  .compose(ignored -> conn.preparedQuery("UPDATE driver_password_resets SET used_at = $3"
                          + " WHERE network_id = $1 AND driver_id = $2 AND used_at IS NULL")
                      .execute(Tuple.of(networkId, driver, utc(now))))
                  .compose(ignored -> conn.preparedQuery("UPDATE driver_refresh_tokens SET revoked_at = $3"
                          + " WHERE network_id = $1 AND driver_id = $2 AND revoked_at IS NULL")
                      .execute(Tuple.of(networkId, driver, utc(now))))
                  .map(Optional.of(driver));
            }));
  }
}
