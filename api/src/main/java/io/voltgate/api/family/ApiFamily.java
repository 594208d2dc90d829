package io.voltgate.api.family;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An API family: its name (also the prefix of its scopes, {@code cpms:...}), the path prefix its
 * sub-router is mounted at, the family of the API keys it accepts, and whether its callers may also
 * present a driver's bearer access token. The OpenAPI security schemes and each operation's
 * requirement follow from these.
 *
 * @param keyFamily the {@code api_keys.family} its callers' keys must have (the platform API takes
 *     operator keys)
 * @param driverTokens whether operations may require the driver's {@code Authorization: Bearer} token
 */
public record ApiFamily(String name, String pathPrefix, String keyFamily, boolean driverTokens) {

  private static final String API_KEY = "apiKey";
  private static final String DRIVER_BEARER = "driverBearer";

  public ApiFamily {
    Objects.requireNonNull(name);
    Objects.requireNonNull(keyFamily);
    if (!pathPrefix.startsWith("/") || pathPrefix.endsWith("/")) {
      throw new IllegalArgumentException("path prefix like /cpms/v1 expected, got " + pathPrefix);
    }
  }

  /** A family whose callers present an API key of its own family in the {@code X-API-Key} header. */
  public static ApiFamily withApiKey(String name, String pathPrefix) {
    return new ApiFamily(name, pathPrefix, name, false);
  }

  /** A family whose callers present an API key of another family (the platform API: operator keys). */
  public static ApiFamily withApiKeyOf(String keyFamily, String name, String pathPrefix) {
    return new ApiFamily(name, pathPrefix, keyFamily, false);
  }

  /** A family whose callers present its API key and, for a driver's own data, the driver's access token. */
  public static ApiFamily withApiKeyAndDriverToken(String name, String pathPrefix) {
    return new ApiFamily(name, pathPrefix, name, true);
  }

  /** OpenAPI {@code components.securitySchemes} entries of the family. */
  public JsonObject securitySchemes() {
    JsonObject schemes = new JsonObject().put(API_KEY, new JsonObject().put("type", "apiKey").put("in", "header")
        .put("name", "X-API-Key").put("description", "An API key of the " + keyFamily + " family"));
    if (driverTokens) {
      schemes.put(DRIVER_BEARER, new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
          .put("description", "The driver's access token from " + pathPrefix + "/auth/driver/login (with the app's API key)"));
    }
    return schemes;
  }

  /** The OpenAPI security requirement of an operation open to these callers. */
  public JsonArray security(Caller caller) {
    JsonObject key = new JsonObject().put(API_KEY, new JsonArray());
    JsonObject keyAndDriver = new JsonObject().put(API_KEY, new JsonArray()).put(DRIVER_BEARER, new JsonArray());
    if (!driverTokens) {
      return new JsonArray().add(key);
    }
    return switch (caller) {
      case KEY, ANY_KEY -> new JsonArray().add(key);
      case DRIVER -> new JsonArray().add(keyAndDriver);
      case KEY_OR_DRIVER -> new JsonArray().add(key).add(keyAndDriver);
    };
  }

  /** Whether an OpenAPI path belongs to the family. */
  public boolean owns(String path) {
    return path.startsWith(pathPrefix + "/");
  }
}
