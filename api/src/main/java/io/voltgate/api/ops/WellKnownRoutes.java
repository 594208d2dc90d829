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

  private static JsonArray described(List<String> scopes) {
    JsonArray out = new JsonArray();
    for (String scope : scopes) {
      out.add(new JsonObject().put("scope", scope).put("description", Scopes.describe(scope)));
    }
    return out;
  }

  /** The families' routes, in the order their operations appear in the OpenAPI document. */
  public static void mount(Router router, List<ApiRoutes> families) {
    router.get("/.well-known/scopes").handler(ctx -> {
      // The operator vocabulary at the top (as before), then every family's, the in-app subset marked.
      JsonArray all = new JsonArray();
      Scopes.BY_FAMILY.forEach((family, scopes) -> all.add(new JsonObject().put("family", family)
          .put("scopes", described(scopes))
          .put("publishable", "emsp".equals(family) ? new JsonArray(Scopes.EMSP_PUBLISHABLE) : new JsonArray())));
      Responses.ok(ctx, new JsonObject().put("family", "cpms").put("scopes", described(Scopes.of("cpms")))
          .put("families", all));
    });
    router.get("/openapi.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(OpenApiDocument.build(families.stream().flatMap(f -> f.operations().stream()).toList(), "0.1.0")
            .encodePrettily()));
  }
}
