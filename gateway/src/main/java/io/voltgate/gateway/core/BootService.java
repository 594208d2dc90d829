package io.voltgate.gateway.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.GatewayOptions.UnknownChargerPolicy;
import io.voltgate.gateway.connection.ChargerConnection;
import io.voltgate.store.model.BootInfo;
import io.voltgate.store.model.ChargerRecord;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides how a booting charger is answered and records its boot. */
public final class BootService {

  private static final Logger LOG = LoggerFactory.getLogger(BootService.class);
  private static final int NOT_ACCEPTED_RETRY_S = 300;

  private final GatewayCore core;
  private final BootAdmission admission;
  private final Leniency leniency;

  public BootService(GatewayCore core, BootAdmission admission, Leniency leniency) {
    this.core = Objects.requireNonNull(core);
    this.admission = Objects.requireNonNull(admission);
    this.leniency = Objects.requireNonNull(leniency);
  }

  /**
   * The answer to a BootNotification. When the boot cannot be recorded (Postgres down, or its pool
   * saturated during a reconnect storm) the charger is answered {@code Pending} with a jittered
   * interval instead of a CALLERROR: OCPP's own back-pressure, the charger boots again later.
   */
  public Future<BootDecision> boot(ChargerConnection conn, BootInfo info) {
    return decide(conn, info).recover(e -> {
      LOG.warn("boot of {} answered Pending: could not be recorded ({})", conn.chargePointId(), e.getMessage());
      return Future.succeededFuture(new BootDecision("Pending", BootAdmission.jitteredRetrySeconds()));
    });
  }

  private Future<BootDecision> decide(ChargerConnection conn, BootInfo info) {
    conn.lenient(leniency.matches(info.vendor(), info.model(), info.firmwareVersion()));
    ChargerRecord charger = conn.charger();
    if (charger == null) {
      UnknownChargerPolicy policy = core.options().unknownChargerPolicy();
      if (policy == UnknownChargerPolicy.REJECTED) {
        return Future.succeededFuture(new BootDecision("Rejected", NOT_ACCEPTED_RETRY_S));
      }
      String status = policy == UnknownChargerPolicy.AUTO_REGISTER ? "Accepted" : "Pending";
      return core.chargers().register(conn.chargePointId(), core.defaultNetworkId(), status)
          .compose(registered -> {
            conn.charger(registered);
            return decide(conn, info);
          });
    }
    if (!charger.accepted()) {
      return core.chargers().recordBoot(charger.id(), info).map(new BootDecision(
          charger.registrationStatus(), "Pending".equals(charger.registrationStatus())
              ? BootAdmission.jitteredRetrySeconds() + 55 : NOT_ACCEPTED_RETRY_S));
    }
    if (!admission.tryAdmit()) {
      return Future.succeededFuture(new BootDecision("Pending", BootAdmission.jitteredRetrySeconds()));
    }
    return core.chargers().recordBoot(charger.id(), info).map(ignored -> {
      conn.charger(new ChargerRecord(charger.id(), charger.networkId(), charger.chargePointId(),
          charger.registrationStatus(), charger.securityProfile(), charger.passwordHash(),
          info.vendor(), info.model(), info.firmwareVersion()));
      long now = core.clock().millis();
      core.liveState().seen(conn.chargePointId(), now, true);
      core.events().publish("charger.boot", charger.networkId(), conn.chargePointId(), core.clock().instant(),
          new JsonObject()
              .put("chargerId", charger.id().toString())
              .put("chargePointId", conn.chargePointId())
              .put("ocppVersion", info.ocppVersion())
              .put("vendor", info.vendor())
              .put("model", info.model())
              .put("serialNumber", info.serialNumber())
              .put("firmwareVersion", info.firmwareVersion())
              .put("reason", info.reason()));
      return new BootDecision("Accepted", (int) core.options().heartbeatInterval().toSeconds());
    });
  }
}
