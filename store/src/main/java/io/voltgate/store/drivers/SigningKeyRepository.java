package io.voltgate.store.drivers;

import static io.voltgate.store.drivers.RefreshTokenRepository.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The access-token signing keys every API node shares. Rotation is decided in Postgres under an
 * advisory lock, so nodes that find the key due at the same moment create one new key, not one each.
 */
public final class SigningKeyRepository {

  // Any constant unique to this use; pg_advisory_xact_lock takes a bigint.
  private static final long ROTATION_LOCK = 0x766744524B455953L;

  private final Pool pg;

  public SigningKeyRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The signing key and the keys retired after {@code retiredAfter} (they still verify), newest first. */
  public Future<List<StoredSigningKey>> usable(Instant retiredAfter) {
    return pg.preparedQuery("SELECT kid, alg, public_key_pem, private_key_sealed, created_at, retired_at"
            + " FROM driver_signing_keys WHERE retired_at IS NULL OR retired_at > $1 ORDER BY created_at DESC, kid")
        .execute(Tuple.of(utc(retiredAfter)))
        .map(rows -> {
          List<StoredSigningKey> keys = new ArrayList<>();
          for (Row r : rows) {
            OffsetDateTime retired = r.getOffsetDateTime("retired_at");
            keys.add(new StoredSigningKey(r.getString("kid"), r.getString("alg"), r.getString("public_key_pem"),
                r.getString("private_key_sealed"), r.getOffsetDateTime("created_at").toInstant(),
                retired == null ? null : retired.toInstant()));
          }
          return keys;
        });
  }

  /**
   * Makes {@code candidate} the signing key unless a signing key of its algorithm created after
   * {@code dueBefore} exists (another node rotated already); the previous signing keys are retired
   * at the candidate's creation time. Completes with whether the candidate was stored.
   */
  public Future<Boolean> rotateIfDue(StoredSigningKey candidate, Instant dueBefore) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)")
        .execute(Tuple.of(ROTATION_LOCK))
        .compose(ignored -> conn.preparedQuery("SELECT count(*) FROM driver_signing_keys"
                + " WHERE retired_at IS NULL AND alg = $1 AND created_at > $2")
            .execute(Tuple.of(candidate.alg(), utc(dueBefore))))
        .compose(rows -> {
          if (rows.iterator().next().getLong(0) > 0) {
            return Future.succeededFuture(false);
          }
          return conn.preparedQuery("UPDATE driver_signing_keys SET retired_at = $1 WHERE retired_at IS NULL")
              .execute(Tuple.of(utc(candidate.createdAt())))
              .compose(r -> conn.preparedQuery("INSERT INTO driver_signing_keys (kid, alg, public_key_pem,"
                      + " private_key_sealed, created_at) VALUES ($1, $2, $3, $4, $5)")
                  .execute(Tuple.of(candidate.kid(), candidate.alg(), candidate.publicKeyPem(),
                      candidate.privateKeySealed(), utc(candidate.createdAt()))))
              .map(true);
        }));
  }

  /** Deletes keys retired before {@code cutoff}: no token they signed is still valid. */
  public Future<Integer> deleteRetiredBefore(Instant cutoff) {
    return pg.preparedQuery("DELETE FROM driver_signing_keys WHERE retired_at IS NOT NULL AND retired_at < $1")
        .execute(Tuple.of(utc(cutoff)))
        .map(rows -> rows.rowCount());
  }
}
