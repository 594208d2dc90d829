package io.voltgate.gateway.ocpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.ocpp.rpc.FrameCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Small readers and writers for (already schema-validated) OCPP payloads. */
public final class Payloads {

  private static final ObjectMapper MAPPER = FrameCodec.MAPPER;

  private Payloads() {
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  public static Integer integer(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isNumber() ? null : v.intValue();
  }

  public static BigDecimal decimal(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isNumber() ? null : v.decimalValue();
  }

  /** A dateTime field; {@code fallback} when absent or unparsable (validation checks the format). */
  public static Instant instant(JsonNode node, String field, Instant fallback) {
    String raw = text(node, field);
    if (raw == null) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(raw);
      } catch (DateTimeParseException e2) {
        return fallback;
      }
    }
  }

  /** OCPP dateTime as written by Voltgate: UTC with milliseconds and 'Z'. */
  public static String time(Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
  }

  /** Jackson tree → Vert.x JSON (for storage and events). */
  public static JsonObject toVertx(JsonNode node) {
    return node == null || !node.isObject() ? new JsonObject()
        : new JsonObject(MAPPER.convertValue(node, java.util.Map.class));
  }

  public static JsonArray toVertxArray(JsonNode node) {
    return node == null || !node.isArray() ? null
        : new JsonArray(MAPPER.convertValue(node, java.util.List.class));
  }
}
