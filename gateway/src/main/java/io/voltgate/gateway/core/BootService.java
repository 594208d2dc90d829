package io.voltgate.gateway.core;

import io.voltgate.gateway.config.GatewayOptions;
import java.time.Clock;
import io.voltgate.store.redis.LiveStateStore;
import io.voltgate.store.redis.EventPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.config.GatewayOptions.UnknownChargerPolicy;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.store.identity.ChargerIdentities;
import io.voltgate.store.model.BootInfo;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.EventType;
import io.voltgate.store.pg.ChargerStateWriter;
import io.voltgate.store.pg.PendingChargerRepository;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how a booting charger is answered and records its boot. A known charger's boot waits on
 * nothing: boot info goes to Redis (live state, event) at once and to Postgres through the batched
 * {@link ChargerStateWriter}; only a charger never seen before waits on Postgres: for its batched
 * registration under the {@code auto-register} policy ({@link IdentitySettlement}), for its listing
 * under {@code pending}.
 */
public final class BootService {

  private static final Logger LOG = LoggerFactory.getLogger(BootService.class);
  private static final int NOT_ACCEPTED_RETRY_S = 300;

  private final GatewayOptions options;
  private final Clock clock;
  private final LiveStateStore liveState;
  private final EventPublisher events;
  private final IdentitySettlement settlement;
  private final BootAdmission admission;
  private final Leniency leniency;
  private final ChargerStateWriter writer;
  private final ChargerIdentities identities;
  private final PendingChargerRepository pending;

  public BootService(GatewayOptions options, Clock clock, LiveStateStore liveState, EventPublisher events, IdentitySettlement settlement, BootAdmission admission, Leniency leniency, ChargerStateWriter writer,
      ChargerIdentities identities, PendingChargerRepository pending) {
    this.options = Objects.requireNonNull(options);
    this.clock = Objects.requireNonNull(clock);
    this.liveState = Objects.requireNonNull(liveState);
    this.events = Objects.requireNonNull(events);
    this.settlement = Objects.requireNonNull(settlement);
    this.admission = Objects.requireNonNull(admission);
    this.leniency = Objects.requireNonNull(leniency);
    this.writer = Objects.requireNonNull(writer);
    this.identities = Objects.requireNonNull(identities);
    this.pending = Objects.requireNonNull(pending);
  }

  /**
   * The answer to a BootNotification. When the boot cannot be recorded (the batch writer is full
   * because Postgres is down or behind, or a registration failed) the charger is answered
   * {@code Pending} with a jittered interval instead of a CALLERROR: OCPP's own back-pressure, the
   * charger boots again later.
   */
  public Future<BootDecision> boot(ChargerConnection conn, BootInfo info) {
    return deadline(decide(conn, info)).recover(e -> {
      LOG.warn("boot of {} answered Pending: could not be recorded ({})", conn.chargePointId(), e.getMessage());
      return Future.succeededFuture(new BootDecision("Pending", BootAdmission.jitteredRetrySeconds()));
    });
  }

  /** Settling waits on Postgres: past the handshake deadline the charger is told to come back later. */
  private Future<BootDecision> deadline(Future<BootDecision> decision) {
    if (decision.isComplete()) {
      return decision;
    }
    return decision.timeout(options.handshakeDeadline().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private Future<BootDecision> decide(ChargerConnection conn, BootInfo info) {
    conn.lenient(leniency.matches(info.vendor(), info.model(), info.firmwareVersion()));
    if (!conn.settled()) {
      // Opened at once under an id the cache did not know: wait (bounded by the deadline) for the
      // batched lookup or registration to say who it is.
      return settlement.settle(conn).compose(settled -> conn.closed()
          ? Future.succeededFuture(new BootDecision("Rejected", NOT_ACCEPTED_RETRY_S))
          : decideSettled(conn, info));
    }
    return decideSettled(conn, info);
  }

  private Future<BootDecision> decideSettled(ChargerConnection conn, BootInfo info) {
    ChargerRecord charger = conn.charger();
    if (charger == null) {
      UnknownChargerPolicy policy = options.unknownChargerPolicy();
      if (policy == UnknownChargerPolicy.REJECTED) {
        return Future.succeededFuture(new BootDecision("Rejected", NOT_ACCEPTED_RETRY_S));
      }
      if (policy == UnknownChargerPolicy.PENDING) {
        // Listed for a platform administrator, in no network; nothing else is accepted meanwhile.
        return pending.recordBoot(conn.chargePointId(), info, conn.remoteAddress()).compose(listing -> switch (listing) {
          case LISTED -> Future.succeededFuture(new BootDecision("Pending", BootAdmission.jitteredRetrySeconds() + 55));
          case FULL -> Future.succeededFuture(new BootDecision("Rejected", NOT_ACCEPTED_RETRY_S));
          case REGISTERED -> acceptedMeanwhile(conn, info);
        });
      }
      // Auto-registration settles every socket with its registered charger; none means it has not
      // been registered yet.
      return Future.succeededFuture(new BootDecision("Pending", BootAdmission.jitteredRetrySeconds()));
    }
    if (!charger.accepted()) {
      writer.boot(charger.id(), info);
      return Future.succeededFuture(new BootDecision(
          charger.registrationStatus(), "Pending".equals(charger.registrationStatus())
              ? BootAdmission.jitteredRetrySeconds() + 55 : NOT_ACCEPTED_RETRY_S));
    }
    if (!admission.tryAdmit() || !writer.boot(charger.id(), info)) {
      return Future.succeededFuture(new BootDecision("Pending", BootAdmission.jitteredRetrySeconds()));
    }
    return Future.succeededFuture(accepted(conn, charger, info));
  }

  /**
   * The id was accepted into a network while this socket waited (the change notice has not reached
   * this node yet). Without credentials the socket may only carry a charger that needs none; otherwise
   * it stays Pending until the notice closes it and the charger reconnects with its password.
   */
  private Future<BootDecision> acceptedMeanwhile(ChargerConnection conn, BootInfo info) {
    return identities.findInBackends(conn.chargePointId()).compose(found -> {
      if (found.isPresent() && found.get().securityProfile() == 0) {
        conn.charger(found.get());
        return decideSettled(conn, info);
      }
      return Future.succeededFuture(new BootDecision("Pending", BootAdmission.jitteredRetrySeconds()));
    });
  }

  private BootDecision accepted(ChargerConnection conn, ChargerRecord charger, BootInfo info) {
    ChargerRecord booted = new ChargerRecord(charger.id(), charger.networkId(), charger.chargePointId(),
        charger.registrationStatus(), charger.securityProfile(), charger.passwordHash(),
        info.vendor(), info.model(), info.firmwareVersion());
    conn.charger(booted);
    if (!Objects.equals(charger.vendor(), info.vendor()) || !Objects.equals(charger.model(), info.model())
        || !Objects.equals(charger.firmwareVersion(), info.firmwareVersion())) {
      identities.updated(booted);
    }
    long now = clock.millis();
    liveState.seen(conn.chargePointId(), now, true);
    events.publish(EventType.CHARGER_BOOT, charger.networkId(), conn.chargePointId(), clock.instant(),
        new JsonObject()
            .put("chargerId", charger.id().toString())
            .put("chargePointId", conn.chargePointId())
            .put("ocppVersion", info.ocppVersion())
            .put("vendor", info.vendor())
            .put("model", info.model())
            .put("serialNumber", info.serialNumber())
            .put("firmwareVersion", info.firmwareVersion())
            .put("reason", info.reason()));
    return new BootDecision("Accepted", (int) options.heartbeatInterval().toSeconds());
  }
}
