package io.voltgate.services.events;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import io.voltgate.store.model.EventType;
import io.voltgate.store.redis.StreamEntry;
import java.util.UUID;

/**
 * One entry of the Redis event stream {@code vg:events}, as API consumers see it.
 *
 * @param streamId the Redis entry id ({@code ms-seq}): the SSE {@code id:} and {@code Last-Event-ID}
 */
public record StreamEvent(String streamId, String eventId, String type, UUID networkId, String chargePointId,
    String timestamp, JsonObject data) {

  /** Parses {@code [id, [field, value, ...]]}. */
  public static StreamEvent from(Response entry) {
    return from(entry.get(0).toString(), entry.get(1));
  }

  /** Parses an entry a consumer group delivered. */
  public static StreamEvent from(StreamEntry entry) {
    return from(entry.id(), entry.fields());
  }

  private static StreamEvent from(String id, Response fields) {
    String eventId = null;
    String type = null;
    String network = null;
    String cp = null;
    String ts = null;
    JsonObject data = new JsonObject();
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      String value = fields.get(i + 1).toString();
      switch (fields.get(i).toString()) {
        case "id" -> eventId = value;
        case "type" -> type = value;
        case "network" -> network = value;
        case "cp" -> cp = value;
        case "ts" -> ts = value;
        case "data" -> data = new JsonObject(value);
        default -> {
        }
      }
    }
    UUID net = network == null || network.isEmpty() ? null : UUID.fromString(network);
    // An event about no charger (a location's) carries an empty cp: shown as null.
    return new StreamEvent(id, eventId, type, net, cp == null || cp.isEmpty() ? null : cp, ts, data);
  }

  /**
   * The JSON every consumer (SSE, webhooks) receives. Session events also carry
   * {@code data.chargingStatus} in the charging-status vocabulary integrators know (seed 002).
   */
  public JsonObject toJson() {
    JsonObject d = data;
    String status = chargingStatus(type, data.getString("chargingState"));
    if (status != null && !data.containsKey("chargingStatus")) {
      d = data.copy().put("chargingStatus", status);
    }
    return new JsonObject().put("id", eventId).put("type", type).put("timestamp", timestamp)
        .put("networkId", networkId == null ? null : networkId.toString()).put("chargePointId", chargePointId)
        .put("data", d);
  }

  /**
   * Session status → FINISHED, IN_PROGRESS, NOT_PLUGGED; null for other events.
   * (ORDER_INIT_AND_WAITING, PAYMENT_ERROR, PROVIDER_ERROR and INTERNAL_ERROR belong to remote
   * starts, payments and failed sessions, which publish no event yet: see docs/webhooks.md.)
   */
  static String chargingStatus(String type, String chargingState) {
    EventType t = EventType.fromWire(type);
    if (t == null) {
      return null;
    }
    return switch (t) {
      case SESSION_STARTED -> "IN_PROGRESS";
      case SESSION_UPDATED -> "Idle".equals(chargingState) ? "NOT_PLUGGED" : "IN_PROGRESS";
      case SESSION_COMPLETED -> "FINISHED";
      default -> null;
    };
  }

  /** Orders stream ids ({@code ms-seq}) numerically. */
  public static int compareIds(String a, String b) {
    int da = a.indexOf('-');
    int db = b.indexOf('-');
    long ma = Long.parseLong(da < 0 ? a : a.substring(0, da));
    long mb = Long.parseLong(db < 0 ? b : b.substring(0, db));
    if (ma != mb) {
      return Long.compare(ma, mb);
    }
    long sa = da < 0 ? 0 : Long.parseLong(a.substring(da + 1));
    long sb = db < 0 ? 0 : Long.parseLong(b.substring(db + 1));
    return Long.compare(sa, sb);
  }
}
