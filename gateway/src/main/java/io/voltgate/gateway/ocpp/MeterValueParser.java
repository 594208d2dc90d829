package io.voltgate.gateway.ocpp;

import com.fasterxml.jackson.databind.JsonNode;
import io.voltgate.store.model.MeterSample;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MeterValue arrays of both versions into normalised samples: kWh and kW become Wh and W,
 * 2.0.1 unit multipliers are applied, the spec's defaults fill absent fields (measurand
 * Energy.Active.Import.Register, context Sample.Periodic, location Outlet, unit Wh).
 */
public final class MeterValueParser {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private MeterValueParser() {
  }

  /** OCPP 1.6 {@code meterValue} (values are strings; SignedData values are kept raw only). */
  public static List<MeterSample> ocpp16(JsonNode meterValues, Instant fallback) {
    List<MeterSample> out = new ArrayList<>();
    if (meterValues == null || !meterValues.isArray()) {
      return out;
    }
    for (JsonNode mv : meterValues) {
      Instant at = Payloads.instant(mv, "timestamp", fallback);
      for (JsonNode sv : mv.path("sampledValue")) {
        String raw = Payloads.text(sv, "value");
        BigDecimal value = null;
        if (!"SignedData".equals(Payloads.text(sv, "format")) && raw != null) {
          try {
            value = new BigDecimal(raw.trim());
          } catch (NumberFormatException e) {
            value = null;
          }
        }
        out.add(sample(at, sv, value, raw, orDefault(Payloads.text(sv, "unit"), "Wh")));
      }
    }
    return out;
  }

  /** OCPP 2.0.1 {@code meterValue} (numbers with an optional unitOfMeasure multiplier). */
  public static List<MeterSample> ocpp201(JsonNode meterValues, Instant fallback) {
    List<MeterSample> out = new ArrayList<>();
    if (meterValues == null || !meterValues.isArray()) {
      return out;
    }
    for (JsonNode mv : meterValues) {
      Instant at = Payloads.instant(mv, "timestamp", fallback);
      for (JsonNode sv : mv.path("sampledValue")) {
        BigDecimal value = Payloads.decimal(sv, "value");
        JsonNode uom = sv.get("unitOfMeasure");
        Integer multiplier = Payloads.integer(uom, "multiplier");
        if (value != null && multiplier != null && multiplier != 0) {
          value = value.scaleByPowerOfTen(multiplier);
        }
        out.add(sample(at, sv, value, value == null ? null : value.toPlainString(),
            orDefault(Payloads.text(uom, "unit"), "Wh")));
      }
    }
    return out;
  }

  private static MeterSample sample(Instant at, JsonNode sv, BigDecimal value, String raw, String unit) {
    String normalisedUnit = unit;
    if (value != null && ("kWh".equals(unit) || "kW".equals(unit) || "kvarh".equals(unit)
        || "kvar".equals(unit) || "kVA".equals(unit))) {
      value = value.multiply(THOUSAND);
      normalisedUnit = unit.substring(1);
    }
    return new MeterSample(at,
        orDefault(Payloads.text(sv, "measurand"), MeterSample.ENERGY_REGISTER),
        Payloads.text(sv, "phase"),
        orDefault(Payloads.text(sv, "location"), "Outlet"),
        orDefault(Payloads.text(sv, "context"), "Sample.Periodic"),
        normalisedUnit, value, raw);
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }

  /** The energy register (Wh) among samples with the given context, if any. */
  public static BigDecimal register(List<MeterSample> samples, String context) {
    BigDecimal found = null;
    for (MeterSample s : samples) {
      if (MeterSample.ENERGY_REGISTER.equals(s.measurand()) && s.phase() == null && s.value() != null
          && (context == null || context.equals(s.context()))) {
        found = s.value();
      }
    }
    return found;
  }
}
