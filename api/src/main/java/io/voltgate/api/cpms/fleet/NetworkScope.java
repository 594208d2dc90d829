package io.voltgate.api.cpms.fleet;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import java.util.ArrayList;
import java.util.List;
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
  public static Future<UUID> resolve(Pool pg, ApiPrincipal p, UUID requested, String field) {
    if (requested != null) {
      if (!p.sees(requested)) {
        return Future.failedFuture(ApiException.notFound("Network"));
      }
      return pg.preparedQuery("SELECT id FROM networks WHERE id = $1 AND deleted_at IS NULL")
          .execute(Tuple.of(requested))
          .compose(rows -> rows.size() == 1 ? Future.succeededFuture(requested)
              : Future.failedFuture(ApiException.notFound("Network")));
    }
    return pg.preparedQuery("SELECT id FROM networks WHERE deleted_at IS NULL AND ($1::uuid[] IS NULL OR id = ANY($1))"
            + " ORDER BY created_at, id LIMIT 2")
        .execute(Tuple.of((Object) p.networkFilter()))
        .compose(rows -> {
          List<UUID> ids = new ArrayList<>();
          for (Row r : rows) {
            ids.add(r.getUUID("id"));
          }
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
