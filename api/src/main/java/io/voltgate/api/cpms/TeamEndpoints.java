package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.Conflicts;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.TeamMember;
import io.voltgate.store.query.TeamQueries;
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

  private final TeamQueries team;
  private final NetworkQueries networks;

  public TeamEndpoints(TeamQueries team, NetworkQueries networks) {
    this.team = Objects.requireNonNull(team);
    this.networks = Objects.requireNonNull(networks);
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
    return team.page(p.scope(), network, page.pageSize(), page.offset())
        .map(found -> Reply.page(found.items().stream().map(TeamEndpoints::render).toList(), page, found.total()));
  }

  private Future<Reply> add(ApiPrincipal p, UUID requested, JsonObject body) {
    String role = body.getString("role") == null ? "Viewer" : role(body.getString("role"));
    String email = body.getString("email").trim();
    UUID id = UUID.randomUUID();
    // Users are per network: nothing is read from rows of other networks, so the answer is the same
    // whether or not the e-mail exists elsewhere (a 409 only for this network's own team).
    return NetworkScope.resolve(networks, p, requested, "networkUuid")
        .compose(network -> Conflicts.onDuplicate(team.add(id, network, email, role.toLowerCase(Locale.ROOT),
                body.getString("firstName"), body.getString("lastName")),
            email + " is already a member of this network's team"))
        .map(member -> Reply.created(render(member).put("added", true)));
  }

  private Future<Reply> changeRole(ApiPrincipal p, UUID id, UUID network, String role) {
    return team.changeRole(p.scope(), network, id, role.toLowerCase(Locale.ROOT)).map(updated -> {
      if (!updated) {
        throw ApiException.notFound("Team member");
      }
      return Reply.ok(new JsonObject().put("id", id.toString()).put("role", role).put("updated", true));
    });
  }

  private Future<Reply> remove(ApiPrincipal p, UUID id, UUID network) {
    return team.remove(p.scope(), network, id).map(removed -> {
      if (!removed) {
        throw ApiException.notFound("Team member");
      }
      return Reply.ok(new JsonObject().put("id", id.toString()).put("removed", true));
    });
  }

  private static JsonObject render(TeamMember m) {
    String first = m.firstName();
    String last = m.lastName();
    if (first == null && last == null && m.name() != null) {
      String[] parts = m.name().trim().split("\\s+", 2);
      first = parts[0];
      last = parts.length > 1 ? parts[1] : null;
    }
    String stored = m.role();
    String role = ROLES.stream().filter(x -> x.equalsIgnoreCase(stored)).findFirst().orElse(stored);
    return new JsonObject()
        .put("id", Json.id(m.id()))
        .put("email", m.email())
        .put("firstName", first)
        .put("lastName", last)
        .put("role", role)
        .put("status", m.status())
        .put("networkId", Json.id(m.networkId()))
        .put("joinedAt", Json.time(m.createdAt()))
        .put("lastActiveAt", Json.time(m.lastActiveAt()));
  }
}
