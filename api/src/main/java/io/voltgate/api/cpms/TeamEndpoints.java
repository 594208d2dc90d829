package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.Conflicts;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The operator's team ({@code users}, one row per network membership): list, add by email, change
 * role, remove (soft). Roles: Admin, Manager, Technician, Finance, Viewer.
 */
public final class TeamEndpoints {

  public static final List<String> ROLES = List.of("Admin", "Manager", "Technician", "Finance", "Viewer");

  private static final String COLUMNS = "u.id, u.network_id, u.email, u.name, u.first_name, u.last_name, u.role, u.status,"
      + " u.created_at, u.last_active_at";
  /** Members the key ($1) sees, optionally of one network ($2). */
  private static final String VISIBLE = "u.deleted_at IS NULL AND ($1::uuid[] IS NULL OR u.network_id = ANY($1))"
      + " AND ($2::uuid IS NULL OR u.network_id = $2)";

  private final ApiServices s;

  public TeamEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Team")
        .get("/cpms/v1/team", "cpms:team:read", "List the operator's team members",
            (ctx, p) -> list(p, visibleNetwork(p, Params.queryUuid(ctx, "networkUuid")), PageRequest.from(ctx)))
        .create("/cpms/v1/team", "cpms:team:write", "Add an existing platform user to the operator's team", "team-member-add",
            (ctx, p) -> add(p, Params.queryUuid(ctx, "networkUuid"), BodySchemas.validated(ctx, "team-member-add")))
        .put("/cpms/v1/team/{id}", "cpms:team:write", "Update a team member's role", "team-member-update",
            (ctx, p) -> changeRole(p, Params.pathUuid(ctx, "id"), visibleNetwork(p, Params.queryUuid(ctx, "networkUuid")),
                role(BodySchemas.validated(ctx, "team-member-update").getString("role"))))
        .delete("/cpms/v1/team/{id}", "cpms:team:write", "Remove a team member from the operator's network",
            (ctx, p) -> remove(p, Params.pathUuid(ctx, "id"), visibleNetwork(p, Params.queryUuid(ctx, "networkUuid"))));
  }

  /** A network filter from the query: another network's id is a 404. */
  private static UUID visibleNetwork(ApiPrincipal p, UUID network) {
    if (network != null && !p.sees(network)) {
      throw ApiException.notFound("Network");
    }
    return network;
  }

  /** The canonical spelling of a role, matched without regard to case, or a 400. */
  static String role(String raw) {
    for (String r : ROLES) {
      if (r.equalsIgnoreCase(raw == null ? "" : raw.trim())) {
        return r;
      }
    }
    throw ApiException.badRequest("role", "role must be one of " + ROLES);
  }

  private Future<Reply> list(ApiPrincipal p, UUID network, PageRequest page) {
    return s.pg().preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM users u WHERE " + VISIBLE
            + " ORDER BY u.created_at, u.id LIMIT $3 OFFSET $4")
        .execute(Tuple.of(p.networkFilter(), network, page.pageSize(), page.offset()))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(render(r));
          }
          return Reply.page(items, page, total);
        });
  }

  private Future<Reply> add(ApiPrincipal p, UUID requested, JsonObject body) {
    String role = body.getString("role") == null ? "Viewer" : role(body.getString("role"));
    String email = body.getString("email").trim();
    UUID id = UUID.randomUUID();
    // Users are per network: nothing is read from rows of other networks, so the answer is the same
    // whether or not the e-mail exists elsewhere (a 409 only for this network's own team).
    return NetworkScope.resolve(s.pg(), p, requested, "networkUuid")
        .compose(network -> Conflicts.onDuplicate(s.pg().preparedQuery("INSERT INTO users (id, network_id, email, role,"
                    + " first_name, last_name, name) VALUES ($1, $2, $3, $4, $5, $6, NULLIF(concat_ws(' ', $5::text, $6::text), ''))"
                    + " RETURNING " + COLUMNS.replace("u.", ""))
                .execute(Tuple.from(new Object[] {id, network, email, role.toLowerCase(Locale.ROOT),
                    body.getString("firstName"), body.getString("lastName")})),
            email + " is already a member of this network's team"))
        .map(rows -> Reply.created(render(rows.iterator().next()).put("added", true)));
  }

  private Future<Reply> changeRole(ApiPrincipal p, UUID id, UUID network, String role) {
    return s.pg().preparedQuery("UPDATE users u SET role = $4, updated_at = now() WHERE u.id = $3 AND " + VISIBLE
            + " RETURNING u.id")
        .execute(Tuple.of(p.networkFilter(), network, id, role.toLowerCase(Locale.ROOT)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Team member");
          }
          return Reply.ok(new JsonObject().put("id", id.toString()).put("role", role).put("updated", true));
        });
  }

  private Future<Reply> remove(ApiPrincipal p, UUID id, UUID network) {
    return s.pg().preparedQuery("UPDATE users u SET deleted_at = now(), status = 'removed', updated_at = now()"
            + " WHERE u.id = $3 AND " + VISIBLE + " RETURNING u.id")
        .execute(Tuple.of(p.networkFilter(), network, id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Team member");
          }
          return Reply.ok(new JsonObject().put("id", id.toString()).put("removed", true));
        });
  }

  private static JsonObject render(Row r) {
    String first = r.getString("first_name");
    String last = r.getString("last_name");
    if (first == null && last == null && r.getString("name") != null) {
      String[] parts = r.getString("name").trim().split("\\s+", 2);
      first = parts[0];
      last = parts.length > 1 ? parts[1] : null;
    }
    String stored = r.getString("role");
    String role = ROLES.stream().filter(x -> x.equalsIgnoreCase(stored)).findFirst().orElse(stored);
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("email", r.getString("email"))
        .put("firstName", first)
        .put("lastName", last)
        .put("role", role)
        .put("status", r.getString("status"))
        .put("networkId", Json.id(r.getUUID("network_id")))
        .put("joinedAt", Json.time(r.getOffsetDateTime("created_at")))
        .put("lastActiveAt", Json.time(r.getOffsetDateTime("last_active_at")));
  }
}
