package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.Authorization;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** Looks up authorisation tokens (1.6 idTag, 2.0.1 idToken). */
public final class IdTokenRepository {

  private final Pool pg;
  private final Clock clock;

  public IdTokenRepository(Pool pg, Clock clock) {
    this.pg = Objects.requireNonNull(pg);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Completes with the token's authorisation at a charger of {@code networkId}: a token of another
   * network (a driver's app token belongs to the network they registered with) is {@code Invalid}
   * there, as an unknown token is; a token of no network is valid in every network. An accepted
   * token of a driver on fraud hold is {@code Blocked}.
   */
  public Future<Authorization> authorize(String token, UUID networkId) {
    // The driver's fraud hold rides in the same lookup (a primary-key join), so a held driver's token
    // is Blocked without a second round trip; the answer is cached like any other (docs/fraud.md).
    return pg.preparedQuery("SELECT t.status, t.parent_token, t.group_token, t.expires_at,"
            + " (d.fraud_hold_at IS NOT NULL) AS held FROM id_tokens t LEFT JOIN drivers d ON d.id = t.driver_id"
            + " WHERE t.token = $1 AND t.deleted_at IS NULL AND (t.network_id IS NULL OR t.network_id = $2)")
        .execute(Tuple.of(token, networkId))
        .map(rows -> rows.size() == 0 ? Authorization.invalid() : toAuthorization(rows.iterator().next()));
  }

  private Authorization toAuthorization(Row r) {
    OffsetDateTime expires = r.getOffsetDateTime("expires_at");
    Instant expiresAt = expires == null ? null : expires.toInstant();
    String status = r.getString("status");
    if ("Accepted".equals(status) && Boolean.TRUE.equals(r.getBoolean("held"))) {
      status = "Blocked";
    }
    if ("Accepted".equals(status) && expiresAt != null && expiresAt.isBefore(clock.instant())) {
      status = "Expired";
    }
    return new Authorization(status, r.getString("parent_token"), r.getString("group_token"), expiresAt);
  }

  /**
   * Records that a charger presented the token now ({@code last_used_at}), at most once a minute per
   * token so a busy token does not become a write per message.
   */
  public Future<Void> touch(String token, UUID networkId) {
    return pg.preparedQuery("UPDATE id_tokens SET last_used_at = now() WHERE token = $1 AND deleted_at IS NULL"
            + " AND (network_id IS NULL OR network_id = $2)"
            + " AND (last_used_at IS NULL OR last_used_at < now() - interval '60 seconds')")
        .execute(Tuple.of(token, networkId)).mapEmpty();
  }
}
