package io.voltgate.api.cpms;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Json;
import io.voltgate.store.query.Patch;
import io.voltgate.store.query.TariffQueries;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Function;

/**
 * The tariff fields of the operator API and the tariff fields they set: request bodies to values
 * (only the fields a body carries) and the row views of
 * {@link io.voltgate.store.query.TariffQueries} to the response shape.
 */
final class TariffFields {

  /** One body field, the tariff field it sets and the conversion of its JSON value (null stays null). */
  record Field(String json, Patch.Field column, Function<Object, Object> convert) {
    Object value(JsonObject body) {
      Object raw = body.getValue(json);
      return raw == null ? null : convert.apply(raw);
    }
  }

  private static final Function<Object, Object> SAME = v -> v;
  private static final Function<Object, Object> DECIMAL = v -> new BigDecimal(v.toString());
  private static final Function<Object, Object> TIME = v -> LocalTime.parse(v.toString());
  /**
   * The schema checked the RFC 3339 format already; the few forms it allows that Java does not read
   * (a lower-case t or z, a leap second) are a 400 rather than a 500.
   */
  private static final Function<Object, Object> TIMESTAMP = v -> {
    try {
      return java.time.OffsetDateTime.parse(v.toString().toUpperCase(java.util.Locale.ROOT));
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiException.badRequest(null, "effectiveFrom and effectiveTo are ISO-8601 date-times, e.g. 2026-01-01T00:00:00Z");
    }
  };

  static final List<Field> FIELDS = List.of(
      new Field("name", TariffQueries.Field.NAME, SAME),
      new Field("description", TariffQueries.Field.DESCRIPTION, SAME),
      new Field("type", TariffQueries.Field.TYPE, SAME),
      new Field("energyRate", TariffQueries.Field.ENERGY_RATE, DECIMAL),
      new Field("timeRate", TariffQueries.Field.TIME_RATE, DECIMAL),
      new Field("sessionFee", TariffQueries.Field.SESSION_FEE, DECIMAL),
      new Field("idleRate", TariffQueries.Field.IDLE_RATE, DECIMAL),
      new Field("idleGracePeriodMinutes", TariffQueries.Field.IDLE_GRACE_MINUTES, v -> ((Number) v).intValue()),
      new Field("idleFeeEnabled", TariffQueries.Field.IDLE_FEE_ENABLED, SAME),
      new Field("idleFeeMaximum", TariffQueries.Field.IDLE_FEE_CAP, DECIMAL),
      new Field("peakHoursStart", TariffQueries.Field.PEAK_START, TIME),
      new Field("peakHoursEnd", TariffQueries.Field.PEAK_END, TIME),
      new Field("peakMultiplier", TariffQueries.Field.PEAK_MULTIPLIER, DECIMAL),
      new Field("weekendMultiplier", TariffQueries.Field.WEEKEND_MULTIPLIER, DECIMAL),
      new Field("taxRate", TariffQueries.Field.TAX_RATE, DECIMAL),
      new Field("minSessionFee", TariffQueries.Field.MIN_SESSION_FEE, DECIMAL),
      new Field("maxSessionFee", TariffQueries.Field.MAX_SESSION_FEE, DECIMAL),
      new Field("isFree", TariffQueries.Field.FREE, SAME),
      new Field("effectiveFrom", TariffQueries.Field.EFFECTIVE_FROM, TIMESTAMP),
      new Field("effectiveTo", TariffQueries.Field.EFFECTIVE_TO, TIMESTAMP));

  private TariffFields() {
  }

  /** The fields a body carries, as a patch of their columns. */
  static Patch patch(JsonObject body) {
    Patch patch = new Patch();
    for (Field f : FIELDS) {
      if (body.containsKey(f.json())) {
        patch.set(f.column(), f.value(body));
      }
    }
    return patch;
  }

  /** A peak window needs both ends: a body giving one must give the other. */
  static void checkPeakWindow(JsonObject body) {
    boolean start = body.containsKey("peakHoursStart");
    boolean end = body.containsKey("peakHoursEnd");
    if (start != end || (start && (body.getValue("peakHoursStart") == null) != (body.getValue("peakHoursEnd") == null))) {
      String missing = start ? "peakHoursEnd" : "peakHoursStart";
      throw ApiException.badRequest(missing, "peakHoursStart and peakHoursEnd are set (or cleared) together");
    }
  }

  /** 400 when a minimum session fee exceeds the maximum. */
  static void checkMinMax(BigDecimal min, BigDecimal max) {
    if (min != null && max != null && min.compareTo(max) > 0) {
      throw ApiException.badRequest("maxSessionFee", "maxSessionFee must not be below minSessionFee");
    }
  }

  /** The tariff as every tariff endpoint shows it. */
  static JsonObject render(Row r) {
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("networkId", Json.id(r.getUUID("network_id")))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("type", r.getString("type"))
        .put("currency", r.getString("currency").trim())
        .put("energyRate", zeroAsNull(r.getBigDecimal("energy_rate_per_kwh")))
        .put("timeRate", zeroAsNull(r.getBigDecimal("time_rate_per_hour")))
        .put("sessionFee", zeroAsNull(r.getBigDecimal("session_fee")))
        .put("idleRate", Json.number(r.getBigDecimal("idle_fee_per_hour")))
        .put("idleGracePeriodMinutes", r.getInteger("idle_grace_minutes"))
        .put("idleFeeEnabled", r.getBoolean("idle_fee_enabled"))
        .put("idleFeeMaximum", Json.number(r.getBigDecimal("idle_fee_cap")))
        .put("peakHoursStart", time(r.getLocalTime("peak_start")))
        .put("peakHoursEnd", time(r.getLocalTime("peak_end")))
        .put("peakMultiplier", Json.number(r.getBigDecimal("peak_multiplier")))
        .put("weekendMultiplier", Json.number(r.getBigDecimal("weekend_multiplier")))
        .put("taxRate", Json.number(r.getBigDecimal("tax_rate")))
        .put("minSessionFee", Json.number(r.getBigDecimal("min_session_fee")))
        .put("maxSessionFee", Json.number(r.getBigDecimal("max_session_fee")))
        .put("isFree", r.getBoolean("is_free"))
        .put("effectiveFrom", Json.time(r.getOffsetDateTime("effective_from")))
        .put("effectiveTo", Json.time(r.getOffsetDateTime("effective_to")))
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")))
        .put("updatedAt", Json.time(r.getOffsetDateTime("updated_at")));
  }

  /** Energy, time and session rates are null when not billed (seed: "or null if ... not billed"). */
  private static Double zeroAsNull(BigDecimal d) {
    return d == null || d.signum() == 0 ? null : d.doubleValue();
  }

  private static String time(LocalTime t) {
    return t == null ? null : t.toString();
  }
}
