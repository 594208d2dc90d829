package io.voltgate.api.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.family.ApiRoutes.Operation;
import io.voltgate.api.http.BodySchemas;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of every declared endpoint, built from the same declarations that mount
 * the routes (request bodies use the very schemas the server validates with).
 */
public final class OpenApiDocument {

  private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");

  private OpenApiDocument() {
  }

  public static JsonObject build(List<Operation> operations, String version) {
    JsonObject paths = new JsonObject();
    JsonObject schemas = new JsonObject();
    JsonObject securitySchemes = new JsonObject();
    for (Operation op : operations) {
      securitySchemes.mergeIn(op.family().securitySchemes());
      JsonObject item = paths.getJsonObject(op.path());
      if (item == null) {
        item = new JsonObject();
        paths.put(op.path(), item);
      }
      JsonObject operation = new JsonObject()
          .put("operationId", operationId(op))
          .put("summary", op.summary())
          .put("tags", new JsonArray().add(op.tag()))
          .put("security", op.family().security(op.caller()))
          .put("x-scope", op.scope());
      if (op.family().driverTokens()) {
        // Who may call it (KEY, DRIVER, KEY_OR_DRIVER, ANY_KEY): the security requirement alone
        // cannot tell a back end's operation from one open to any app key.
        operation.put("x-callers", op.caller().name());
      }
      JsonArray params = new JsonArray();
      Matcher m = PATH_PARAM.matcher(op.path());
      while (m.find()) {
        params.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
            .put("schema", new JsonObject().put("type", "string")));
      }
      if (!params.isEmpty()) {
        operation.put("parameters", params);
      }
      if (op.bodySchema() != null) {
        JsonObject schema = BodySchemas.schemaJson(op.bodySchema()).copy();
        schema.remove("$schema");
        schema.remove("$id");
        schemas.put(op.bodySchema(), schema);
        operation.put("requestBody", new JsonObject().put("required", true).put("content", new JsonObject()
            .put("application/json", new JsonObject().put("schema",
                new JsonObject().put("$ref", "#/components/schemas/" + op.bodySchema())))));
      }
      JsonObject responses = new JsonObject()
          .put(Integer.toString(op.status()), new JsonObject().put("description", "Success, in the {data, success, timestamp} envelope"))
          .put("400", ref("Error")).put("401", ref("Error")).put("403", ref("Error"))
          .put("404", ref("Error")).put("429", ref("Error")).put("503", ref("Error"));
      operation.put("responses", responses);
      item.put(op.method().name().toLowerCase(Locale.ROOT), operation);
    }
    schemas.put("ErrorBody", new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("error").add("message").add("code").add("timestamp"))
        .put("properties", new JsonObject()
            .put("error", new JsonObject().put("type", "string"))
            .put("message", new JsonObject().put("type", "string"))
            .put("code", new JsonObject().put("type", "string"))
            .put("status", new JsonObject().put("type", "integer"))
            .put("field", new JsonObject().put("type", "string"))
            .put("timestamp", new JsonObject().put("type", "string").put("format", "date-time"))));
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject().put("title", "Voltgate API").put("version", version)
            .put("description", "Operator (CPMS) API of Voltgate. Every call needs X-API-Key; responses use {data, success, timestamp}; errors {error, message, code, timestamp}."))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("securitySchemes", securitySchemes)
            .put("responses", new JsonObject().put("Error", new JsonObject().put("description", "Error")
                .put("content", new JsonObject().put("application/json", new JsonObject()
                    .put("schema", new JsonObject().put("$ref", "#/components/schemas/ErrorBody"))))))
            .put("schemas", schemas));
  }

  private static JsonObject ref(String name) {
    return new JsonObject().put("$ref", "#/components/responses/" + name);
  }

  private static String operationId(Operation op) {
    StringBuilder sb = new StringBuilder(op.method().name().toLowerCase(Locale.ROOT));
    for (String part : op.path().split("[/{}-]")) {
      if (!part.isEmpty() && !part.equals("cpms") && !part.equals("v1")) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return sb.toString();
  }
}
