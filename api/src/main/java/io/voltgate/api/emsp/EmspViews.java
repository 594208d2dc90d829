package io.voltgate.api.emsp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.UpperCaseStatus;
import io.voltgate.store.query.PublishedLocation;
import io.voltgate.store.query.ReviewQueries;
import io.voltgate.store.redis.ChargerLiveState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How chargers, connectors, locations and tariffs appear in {@code /emsp/v1} responses, with the
 * eMSP seed's field names: the row views of {@code ChargerQueries} (discovery), {@code ConnectorQueries}
 * (status) and {@code TariffQueries}, and {@link PublishedLocation}, merged with live state. Statuses
 * are upper case ({@link UpperCaseStatus}); a connector's number is its EVSE id and its identifier
 * {@code <uid>-<number>}.
 */
final class EmspViews {

  private EmspViews() {
  }

  /** A charger in a list. */
  static JsonObject chargerSummary(Row r, ChargerLiveState.Charger live) {
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("uid", r.getString("charge_point_id"))
        .put("evseId", r.getString("evse_code"))
        .put("status", UpperCaseStatus.of(live.chargerStatusOr(r.getString("operator_status"))))
        .put("locationId", Json.id(r.getUUID("location_id")))
        .put("locationName", r.getString("location_name"))
        .put("isPublic", r.getBoolean("is_public"))
        .put("maxPowerKw", Json.number(r.getBigDecimal("max_power_kw")))
        .put("connectorCount", r.getLong("connector_count"))
        .put("lastHeartbeat", time(live.heartbeatOrSeen()))
        .put("isOnline", live.online())
        .put("lastUpdated", time(latest(r.getOffsetDateTime("updated_at"), live.lastSeen())))
        .put("networkId", Json.id(r.getUUID("network_id")))
        .put("networkName", r.getString("network_name"));
  }

  /** The detail: the summary, the charger's hardware and placement, and its connectors by number. */
  static JsonObject chargerDetail(Row r, List<Row> connectors, ChargerLiveState.Charger live) {
    JsonArray items = new JsonArray();
    connectors.forEach(k -> items.add(connector(k, r.getString("charge_point_id"), live)));
    return chargerSummary(r, live)
        .put("serialNumber", serialNumber(r))
        .put("manufacturer", r.getString("vendor"))
        .put("model", r.getString("model"))
        .put("firmwareVersion", r.getString("firmware_version"))
        .put("ocppVersion", r.getString("ocpp_version"))
        .put("installationDate", Json.time(r.getOffsetDateTime("created_at")))
        .put("floorLevel", r.getString("floor_level"))
        .put("physicalReference", r.getString("physical_reference"))
        // A charger has no coordinates of its own; its location's are on the location.
        .put("coordinates", null)
        .put("connectors", items);
  }

  /** A charger as a location lists it (the seed's short shape). */
  static JsonObject chargerAtLocation(Row r, ChargerLiveState.Charger live) {
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("serialNumber", serialNumber(r))
        .put("status", UpperCaseStatus.of(live.chargerStatusOr(r.getString("operator_status"))))
        .put("lastHeartbeat", time(live.heartbeatOrSeen()))
        .put("isOnline", live.online())
        .put("connectorCount", r.getLong("connector_count"));
  }

  /** One connector of a charger (a connector row view of {@code ChargerQueries}). */
  static JsonObject connector(Row k, String uid, ChargerLiveState.Charger live) {
    int number = k.getInteger("evse_id");
    int connectorId = k.getInteger("connector_id");
    return new JsonObject()
        .put("id", Json.id(k.getUUID("id")))
        .put("connectorNumber", number)
        .put("connectorIdentifier", uid + "-" + number)
        .put("status", UpperCaseStatus.of(live.connectorStatusOr(number, connectorId, k.getString("status"))))
        .put("standard", k.getString("standard"))
        .put("format", k.getString("format"))
        .put("powerType", k.getString("power_type"))
        .put("maxVoltage", k.getInteger("max_voltage"))
        .put("maxAmperage", k.getInteger("max_amperage"))
        .put("maxElectricPowerWatts", watts(k.getBigDecimal("max_power_kw")))
        .put("lastUpdated", time(latest(latest(k.getOffsetDateTime("updated_at"), k.getOffsetDateTime("status_at")),
            live.connectorReportedAt(number, connectorId))));
  }

  /** {@code GET /connectors/{id}/status}: the connector, its charger and location, and when its status last changed. */
  static JsonObject connectorStatus(Row k, ChargerLiveState.Charger live) {
    int number = k.getInteger("evse_id");
    int connectorId = k.getInteger("connector_id");
    Instant reported = live.connectorReportedAt(number, connectorId);
    OffsetDateTime stored = k.getOffsetDateTime("status_at");
    return connector(k, k.getString("charge_point_id"), live)
        .put("chargerId", Json.id(k.getUUID("charger_id")))
        .put("chargerUid", k.getString("charge_point_id"))
        .put("locationId", Json.id(k.getUUID("location_id")))
        .put("locationName", k.getString("location_name"))
        .put("lastStatusUpdate", time(reported != null ? reported : stored == null ? null : stored.toInstant()))
        // Not recorded for chargers yet (no OCPP message reports them): unknown rather than a guess.
        .put("hasRfidReader", null)
        .put("hasDisplay", null);
  }

  /**
   * {@code GET /chargers/{identifier}/info}: what a driver sees after scanning the QR code — the
   * charger, its location, its network's branding, and each connector's tariff in effect now.
   *
   * @param prices per connector id: the {@code TariffAssignmentQueries#PRICE_COLUMNS} row (null columns without a tariff)
   */
  static JsonObject chargerInfo(Row r, List<Row> connectors, Map<UUID, Row> prices, ChargerLiveState.Charger live) {
    String uid = r.getString("charge_point_id");
    JsonObject branding = jsonObject(r.getValue("network_settings")).getJsonObject("branding", new JsonObject());
    JsonArray items = new JsonArray();
    for (Row k : connectors) {
      int number = k.getInteger("evse_id");
      Row price = prices.get(k.getUUID("id"));
      UUID tariff = price == null ? null : price.getUUID("tariff_id");
      items.add(new JsonObject()
          .put("connectorUuid", Json.id(k.getUUID("id")))
          .put("connectorIdentifier", uid + "-" + number)
          .put("connectorNumber", number)
          .put("standard", k.getString("standard"))
          .put("format", k.getString("format"))
          .put("powerType", k.getString("power_type"))
          .put("maxPowerKw", Json.number(k.getBigDecimal("max_power_kw")))
          .put("status", UpperCaseStatus.of(live.connectorStatusOr(number, k.getInteger("connector_id"), k.getString("status"))))
          .put("tariffId", Json.id(tariff))
          .put("tariffName", tariff == null ? null : price.getString("tariff_name"))
          .put("energyRate", tariff == null ? null : Json.number(price.getBigDecimal("energy_rate_per_kwh")))
          .put("timeRate", tariff == null ? null : Json.number(price.getBigDecimal("time_rate_per_hour")))
          .put("sessionFee", tariff == null ? null : Json.number(price.getBigDecimal("session_fee")))
          .put("idleRate", tariff == null ? null : Json.number(price.getBigDecimal("idle_fee_per_hour")))
          .put("idleFeeEnabled", tariff == null ? null : price.getBoolean("idle_fee_enabled"))
          .put("idleGracePeriodMinutes", tariff == null ? null : price.getInteger("idle_grace_minutes")));
    }
    return new JsonObject()
        .put("chargerUuid", Json.id(r.getUUID("id")))
        .put("chargerUid", uid)
        .put("chargerName", uid)
        .put("llmLookupId", LlmLookupId.of(r.getUUID("id")))
        .put("status", UpperCaseStatus.of(live.chargerStatusOr(r.getString("operator_status"))))
        .put("isOnline", live.online())
        .put("locationUuid", Json.id(r.getUUID("location_id")))
        .put("locationName", r.getString("location_name"))
        .put("address", r.getString("location_address"))
        .put("city", r.getString("location_city"))
        .put("latitude", Json.number(r.getBigDecimal("location_latitude")))
        .put("longitude", Json.number(r.getBigDecimal("location_longitude")))
        .put("networkUuid", Json.id(r.getUUID("network_id")))
        .put("networkName", r.getString("network_name"))
        .put("networkLogoUrl", branding.getString("logoUrl"))
        .put("networkPrimaryColor", branding.getString("primaryColor"))
        .put("networkSecondaryColor", branding.getString("secondaryColor"))
        .put("currency", r.getString("network_currency") == null ? null : r.getString("network_currency").trim())
        .put("connectors", items);
  }

  /** A location in a list or a geosearch; {@code distanceKm} only when the caller gave a point. */
  static JsonObject location(PublishedLocation l, LocationOffers.Offer offer) {
    JsonObject out = locationBase(l)
        .put("chargerCount", offer.chargerCount())
        .put("availableCount", offer.availableCount())
        .put("maxPowerKw", Json.number(offer.maxPowerKw()))
        .put("connectorTypes", new JsonArray(offer.connectorTypes()));
    if (l.distanceKm() != null) {
      out.put("distanceKm", BigDecimal.valueOf(l.distanceKm()).setScale(3, RoundingMode.HALF_UP).doubleValue());
    }
    return out;
  }

  /** A location's detail. Reviews are not built yet: no rating average, no ratings. */
  static JsonObject locationDetail(PublishedLocation l, LocationOffers.Offer offer, ReviewQueries.Summary rating) {
    return locationBase(l)
        .put("openingHours", l.openingHours())
        .put("images", l.images())
        .put("chargerCount", offer.chargerCount())
        .put("availableCount", offer.availableCount())
        .put("ratingAverage", Json.number(rating.average()))
        .put("ratingCount", rating.count());
  }

  private static JsonObject locationBase(PublishedLocation l) {
    return new JsonObject()
        .put("id", Json.id(l.id()))
        .put("name", l.name())
        .put("address", l.address())
        .put("city", l.city())
        .put("state", l.state())
        .put("country", l.country())
        .put("latitude", Json.number(l.latitude()))
        .put("longitude", Json.number(l.longitude()))
        .put("hasParking", l.hasParking())
        .put("hasRestrooms", l.hasRestrooms())
        .put("hasWifi", l.hasWifi())
        .put("phone", l.phone());
  }

  /** A tariff (a row view of {@code TariffQueries}); rates are numbers, 0 when not billed. */
  static JsonObject tariff(Row r) {
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("type", r.getString("type"))
        .put("currency", r.getString("currency").trim())
        .put("isFree", r.getBoolean("is_free"))
        .put("energyRate", Json.number(r.getBigDecimal("energy_rate_per_kwh")))
        .put("timeRate", Json.number(r.getBigDecimal("time_rate_per_hour")))
        .put("idleRate", Json.number(r.getBigDecimal("idle_fee_per_hour")))
        .put("sessionFee", Json.number(r.getBigDecimal("session_fee")))
        .put("minimumSessionFee", Json.number(r.getBigDecimal("min_session_fee")))
        .put("maximumSessionFee", Json.number(r.getBigDecimal("max_session_fee")))
        .put("taxRate", Json.number(r.getBigDecimal("tax_rate")))
        .put("effectiveFrom", Json.time(r.getOffsetDateTime("effective_from")))
        .put("effectiveTo", Json.time(r.getOffsetDateTime("effective_to")));
  }

  /** The network's public branding ({@code networks.settings.branding}). */
  static JsonObject branding(UUID networkId, String name, JsonObject settings) {
    JsonObject b = settings.getJsonObject("branding", new JsonObject());
    return new JsonObject()
        .put("networkId", networkId.toString())
        .put("name", name)
        .put("logoUrl", b.getString("logoUrl"))
        .put("faviconUrl", b.getString("faviconUrl"))
        .put("logoBackground", b.getString("logoBackground"))
        .put("primaryColor", b.getString("primaryColor"))
        .put("secondaryColor", b.getString("secondaryColor"))
        .put("termsUrl", b.getString("termsUrl"))
        .put("privacyUrl", b.getString("privacyUrl"));
  }

  private static String serialNumber(Row r) {
    return r.getString("serial_number") != null ? r.getString("serial_number") : r.getString("charge_box_serial_number");
  }

  private static Long watts(BigDecimal kw) {
    return kw == null ? null : kw.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static Instant latest(OffsetDateTime a, Instant b) {
    Instant first = a == null ? null : a.toInstant();
    if (first == null) {
      return b;
    }
    return b == null || first.isAfter(b) ? first : b;
  }

  private static OffsetDateTime latest(OffsetDateTime a, OffsetDateTime b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static JsonObject jsonObject(Object raw) {
    if (raw instanceof JsonObject o) {
      return o;
    }
    return raw == null ? new JsonObject() : new JsonObject(raw.toString());
  }
}
