package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Which live networks a scope can act on (the target of a create, or of a per-network setting). */
public final class NetworkQueries {

  private final SqlClient pg;

  public NetworkQueries(SqlClient pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Whether the network is live and in the scope. */
  public Future<Boolean> live(Scope scope, UUID id) {
    if (!scope.sees(id)) {
      return Future.succeededFuture(false);
    }
    return pg.preparedQuery("SELECT id FROM networks WHERE id = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 1);
  }

  /** Up to {@code limit} live networks of the scope, oldest first (two tell "only one" from "several"). */
  public Future<List<UUID>> oldestLive(Scope scope, int limit) {
    return pg.preparedQuery("SELECT id FROM networks WHERE deleted_at IS NULL AND " + scope.networkPredicate("id", 1)
            + " ORDER BY created_at, id LIMIT $2")
        .execute(Tuple.of(scope.networkBind(), limit))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          for (Row r : rows) {
            ids.add(r.getUUID("id"));
          }
          return ids;
        });
  }
}
