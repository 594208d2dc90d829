package io.voltgate.api.cpms.fleet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.api.http.Json;
import java.time.Instant;
import java.util.List;

/** How chargers and their connectors appear in operator responses, merged with their live state. */
public final class ChargerViews {

  /** Charger columns, aliased {@code c}; {@code max_power_kw} is the strongest live connector. */
  public static final String COLUMNS = "c.id, c.network_id, c.location_id, c.charge_point_id, c.ocpp_version, c.operator_status,"
      + " c.serial_number, c.charge_box_serial_number, c.firmware_version, c.vendor, c.model, c.model_id, c.evse_code,"
      + " c.security_profile, c.physical_reference, c.floor_level, c.registration_status, c.created_at, c.updated_at,"
      + " (SELECT max(k.max_power_kw) FROM connectors k WHERE k.charger_id = c.id AND k.deleted_at IS NULL) AS max_power_kw";

  /** Connector columns, aliased {@code k}. */
  public static final String CONNECTOR_COLUMNS = "k.id, k.charger_id, k.evse_id, k.connector_id, k.standard, k.format,"
      + " k.power_type, k.max_power_kw, k.max_amperage, k.max_voltage, k.status, k.error_code, k.status_at, k.updated_at";

  private ChargerViews() {
  }

  /** A charger in a list: identity, placement, versions and live status. */
  public static JsonObject summary(Row r, LiveState.Charger live) {
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
  public static JsonObject detail(Row r, List<Row> connectors, LiveState.Charger live) {
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
  public static JsonObject connector(Row k, LiveState.Charger live) {
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
