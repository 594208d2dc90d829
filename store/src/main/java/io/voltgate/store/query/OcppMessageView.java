package io.voltgate.store.query;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.store.model.LoggedFrame;
import java.time.Instant;

/**
 * One logged OCPP frame as every reader shows it (the API's lists, exchange and export, and the live
 * tail the gateway publishes): one rendering for both, so a tailed frame and a listed one read alike.
 */
public final class OcppMessageView {

  /** The columns {@link #json(Row)} reads. */
  public static final String COLUMNS = "m.id, m.logged_at, m.charge_point_id, m.node, m.connection_id,"
      + " m.ocpp_version, m.direction, m.message_type, m.message_id, m.action, m.error_code, m.refusal,"
      + " m.payload_bytes, m.frame, m.truncated, m.redacted, m.latency_us";

  private OcppMessageView() {
  }

  public static JsonObject json(Row r) {
    return render(r.getLong("id"), r.getOffsetDateTime("logged_at").toInstant(), r.getString("charge_point_id"),
        r.getString("node"), r.getString("connection_id"), r.getString("ocpp_version"), r.getString("direction"),
        r.getString("message_type"), r.getString("message_id"), r.getString("action"), r.getString("error_code"),
        r.getString("refusal"), r.getInteger("payload_bytes"), r.getString("frame"), r.getBoolean("truncated"),
        r.getBoolean("redacted"), r.getLong("latency_us"));
  }

  /** A frame not stored yet (the live tail): no id. */
  public static JsonObject json(LoggedFrame e) {
    return render(null, e.loggedAt(), e.chargePointId(), e.node(), e.connectionId(), e.ocppVersion(), e.direction(),
        e.messageType(), e.messageId(), e.action(), e.errorCode(), e.refusal(), e.payloadBytes(), e.frame(),
        e.truncated(), e.redacted(), e.latencyMicros());
  }

  private static JsonObject render(Long id, Instant at, String cp, String node, String connectionId, String version,
      String direction, String type, String messageId, String action, String errorCode, String refusal,
      Integer bytes, String frame, boolean truncated, boolean redacted, Long latencyUs) {
    return new JsonObject()
        .put("id", id == null ? null : id.toString())
        .put("timestamp", at.toString())
        .put("chargePointId", cp)
        .put("direction", "in".equals(direction) ? "incoming" : "outgoing")
        .put("messageType", messageType(type))
        .put("messageId", messageId)
        .put("action", action)
        .put("errorCode", errorCode)
        .put("refusal", refusal)
        .put("ocppVersion", version)
        .put("node", node)
        .put("connectionId", connectionId)
        .put("payloadBytes", bytes)
        .put("latencyUs", latencyUs)
        .put("responseTimeMs", latencyUs == null ? null : latencyUs / 1000.0)
        .put("truncated", truncated)
        .put("redacted", redacted)
        .put("frame", frame)
        .put("payload", truncated ? null : payload(frame, type));
  }

  /** Wire names: {@code Call}, {@code CallResult}, {@code CallError}, {@code Refused}. */
  public static String messageType(String stored) {
    return switch (stored) {
      case "CALL" -> "Call";
      case "CALLRESULT" -> "CallResult";
      case "CALLERROR" -> "CallError";
      default -> "Refused";
    };
  }

  /** The stored form of a wire name, or null when it names none. */
  public static String storedType(String wire) {
    return switch (wire) {
      case "Call" -> "CALL";
      case "CallResult" -> "CALLRESULT";
      case "CallError" -> "CALLERROR";
      case "Refused" -> "REFUSED";
      default -> null;
    };
  }

  /** The payload object of a whole frame (a CALLERROR's error details), else null. */
  private static Object payload(String frame, String type) {
    if (frame == null || "REFUSED".equals(type)) {
      return null;
    }
    try {
      JsonArray a = new JsonArray(frame);
      int at = switch (type) {
        case "CALL" -> 3;
        case "CALLRESULT" -> 2;
        default -> 4;
      };
      return a.size() > at ? a.getValue(at) : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

}
