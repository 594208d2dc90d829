package io.voltgate.api.emsp;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.http.CommandReplies;
import io.voltgate.api.http.Json;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.services.charging.RemoteCharging;
import io.voltgate.services.charging.SessionCosts;
import io.voltgate.store.query.SessionView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The eMSP seed's shapes of charging: a start's answer, a session in a list, a session's detail
 * with its costs. Meter values are in Wh, energy in kWh, power in kW (docs/emsp.md, "Charging").
 */
final class ChargingViews {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private ChargingViews() {
  }

  /** {@code {id, sessionId, correlationId, status, chargerId, connectorNumber, startTime, message}}. */
  static JsonObject start(RemoteCharging.Start s, UUID chargerId, int connectorNumber) {
    boolean accepted = s.outcome().accepted();
    return new JsonObject()
        .put("id", s.correlationId().toString())
        // The session exists only once the charger confirms the start (StartTransaction / TransactionEvent).
        .put("sessionId", null)
        .put("correlationId", s.correlationId().toString())
        .put("status", CommandReplies.status(s.outcome()))
        .put("chargerId", chargerId.toString())
        .put("connectorNumber", connectorNumber)
        .put("startTime", null)
        .put("message", accepted ? "The charger accepted the start; the session appears when the charger confirms"
            + " it: GET /emsp/v1/charging/sessions?status=ACTIVE&chargerId=" + chargerId
            : CommandReplies.message(s.outcome(), "Start"));
  }

  /** A session in a list: the seed's summary fields. */
  static JsonObject summary(SessionView s, Instant now) {
    JsonObject live = s.live();
    Object energy = s.energyKwh();
    return new JsonObject()
        .put("id", Json.id(s.id()))
        .put("status", s.status())
        .put("chargerId", Json.id(s.chargerId()))
        .put("chargerUid", s.chargePointId())
        .put("connectorId", Json.id(s.connectorPk()))
        .put("connectorNumber", s.evseId())
        .put("locationId", Json.id(s.locationId()))
        .put("locationName", s.where().locationName())
        .put("startTime", Json.time(s.startedAt()))
        .put("endTime", Json.time(s.stoppedAt()))
        .put("durationSeconds", s.durationSeconds(now))
        .put("energyDeliveredKwh", energy instanceof BigDecimal kwh ? Json.number(kwh) : energy)
        .put("total", Json.number(s.total()))
        .put("currency", s.currency())
        .put("maxPowerKw", Json.number(s.where().maxPowerKw()))
        .put("currentPowerKw", live == null ? null : live.getValue("powerKw"))
        .put("currentSocPercent", live == null ? null : live.getValue("soc"));
  }

  /** A session's detail: the summary plus meter values, token, reasons, idle time and costs. */
  static JsonObject detail(SessionView s, SessionCosts.Costs costs, Instant now) {
    JsonObject out = new JsonObject()
        .put("authMethod", s.cdr() != null && s.cdr().authMethod() != null ? s.cdr().authMethod()
            : SessionBilling.authMethod(s.idTokenType()))
        .put("idTag", s.idToken())
        .put("startMeterValue", Json.number(s.meterStartWh()))
        .put("endMeterValue", Json.number(s.meterStopWh()))
        .put("currentMeterValue", Json.number(currentMeterWh(s)))
        // Neither OCPP 1.6 nor the stored session records why a session started.
        .put("startReason", null)
        .put("stopReason", s.stopReason())
        .put("idleTimeSeconds", costs == null ? null : costs.idleSeconds())
        .put("isInIdleState", costs != null && costs.idleNow())
        .put("paymentStatus", s.cdr() == null ? null : s.cdr().paymentStatus())
        .put("costs", costs == null ? null : costs(costs));
    out.mergeIn(summary(s, now));
    if (costs != null) {
      out.put("total", Json.number(costs.total()));
    }
    return out;
  }

  private static JsonObject costs(SessionCosts.Costs c) {
    return new JsonObject()
        .put("subtotal", Json.number(c.subtotal()))
        .put("taxes", Json.number(c.taxes()))
        .put("sessionFees", Json.number(c.sessionFees()))
        .put("idleFees", Json.number(c.idleFees()))
        .put("timeFees", Json.number(c.timeFees()))
        .put("total", Json.number(c.total()))
        .put("currency", c.currency())
        .put("isEstimate", c.estimate());
  }

  /** The register now: the stop value once stopped, else the start plus the live energy. */
  private static BigDecimal currentMeterWh(SessionView s) {
    if (s.meterStopWh() != null) {
      return s.meterStopWh();
    }
    Object kwh = s.live() == null ? null : s.live().getValue("energyKwh");
    if (kwh instanceof Number n && s.meterStartWh() != null) {
      return s.meterStartWh().add(new BigDecimal(n.toString()).multiply(THOUSAND));
    }
    return s.meterStartWh();
  }
}
