package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.UUID;

/**
 * Team members of a scope, optionally of one network of it: list, add, change role, remove (soft).
 * Users are per network, so nothing is ever read from another network's rows.
 */
public final class TeamQueries {

  private static final String COLUMNS = "u.id, u.network_id, u.email, u.name, u.first_name, u.last_name, u.role, u.status,"
      + " u.created_at, u.last_active_at";

  private final Pool pg;

  public TeamQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Members of the scope ($1), optionally of one network ($2). */
  private static String visible(Scope scope) {
    return "u.deleted_at IS NULL AND " + scope.networkPredicate("u.network_id", 1) + " AND ($2::uuid IS NULL OR u.network_id = $2)";
  }

  /** The scope's members (of {@code network} when not null), oldest first. */
  public Future<Page<TeamMember>> page(Scope scope, UUID network, int limit, int offset) {
    return Paging.page(pg, COLUMNS, "FROM users u WHERE " + visible(scope), "u.created_at, u.id",
        Tuple.of(scope.networkBind(), network), limit, offset, TeamQueries::toMember);
  }

  /**
   * Adds a member to a network already resolved within the caller's scope (name from the first and
   * last names); fails with the unique violation when the e-mail is already on that network's team.
   */
  public Future<TeamMember> add(UUID id, UUID network, String email, String role, String firstName, String lastName) {
    return pg.preparedQuery("INSERT INTO users (id, network_id, email, role, first_name, last_name, name)"
            + " VALUES ($1, $2, $3, $4, $5, $6, NULLIF(concat_ws(' ', $5::text, $6::text), ''))"
            + " RETURNING " + COLUMNS.replace("u.", ""))
        .execute(Tuple.from(new Object[] {id, network, email, role, firstName, lastName}))
        .map(rows -> toMember(rows.iterator().next()));
  }

  /** Changes a visible member's role; completes with false when there is none. */
  public Future<Boolean> changeRole(Scope scope, UUID network, UUID id, String role) {
    return pg.preparedQuery("UPDATE users u SET role = $4, updated_at = now() WHERE u.id = $3 AND " + visible(scope)
            + " RETURNING u.id")
        .execute(Tuple.of(scope.networkBind(), network, id, role))
        .map(rows -> rows.size() > 0);
  }

  /** Removes (soft) a visible member; completes with false when there is none. */
  public Future<Boolean> remove(Scope scope, UUID network, UUID id) {
    return pg.preparedQuery("UPDATE users u SET deleted_at = now(), status = 'removed', updated_at = now()"
            + " WHERE u.id = $3 AND " + visible(scope) + " RETURNING u.id")
        .execute(Tuple.of(scope.networkBind(), network, id))
        .map(rows -> rows.size() > 0);
  }

  private static TeamMember toMember(Row r) {
    return new TeamMember(r.getUUID("id"), r.getUUID("network_id"), r.getString("email"), r.getString("name"),
        r.getString("first_name"), r.getString("last_name"), r.getString("role"), r.getString("status"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("last_active_at"));
  }
}
