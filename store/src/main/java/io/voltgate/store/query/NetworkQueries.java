package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Networks as a scope sees them: which live ones it can act on (the target of a create, or of a
 * per-network setting), and their self-service settings.
 */
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

  /**
   * A network's self-service settings: name, currency and country columns, and the {@code settings}
   * document (empty when unset).
   */
  public record Settings(UUID id, String name, String currency, String country, JsonObject settings, boolean live) {
  }

  /** The settings of a network of the scope (live or not), or empty. */
  public Future<Optional<Settings>> settings(Scope scope, UUID id) {
    if (!scope.sees(id)) {
      return Future.succeededFuture(Optional.empty());
    }
    return pg.preparedQuery("SELECT id, name, currency, country, settings, deleted_at FROM networks WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toSettings(rows.iterator().next())));
  }

  /**
   * Changes a live network of the scope: name and currency when not null, the plain settings keys
   * merged in, and the branding and billing objects merged key by key; false when there is none.
   */
  public Future<Boolean> updateSettings(Scope scope, UUID id, String name, String currency, JsonObject plain,
      JsonObject branding, JsonObject billing) {
    if (!scope.sees(id)) {
      return Future.succeededFuture(false);
    }
    return pg.preparedQuery("UPDATE networks SET name = COALESCE($2, name), currency = COALESCE($3, currency),"
            + " settings = settings || $4::jsonb || jsonb_build_object("
            + "'branding', COALESCE(settings->'branding', '{}'::jsonb) || $5::jsonb,"
            + " 'billing', COALESCE(settings->'billing', '{}'::jsonb) || $6::jsonb),"
            + " updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id")
        .execute(Tuple.from(new Object[] {id, name, currency, plain, branding, billing}))
        .map(rows -> rows.size() > 0);
  }

  private static Settings toSettings(Row r) {
    Object raw = r.getValue("settings");
    JsonObject settings = raw instanceof JsonObject o ? o : raw == null ? new JsonObject() : new JsonObject(raw.toString());
    return new Settings(r.getUUID("id"), r.getString("name"), r.getString("currency"), r.getString("country"), settings,
        r.getOffsetDateTime("deleted_at") == null);
  }

  /** How many live networks the scope has. */
  public Future<Integer> countLive(Scope scope) {
    return pg.preparedQuery("SELECT count(*)::int AS n FROM networks WHERE deleted_at IS NULL AND "
            + scope.networkPredicate("id", 1))
        .execute(Tuple.of(scope.networkBind()))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /** The scope's live networks, oldest first. */
  public Future<Page<Network>> page(Scope scope, int limit, int offset) {
    return Paging.page(pg, "id, name, currency, country, created_at, updated_at",
        "FROM networks WHERE deleted_at IS NULL AND " + scope.networkPredicate("id", 1), "created_at, id",
        Tuple.of(scope.networkBind()), limit, offset,
        r -> new Network(r.getUUID("id"), r.getString("name"), r.getString("currency"), r.getString("country"),
            r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at")));
  }
}
