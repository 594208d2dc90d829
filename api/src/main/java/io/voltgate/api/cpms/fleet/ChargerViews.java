package io.voltgate.api.cpms.fleet;

import io.voltgate.store.redis.ChargerLiveState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.api.http.Json;
import java.time.Instant;
import java.util.List;

/**
 * How chargers and their connectors appear in operator responses, merged with their live state.
 * Renders the row views of {@link io.voltgate.store.query.ChargerQueries}.
 */
public final class ChargerViews {

  private ChargerViews() {
  }

  /** A charger in a list: identity, placement, versions and live status. */
  public static JsonObject summary(Row r, ChargerLiveState.Charger live) {
    String stored = r.getString("operator_status");
    String reported = live.chargerStatus();
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("uid", r.getString("charge_point_id"))
        .put("evseId", r.getString("evse_code"))
        .put("status", OcppStatus.render(reported != null ? reported : stored))
        .put("isOnline", live.online())
        .put("lastHeartbeat", time(live.heartbeatOrSeen()))
        .put("networkId", Json.id(r.getUUID("network_id")))
        .put("locationId", Json.id(r.getUUID("location_id")))
        .put("serialNumber", r.getString("serial_number") != null ? r.getString("serial_number")
            : r.getString("charge_box_serial_number"))
        .put("vendor", r.getString("vendor"))
        .put("model", r.getString("model"))
        .put("modelId", Json.id(r.getUUID("model_id")))
        .put("firmwareVersion", r.getString("firmware_version"))
        .put("ocppVersion", r.getString("ocpp_version"))
        .put("securityProfile", (int) r.getShort("security_profile"))
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")));
  }

  /** The detail: the summary plus rating, placement details and connectors ordered by number. */
  public static JsonObject detail(Row r, List<Row> connectors, ChargerLiveState.Charger live) {
    JsonArray items = new JsonArray();
    for (Row k : connectors) {
      items.add(connector(k, live));
    }
    return summary(r, live)
        .put("maxPowerKw", Json.number(r.getBigDecimal("max_power_kw")))
        .put("lastSeen", time(live.lastSeen()))
        .put("physicalReference", r.getString("physical_reference"))
        .put("floorLevel", r.getString("floor_level"))
        .put("registrationStatus", r.getString("registration_status"))
        .put("updatedAt", Json.time(r.getOffsetDateTime("updated_at")))
        .put("connectors", items);
  }

  /** One connector with its live status (the reported one in Redis, else the stored one). */
  public static JsonObject connector(Row k, ChargerLiveState.Charger live) {
    int evse = k.getInteger("evse_id");
    JsonObject reported = live.connector(evse, k.getInteger("connector_id"));
    return new JsonObject()
        .put("id", Json.id(k.getUUID("id")))
        .put("number", evse)
        .put("standard", k.getString("standard"))
        .put("format", k.getString("format"))
        .put("powerType", k.getString("power_type"))
        .put("maxPowerKw", Json.number(k.getBigDecimal("max_power_kw")))
        .put("maxVoltage", k.getInteger("max_voltage"))
        .put("maxAmperage", k.getInteger("max_amperage"))
        .put("status", OcppStatus.render(reported != null ? reported.getString("status") : k.getString("status")))
        .put("errorCode", reported != null ? reported.getString("errorCode") : k.getString("error_code"));
  }

  private static String time(Instant t) {
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
