package io.voltgate.store.drivers;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * Refresh tokens by family. A token is good for one use: {@link #rotate} marks it used and stores
 * its successor in the same family; presenting a used token again means it was copied, and the
 * whole family (the thief's and the driver's tokens alike) is revoked.
 */
public final class RefreshTokenRepository {

  /** How a rotation ended. */
  public sealed interface Rotation {
    /** The token was good: its successor is stored, for this driver. */
    record Rotated(UUID driverId) implements Rotation {
    }

    /** The token had been used already: its family is now revoked. */
    record Reused(UUID familyId, UUID driverId) implements Rotation {
    }

    /** Unknown (or another network's), expired, revoked, or its driver is gone. */
    record Refused() implements Rotation {
    }
  }

  private final Pool pg;

  public RefreshTokenRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Stores the first token of a new family (registration, login). */
  public Future<Void> insert(RefreshTokenRow row) {
    return insert(pg, row);
  }

  /**
   * Uses the token whose hash is {@code presented} and stores {@code successor} (its family is
   * replaced by the presented token's). The presented row is locked, so two concurrent uses of one
   * token are serialised: the second sees it used and revokes the family.
   */
  public Future<Rotation> rotate(UUID networkId, byte[] presented, RefreshTokenRow successor, Instant now) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT r.id, r.family_id, r.driver_id, r.expires_at,"
                + " r.used_at, r.revoked_at, d.status, d.deleted_at FROM driver_refresh_tokens r"
                + " JOIN drivers d ON d.id = r.driver_id"
                + " WHERE r.token_hash = $1 AND r.network_id = $2 FOR UPDATE OF r")
            .execute(Tuple.of(Buffer.buffer(presented), networkId))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(new Rotation.Refused());
              }
              Row r = rows.iterator().next();
              UUID family = r.getUUID("family_id");
              UUID driver = r.getUUID("driver_id");
              if (r.getOffsetDateTime("revoked_at") != null) {
                return Future.succeededFuture(new Rotation.Refused());
              }
              if (r.getOffsetDateTime("used_at") != null) {
                return revokeFamily(conn, family, now).map(new Rotation.Reused(family, driver));
              }
              if (!r.getOffsetDateTime("expires_at").toInstant().isAfter(now)
                  || !"active".equals(r.getString("status")) || r.getOffsetDateTime("deleted_at") != null) {
                return Future.succeededFuture(new Rotation.Refused());
              }
              RefreshTokenRow next = new RefreshTokenRow(successor.id(), successor.tokenHash(), family, driver,
                  networkId, successor.createdAt(), successor.expiresAt());
              return conn.preparedQuery("UPDATE driver_refresh_tokens SET used_at = $2 WHERE id = $1")
                  .execute(Tuple.of(r.getUUID("id"), utc(now)))
                  .compose(ignored -> insert(conn, next))
                  .map(new Rotation.Rotated(driver));
            }));
  }

  /** Revokes every live refresh token of the driver (after a password reset). */
  public Future<Integer> revokeDriver(UUID networkId, UUID driverId, Instant now) {
    return pg.preparedQuery("UPDATE driver_refresh_tokens SET revoked_at = $3"
            + " WHERE network_id = $1 AND driver_id = $2 AND revoked_at IS NULL")
        .execute(Tuple.of(networkId, driverId, utc(now)))
        .map(rows -> rows.rowCount());
  }

  /** Whether the family still has a token that can be used (for tests and diagnostics). */
  public Future<Boolean> familyLive(UUID networkId, UUID familyId, Instant now) {
    return pg.preparedQuery("SELECT count(*) FROM driver_refresh_tokens WHERE network_id = $1 AND family_id = $2"
            + " AND revoked_at IS NULL AND used_at IS NULL AND expires_at > $3")
        .execute(Tuple.of(networkId, familyId, utc(now)))
        .map(rows -> rows.iterator().next().getLong(0) > 0);
  }

  private static Future<Void> revokeFamily(SqlConnection conn, UUID family, Instant now) {
    return conn.preparedQuery("UPDATE driver_refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(family, utc(now)))
        .mapEmpty();
  }

  private static Future<Void> insert(io.vertx.sqlclient.SqlClient client, RefreshTokenRow row) {
    return client.preparedQuery("INSERT INTO driver_refresh_tokens (id, token_hash, family_id, driver_id, network_id,"
            + " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .execute(Tuple.from(new Object[] {row.id(), Buffer.buffer(row.tokenHash()), row.familyId(), row.driverId(),
            row.networkId(), utc(row.createdAt()), utc(row.expiresAt())}))
        .mapEmpty();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
