package io.voltgate.api;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.voltgate.api.auth.ApiKeySecrets;
import io.voltgate.api.auth.Scopes;
import io.voltgate.store.pg.ApiKeyRepository;
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
    return ApiKeyRepository.ensureBootstrapKey(conn, ApiKeySecrets.visiblePrefix(secret), ApiKeySecrets.hash(secret),
        ApiKeySecrets.lastFour(secret), Scopes.of("cpms"), Scopes.PLATFORM_ADMIN);
  }
}
