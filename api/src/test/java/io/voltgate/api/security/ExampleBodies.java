package io.voltgate.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.http.BodySchemas;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The smallest valid request body of a schema, built from the schema itself (required properties,
 * {@code minProperties}) so that the security suites send bodies that pass validation and let the
 * id lookup decide. Every body is checked against the server's own validator; a schema this cannot
 * satisfy fails loudly, naming the schema, so a new one gets an entry in {@link #SEMANTIC}.
 */
final class ExampleBodies {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Fields a handler checks beyond its schema, with values it accepts. Without them the handler
   * would answer 400 before looking the path's ids up.
   */
  private static final Map<String, JsonObject> SEMANTIC = Map.of(
      // A public literal address: private targets are refused, and no name needs DNS. The event is
      // one no test emits, so no delivery is ever attempted.
      "webhook-create", new JsonObject().put("url", "https://93.184.216.34/voltgate-hook").put("events", "reservation.status"),
      // minProperties without a URL the handler would check
      "webhook-update", new JsonObject().put("description", "security suite"),
      // the same engine and rules in the eMSP family
      "emsp-webhook-create", new JsonObject().put("url", "https://93.184.216.34/voltgate-hook").put("events", "reservation.status"),
      "emsp-webhook-update", new JsonObject().put("description", "security suite"),
      // the handler needs a catalog image or a location to send
      "control-firmware", new JsonObject().put("location", "https://example.com/firmware.bin"),
      // roles are a closed list checked by the handler
      "team-member-update", new JsonObject().put("role", "Viewer"),
      // model (with vendor) or modelId is required by the handler
      "firmware-create", new JsonObject().put("vendor", "Voltgate").put("model", "Suite-" + UUID.randomUUID()),
      // a public connector id is a UUID's 16 bytes in Base64 (docs/emp-sessions.md)
      "emp-session-start", new JsonObject().put("connectorId", "AAAAAAAAAAAAAAAAAAAAAA==").put("keyIdentifier", "VG-KEY"));

  /** Strings tried, in order, against a property's pattern; the last is bare hex (an EMP keyIdentifier). */
  private static final List<String> PATTERN_CANDIDATES = List.of("VG%s", "12:00", "T2", "vg_%s", "%s");

  private final JsonObject schemas;

  /** @param openApi the served document; its {@code components.schemas} are the request schemas */
  ExampleBodies(JsonObject openApi) {
    this.schemas = openApi.getJsonObject("components").getJsonObject("schemas");
  }

  /** A fresh valid body (unique strings each time, so creations do not collide). */
  JsonObject minimal(String schemaName) {
    JsonObject schema = schemas.getJsonObject(schemaName);
    if (schema == null) {
      throw new AssertionError("the document has no schema " + schemaName);
    }
    JsonObject body = (JsonObject) value(schema);
    JsonObject semantic = SEMANTIC.get(schemaName);
    if (semantic != null) {
      body.mergeIn(semantic.copy());
    }
    if (body.isEmpty() && schema.getInteger("minProperties", 0) > 0) {
      String first = schema.getJsonObject("properties").fieldNames().iterator().next();
      body.put(first, value(schema.getJsonObject("properties").getJsonObject(first)));
    }
    assertValid(schemaName, body);
    return body;
  }

  /** The declared properties of a body schema, each with its sub-schema. */
  JsonObject properties(String schemaName) {
    return schemas.getJsonObject(schemaName).getJsonObject("properties", new JsonObject());
  }

  static void assertValid(String schemaName, JsonObject body) {
    try {
      Set<ValidationMessage> errors = BodySchemas.schema(schemaName).validate(MAPPER.readTree(body.encode()));
      if (!errors.isEmpty()) {
        throw new AssertionError("cannot build a valid body for " + schemaName + " (" + errors
            + "); add its values to ExampleBodies.SEMANTIC: " + body.encode());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object value(JsonObject s) {
    if (s.containsKey("const")) {
      return s.getValue("const");
    }
    if (s.getJsonArray("enum") != null) {
      return s.getJsonArray("enum").stream().filter(v -> v != null).findFirst().orElse(null);
    }
    for (String choice : List.of("oneOf", "anyOf")) {
      if (s.getJsonArray(choice) != null) {
        return value(s.getJsonArray(choice).getJsonObject(0));
      }
    }
    return switch (type(s)) {
      case "object" -> {
        JsonObject o = new JsonObject();
        JsonObject props = s.getJsonObject("properties", new JsonObject());
        for (Object required : s.getJsonArray("required", new JsonArray())) {
          o.put((String) required, value(props.getJsonObject((String) required, new JsonObject())));
        }
        yield o;
      }
      case "array" -> {
        JsonArray a = new JsonArray();
        for (int i = 0; i < Math.max(1, s.getInteger("minItems", 1)); i++) {
          a.add(value(s.getJsonObject("items", new JsonObject())));
        }
        yield a;
      }
      case "integer" -> (int) Math.min(s.getDouble("maximum", 1e9), Math.max(1, s.getDouble("minimum", 1.0)));
      case "number" -> Math.min(s.getDouble("maximum", 1e9), Math.max(1, s.getDouble("minimum", 1.0)));
      case "boolean" -> true;
      default -> string(s);
    };
  }

  /** The first non-null declared type; untyped properties are taken as strings. */
  static String type(JsonObject s) {
    Object t = s.getValue("type");
    if (t instanceof JsonArray types) {
      return types.stream().map(String::valueOf).filter(x -> !x.equals("null")).findFirst().orElse("string");
    }
    return t == null ? "string" : (String) t;
  }

  private static String string(JsonObject s) {
    String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String format = s.getString("format", "");
    String text = switch (format) {
      case "email" -> "vg-" + unique + "@example.com";
      case "uri" -> "https://example.com/vg-" + unique + ".bin";
      case "uuid" -> UUID.randomUUID().toString();
      case "date-time" -> Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
      case "date" -> Instant.now().toString().substring(0, 10);
      default -> "vg-" + unique;
    };
    String pattern = s.getString("pattern");
    if (pattern != null && !Pattern.compile(pattern).matcher(text).find()) {
      text = PATTERN_CANDIDATES.stream().map(c -> String.format(c, unique))
          .filter(c -> Pattern.compile(pattern).matcher(c).find()).findFirst().orElse(text);
    }
    int min = s.getInteger("minLength", 0);
    int max = s.getInteger("maxLength", Integer.MAX_VALUE);
    StringBuilder sb = new StringBuilder(text);
    while (sb.length() < min) {
      sb.append('x');
    }
    return sb.length() > max ? sb.substring(0, max) : sb.toString();
  }
}
