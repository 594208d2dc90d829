package io.voltgate.api.cpms.fleet;

import io.vertx.core.Future;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.store.query.NetworkQueries;
import java.util.UUID;

/**
 * The one network a write (or a per-network read like settings) applies to: the requested one when
 * the key sees it, otherwise the key's only network.
 */
public final class NetworkScope {

  private NetworkScope() {
  }

  /**
   * Completes with the network id; fails with 404 when the requested network is unknown, deleted or
   * not the key's, and with 400 naming {@code field} when none was requested and the key sees
   * several networks.
   */
  public static Future<UUID> resolve(NetworkQueries networks, ApiPrincipal p, UUID requested, String field) {
    if (requested != null) {
      return networks.live(p.scope(), requested)
          .compose(live -> live ? Future.succeededFuture(requested) : Future.failedFuture(ApiException.notFound("Network")));
    }
    return networks.oldestLive(p.scope(), 2).compose(ids -> {
      if (ids.size() == 1) {
        return Future.succeededFuture(ids.get(0));
      }
      if (ids.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("Network"));
      }
      return Future.failedFuture(ApiException.badRequest(field,
          field + " is required: this API key can operate several networks"));
    });
  }
}
