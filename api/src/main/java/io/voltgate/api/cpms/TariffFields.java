package io.voltgate.api.cpms;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Json;
import io.voltgate.store.query.Patch;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Function;

/**
 * The tariff fields of the operator API and their {@code tariffs} columns: request bodies to SQL
 * values (only the fields a body carries) and the row views of
 * {@link io.voltgate.store.query.TariffQueries} to the response shape.
 */
final class TariffFields {

  /** One body field, its column and the conversion of its JSON value (null stays null). */
  record Field(String json, String column, Function<Object, Object> convert) {
    Object value(JsonObject body) {
      Object raw = body.getValue(json);
      return raw == null ? null : convert.apply(raw);
    }
  }

  private static final Function<Object, Object> SAME = v -> v;
  private static final Function<Object, Object> DECIMAL = v -> new BigDecimal(v.toString());
  private static final Function<Object, Object> TIME = v -> LocalTime.parse(v.toString());

  static final List<Field> FIELDS = List.of(
      new Field("name", "name", SAME),
      new Field("description", "description", SAME),
      new Field("type", "type", SAME),
      new Field("energyRate", "energy_rate_per_kwh", DECIMAL),
      new Field("timeRate", "time_rate_per_hour", DECIMAL),
      new Field("sessionFee", "session_fee", DECIMAL),
      new Field("idleRate", "idle_fee_per_hour", DECIMAL),
      new Field("idleGracePeriodMinutes", "idle_grace_minutes", v -> ((Number) v).intValue()),
      new Field("idleFeeEnabled", "idle_fee_enabled", SAME),
      new Field("idleFeeMaximum", "idle_fee_cap", DECIMAL),
      new Field("peakHoursStart", "peak_start", TIME),
      new Field("peakHoursEnd", "peak_end", TIME),
      new Field("peakMultiplier", "peak_multiplier", DECIMAL),
      new Field("weekendMultiplier", "weekend_multiplier", DECIMAL),
      new Field("taxRate", "tax_rate", DECIMAL),
      new Field("minSessionFee", "min_session_fee", DECIMAL),
      new Field("maxSessionFee", "max_session_fee", DECIMAL),
      new Field("isFree", "is_free", SAME));

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
