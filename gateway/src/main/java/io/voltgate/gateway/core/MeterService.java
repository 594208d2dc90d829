package io.voltgate.gateway.core;

import java.time.Clock;
import io.voltgate.store.pg.MeterSampleWriter;
import io.voltgate.store.redis.LiveStateStore;
import io.voltgate.store.redis.EventPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.EventType;
import io.voltgate.store.model.MeterSample;
import io.voltgate.store.model.SessionRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * Meter values: samples to Postgres (group commit, durable before the answer), the latest values
 * of a running session to Redis as live values, and a {@code meter.values} event.
 */
public final class MeterService {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private final Clock clock;
  private final MeterSampleWriter meterSamples;
  private final LiveStateStore liveState;
  private final EventPublisher events;

  public MeterService(Clock clock, MeterSampleWriter meterSamples, LiveStateStore liveState, EventPublisher events) {
    this.clock = Objects.requireNonNull(clock);
    this.meterSamples = Objects.requireNonNull(meterSamples);
    this.liveState = Objects.requireNonNull(liveState);
    this.events = Objects.requireNonNull(events);
  }

  /**
   * Records samples of one EVSE; {@code session} may be null (samples outside a transaction).
   * Completes once they are committed (the charger's answer waits for it), then updates live values
   * and publishes the event; fails when Postgres did not take them.
   */
  public Future<Void> record(ChargerConnection conn, int evseId, SessionRef session, List<MeterSample> samples) {
    if (samples.isEmpty()) {
      return Future.succeededFuture();
    }
    return meterSamples.append(session == null ? null : session.id(), conn.charger().id(), evseId, samples)
        .onSuccess(committed -> stored(conn, evseId, session, samples));
  }

  /**
   * Samples already stored with the message that carried them (2.0.1 TransactionEvent): the live
   * values and the meter event only.
   */
  public void stored(ChargerConnection conn, int evseId, SessionRef session, List<MeterSample> samples) {
    if (samples.isEmpty()) {
      return;
    }
    ChargerRecord charger = conn.charger();
    JsonObject live = liveValues(session, samples);
    if (session != null && session.active()) {
      liveState.liveValues(conn.chargePointId(), evseId, live);
    }
    JsonArray list = new JsonArray();
    for (MeterSample s : samples) {
      list.add(new JsonObject().put("timestamp", s.sampledAt().toString()).put("measurand", s.measurand())
          .put("phase", s.phase()).put("unit", s.unit())
          .put("value", s.value() == null ? null : s.value().toPlainString()).put("context", s.context()));
    }
    events.publish(EventType.METER_VALUES, charger.networkId(), conn.chargePointId(), clock.instant(),
        new JsonObject()
            .put("chargerId", charger.id().toString())
            .put("chargePointId", conn.chargePointId())
            .put("evseId", evseId)
            .put("sessionId", session == null ? null : session.id().toString())
            .put("live", live)
            .put("samples", list));
  }

  /** energyKwh (since session start), powerKw, soc, currentA, voltageV from the newest samples. */
  static JsonObject liveValues(SessionRef session, List<MeterSample> samples) {
    JsonObject live = new JsonObject();
    if (session != null) {
      live.put("sessionId", session.id().toString()).put("transactionRef", session.transactionRef());
    }
    for (MeterSample s : samples) {
      if (s.value() == null) {
        continue;
      }
      boolean total = s.phase() == null;
      switch (s.measurand()) {
        case MeterSample.ENERGY_REGISTER -> {
          if (total) {
            BigDecimal wh = s.value();
            if (session != null && session.meterStartWh() != null) {
              wh = wh.subtract(session.meterStartWh()).max(BigDecimal.ZERO);
            }
            live.put("energyKwh", wh.divide(THOUSAND, 3, RoundingMode.HALF_UP).doubleValue());
          }
        }
        case "Power.Active.Import" -> {
          if (total) {
            live.put("powerKw", s.value().divide(THOUSAND, 3, RoundingMode.HALF_UP).doubleValue());
          }
        }
        case "SoC" -> live.put("soc", s.value().doubleValue());
        case "Current.Import" -> {
          if (total || !live.containsKey("currentA")) {
            live.put("currentA", s.value().doubleValue());
          }
        }
        case "Voltage" -> {
          if (total || !live.containsKey("voltageV")) {
            live.put("voltageV", s.value().doubleValue());
          }
        }
        default -> {
        }
      }
      live.put("ts", s.sampledAt().toString());
    }
    return live;
  }
}
