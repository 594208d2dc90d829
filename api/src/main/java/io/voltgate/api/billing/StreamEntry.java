package io.voltgate.api.billing;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/** One {@code vg:events} entry as billing reads it: its stream id, event type and data. */
record StreamEntry(String streamId, String type, JsonObject data) {

  /** Parses {@code [id, [field, value, ...]]}; fields may be missing (null type, empty data). */
  static StreamEntry from(Response entry) {
    String id = entry.get(0).toString();
    Response fields = entry.get(1);
    String type = null;
    JsonObject data = new JsonObject();
    if (fields != null) {
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String key = fields.get(i).toString();
        if ("type".equals(key)) {
          type = fields.get(i + 1).toString();
        } else if ("data".equals(key)) {
          try {
            data = new JsonObject(fields.get(i + 1).toString());
          } catch (RuntimeException e) {
            data = new JsonObject();
          }
        }
      }
    }
    return new StreamEntry(id, type, data);
  }
}
