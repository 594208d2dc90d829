package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The authorization tokens (idTags / IdTokens) of a scope as the driver API shows them: a network
 * scope sees its networks' tokens, a driver scope the driver's own. What chargers are told about a
 * token is {@code store.pg.IdTokenRepository}'s; invalidating one here must also drop its cached
 * answer in Redis (the caller does, see {@code RedisKeys.idToken}).
 */
public final class IdTokenQueries {

  /** A token; {@code valid} = accepted, not invalidated and not expired. */
  public record Token(UUID id, UUID networkId, String uid, String contractId, String tokenType, String alias,
      boolean valid, UUID userId, OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt) {
  }

  /** A new token of a driver. */
  public record NewToken(UUID id, UUID networkId, UUID driverId, String uid, String contractId, String tokenType,
      String alias, OffsetDateTime expiresAt) {
  }

  private static final String COLUMNS = "id, network_id, token, contract_id, token_type, alias, driver_id, created_at,"
      + " expires_at, last_used_at, (status = 'Accepted' AND deleted_at IS NULL"
      + " AND (expires_at IS NULL OR expires_at > now())) AS valid";

  private final Pool pg;

  public IdTokenQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  private static String visible(Scope scope) {
    return scope.ownedPredicate("network_id", "driver_id", 1);
  }

  /** The scope's live tokens, of one user when {@code userId} is given, newest first. */
  public Future<Page<Token>> page(Scope scope, UUID userId, int limit, int offset) {
    return Paging.page(pg, COLUMNS, "FROM id_tokens WHERE deleted_at IS NULL AND " + visible(scope)
            + " AND ($3::uuid IS NULL OR driver_id = $3)", "created_at DESC, id",
        Tuple.of(scope.networkBind(), scope.driverId(), userId), limit, offset, IdTokenQueries::token);
  }

  /** A token of the scope (an invalidated one too, shown as not valid), or empty. */
  public Future<Optional<Token>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM id_tokens WHERE id = $3 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), id))
        .map(rows -> Rows.first(rows).map(IdTokenQueries::token));
  }

  /**
   * The scope's valid tokens (accepted, live, not expired) a charging session may be started with,
   * only the one with uid {@code uid} when given: a network scope's tokens of its networks, a driver
   * scope's the driver's own. App tokens first, then the newest.
   */
  public Future<List<Token>> usable(Scope scope, String uid) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM id_tokens WHERE deleted_at IS NULL AND status = 'Accepted'"
            + " AND (expires_at IS NULL OR expires_at > now()) AND " + visible(scope)
            + " AND ($3::text IS NULL OR token = $3) ORDER BY (token_type = 'APP_USER') DESC, created_at DESC, id")
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), uid))
        .map(rows -> {
          List<Token> out = new ArrayList<>();
          rows.forEach(r -> out.add(token(r)));
          return out;
        });
  }

  /** Creates the token; a live token with the same uid fails on the unique index (a 409 for the caller). */
  public Future<Token> create(NewToken t) {
    return pg.preparedQuery("INSERT INTO id_tokens (id, network_id, driver_id, token, contract_id, token_type, alias,"
            + " expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS)
        .execute(Tuple.from(Arrays.asList(t.id(), t.networkId(), t.driverId(), t.uid(), t.contractId(), t.tokenType(),
            t.alias(), t.expiresAt())))
        .map(rows -> token(rows.iterator().next()));
  }

  /**
   * Invalidates (soft-deletes) a live token of the scope; completes with its uid, or empty when there
   * is none.
   */
  public Future<Optional<String>> invalidate(Scope scope, UUID id) {
    return pg.preparedQuery("UPDATE id_tokens SET status = 'Invalid', deleted_at = now(), updated_at = now()"
            + " WHERE id = $3 AND deleted_at IS NULL AND " + visible(scope) + " RETURNING token")
        .execute(Tuple.of(scope.networkBind(), scope.driverId(), id))
        .map(rows -> Rows.first(rows).map(r -> r.getString("token")));
  }

  private static Token token(Row r) {
    return new Token(r.getUUID("id"), r.getUUID("network_id"), r.getString("token"), r.getString("contract_id"),
        r.getString("token_type"), r.getString("alias"), r.getBoolean("valid"), r.getUUID("driver_id"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("expires_at"), r.getOffsetDateTime("last_used_at"));
  }
}
