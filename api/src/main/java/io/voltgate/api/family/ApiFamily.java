package io.voltgate.api.family;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An API family: its name (also the prefix of its scopes, {@code cpms:...}), the path prefix all its
 * routes live under, and how its callers authenticate as the OpenAPI document states it (security
 * schemes, and the requirement every operation of the family carries).
 *
 * @param securitySchemes OpenAPI {@code components.securitySchemes} entries of the family
 * @param security the OpenAPI security requirement of the family's operations
 */
public record ApiFamily(String name, String pathPrefix, JsonObject securitySchemes, JsonArray security) {

  public ApiFamily {
    Objects.requireNonNull(name);
    if (!pathPrefix.startsWith("/") || pathPrefix.endsWith("/")) {
      throw new IllegalArgumentException("path prefix like /cpms/v1 expected, got " + pathPrefix);
    }
    Objects.requireNonNull(securitySchemes);
    Objects.requireNonNull(security);
  }

  /** A family whose callers present an API key in the {@code X-API-Key} header. */
  public static ApiFamily withApiKey(String name, String pathPrefix) {
    return new ApiFamily(name, pathPrefix,
        new JsonObject().put("apiKey", new JsonObject().put("type", "apiKey").put("in", "header").put("name", "X-API-Key")),
        new JsonArray().add(new JsonObject().put("apiKey", new JsonArray())));
  }

  /** Whether an OpenAPI path belongs to the family. */
  public boolean owns(String path) {
    return path.startsWith(pathPrefix + "/");
  }
}
