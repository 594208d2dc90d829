package io.voltgate.api.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.http.Responses;
import io.voltgate.api.openapi.OpenApiDocument;
import io.voltgate.api.family.ApiRoutes;
import java.util.List;

/** Public documents: {@code GET /.well-known/scopes} and {@code GET /openapi.json}. */
public final class WellKnownRoutes {

  private WellKnownRoutes() {
  }

  /** The families' routes, in the order their operations appear in the OpenAPI document. */
  public static void mount(Router router, List<ApiRoutes> families) {
    router.get("/.well-known/scopes").handler(ctx -> {
      JsonArray scopes = new JsonArray();
      for (String scope : Scopes.ALL) {
        scopes.add(new JsonObject().put("scope", scope).put("description", Scopes.describe(scope)));
      }
      Responses.ok(ctx, new JsonObject().put("family", "cpms").put("scopes", scopes));
    });
    router.get("/openapi.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(OpenApiDocument.build(families.stream().flatMap(f -> f.operations().stream()).toList(), "0.1.0")
            .encodePrettily()));
  }
}
