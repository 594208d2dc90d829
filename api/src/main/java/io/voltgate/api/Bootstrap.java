package io.voltgate.api;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.ApiKeySecrets;
import io.voltgate.api.auth.Scopes;
import io.voltgate.store.pg.NetworkRepository;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-run convenience ({@code VOLTGATE_BOOTSTRAP_API_KEY}): a first network if there is none and
 * an unrestricted key with the given secret and every scope, {@code platform:admin} included (an
 * existing bootstrap key from an earlier version is given it). Idempotent, and safe when several
 * processes start at once (the network step takes a transaction-scoped advisory lock).
 */
public final class Bootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

  private Bootstrap() {
  }

  /** Completes with the id of the bootstrap key (existing or new). */
  public static Future<UUID> run(Pool pg, String secret) {
    return pg.withTransaction(conn -> NetworkRepository.ensureDefault(conn)
        .compose(networkId -> ensureKey(conn, secret)))
        .onSuccess(id -> LOG.info("bootstrap API key ready id={} prefix={}", id,
            ApiKeySecrets.visiblePrefix(secret)));
  }

  private static Future<UUID> ensureKey(SqlConnection conn, String secret) {
    String hash = ApiKeySecrets.hash(secret);
    return conn.preparedQuery("SELECT id FROM api_keys WHERE key_hash = $1").execute(Tuple.of(hash))
        .compose((RowSet<Row> rows) -> {
          if (rows.size() > 0) {
            UUID existing = rows.iterator().next().getUUID("id");
            return conn.preparedQuery("UPDATE api_keys SET scopes = array_append(scopes, $2) WHERE id = $1"
                    + " AND network_ids IS NULL AND NOT ($2 = ANY(scopes))")
                .execute(Tuple.of(existing, Scopes.PLATFORM_ADMIN)).map(existing);
          }
          UUID id = UUID.randomUUID();
          return conn.preparedQuery("INSERT INTO api_keys (id, name, family, prefix, key_hash, last_four,"
                  + " scopes, network_ids) VALUES ($1, 'Bootstrap key', 'cpms', $2, $3, $4, $5, NULL)")
              .execute(Tuple.of(id, ApiKeySecrets.visiblePrefix(secret), hash,
                  ApiKeySecrets.lastFour(secret), Scopes.ALL.toArray(new String[0])))
              .map(id);
        });
  }
}
