package io.voltgate.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request-body validation with JSON Schema (draft 2020-12) files under {@code api/schemas/} on the
 * class path. Each schema is compiled once. Any violation is a 400 naming the field.
 */
public final class BodySchemas {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .formatAssertionsEnabled(true).build();
  private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

  private BodySchemas() {
  }

  /** The compiled schema {@code api/schemas/<name>.json}; fails fast when it does not exist. */
  public static JsonSchema schema(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      try (InputStream in = BodySchemas.class.getClassLoader().getResourceAsStream("api/schemas/" + n + ".json")) {
        if (in == null) {
          throw new IllegalStateException("missing request schema api/schemas/" + n + ".json");
        }
        return FACTORY.getSchema(MAPPER.readTree(in), CONFIG);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The schema as JSON (for the OpenAPI document). */
  public static JsonObject schemaJson(String name) {
    return new JsonObject(schema(name).getSchemaNode().toString());
  }

  /** The body as a JSON object that satisfies the named schema, or a 400. */
  public static JsonObject validated(RoutingContext ctx, String name) {
    if (isForm(ctx.request().getHeader("Content-Type"))) {
      // The body handler decodes forms into attributes and keeps no body: without this refusal the
      // request would be validated, and acted on, as an empty object.
      throw new ApiException(415, "unsupported_media_type", "Request body must be JSON (Content-Type: application/json)");
    }
    String raw = ctx.body() == null ? null : ctx.body().asString();
    if (raw == null || raw.isBlank()) {
      raw = "{}";
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(raw);
    } catch (IOException e) {
      throw new ApiException(400, "invalid_json", "Request body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(400, "invalid_json", "Request body must be a JSON object");
    }
    Set<ValidationMessage> errors = schema(name).validate(node);
    if (!errors.isEmpty()) {
      ValidationMessage first = errors.stream()
          .min(Comparator.comparing(m -> m.getInstanceLocation().toString())).orElseThrow();
      String field = fieldOf(first);
      throw ApiException.badRequest(field, (field.isEmpty() ? "" : field + ": ") + first.getMessage().replaceFirst("^[$/][^:]*: ", ""));
    }
    return new JsonObject(raw);
  }

  /** An optional text field of a validated body, trimmed; null when absent, null or blank. */
  public static String text(JsonObject body, String field) {
    String value = body.getString(field);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.trim().toLowerCase(java.util.Locale.ROOT);
    return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
  }

  private static String fieldOf(ValidationMessage m) {
    // Both location styles ($.a.b and /a/b) become a dotted field name: a.b
    String path = m.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "").replaceFirst("^/", "").replace('/', '.');
    if ("required".equals(m.getType()) && m.getProperty() != null) {
      return path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
    }
    if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
      return path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
    }
    return path;
  }
}
