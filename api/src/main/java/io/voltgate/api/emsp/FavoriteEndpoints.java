package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.FavoriteQueries;
import java.util.Objects;
import java.util.UUID;

/**
 * The driver's favourites ({@code /emsp/v1/favorites}): published locations and public chargers of
 * the driver's network. Saving a target twice answers the saved one (200) instead of a duplicate; a
 * target the driver cannot see is 404, like an unknown one.
 */
public final class FavoriteEndpoints {

  private static final String SCOPE = "emsp:driver-content";

  private final FavoriteQueries favorites;

  public FavoriteEndpoints(FavoriteQueries favorites) {
    this.favorites = Objects.requireNonNull(favorites);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Favorites").callers(Caller.DRIVER)
        .get("/emsp/v1/favorites", SCOPE, "List the driver's favorites", (ctx, p) -> {
          PageRequest page = PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE);
          return favorites.page(p.scope(), page.pageSize(), page.offset())
              .map(found -> Reply.navigablePage(found.items().stream().map(FavoriteEndpoints::render).toList(), page,
                  found.total()));
        })
        .create("/emsp/v1/favorites", SCOPE,
            "Save a favorite (201; 200 with the saved one when the target was saved before)", "emsp-favorite-create",
            (ctx, p) -> save(p, BodySchemas.validated(ctx, "emsp-favorite-create")))
        .delete("/emsp/v1/favorites/{id}", SCOPE, "Remove a favorite", (ctx, p) -> {
          UUID id = Params.pathUuid(ctx, "id");
          return favorites.delete(p.scope(), id).map(deleted -> {
            if (!deleted) {
              throw ApiException.notFound("Favorite");
            }
            return Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true));
          });
        });
  }

  private Future<Reply> save(ApiPrincipal p, JsonObject b) {
    String type = b.getString("targetType", FavoriteQueries.LOCATION);
    UUID target = UUID.fromString(b.getString("targetId"));
    String label = BodySchemas.text(b, "label");
    return favorites.save(p.scope(), UUID.randomUUID(), type, target, label).map(found -> {
      FavoriteQueries.Saved saved = found.orElseThrow(() ->
          ApiException.notFound(FavoriteQueries.CHARGER.equals(type) ? "Charger" : "Location"));
      JsonObject data = render(saved.favorite());
      return saved.created() ? Reply.created(data) : Reply.ok(data);
    });
  }

  static JsonObject render(FavoriteQueries.Favorite f) {
    return new JsonObject()
        .put("id", f.id().toString())
        .put("targetType", f.targetType())
        .put("targetId", f.targetId().toString())
        .put("label", f.label())
        .put("createdAt", Json.time(f.createdAt()));
  }
}
