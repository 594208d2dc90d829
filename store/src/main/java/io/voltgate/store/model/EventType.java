package io.voltgate.store.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Every event type Voltgate publishes, by its wire name (the stream's {@code type} field, the SSE
 * {@code event:} and the webhook {@code type}), with the one-line description the webhook catalog
 * shows. The catalog is derived from this enum, so a type is offered to subscribers exactly when
 * something publishes it. Payloads are documented in docs/webhooks.md.
 *
 * <p>All but two travel through the Redis stream {@code vg:events}: {@link #TRANSACTION_CREATED} is
 * written to the webhook outbox with its CDR, and {@link #WEBHOOK_TEST} is queued on request.
 */
public enum EventType {

  CHARGER_BOOT("charger.boot", "A charger booted (BootNotification accepted): vendor, model, firmware"),
  CHARGER_STATUS("charger.status",
      "Whole-charger hardware status changed (connector 0): available, unavailable, faulted, ..."),
  CONNECTOR_STATUS("connector.status", "A connector's hardware status changed: available, preparing, charging,"
      + " suspendedEVSE, suspendedEV, finishing, reserved, unavailable, faulted (2.0.1: occupied)"),
  CHARGER_ONLINE("charger.online", "A charger connected (network status)"),
  CHARGER_OFFLINE("charger.offline", "A charger disconnected (network status)"),
  SESSION_STARTED("session.started", "A charging session started"),
  SESSION_UPDATED("session.updated", "A session's charging state changed (2.0.1 TransactionEvent Updated)"),
  SESSION_COMPLETED("session.completed", "A charging session ended; energy and stop reason"),
  METER_VALUES("meter.values", "Meter values of a charger or session (energy, power, SoC, current, voltage)"),
  RESERVATION_STATUS("reservation.status", "A reservation's status changed"),
  FIRMWARE_STATUS("firmware.status", "Firmware update progress"),
  DIAGNOSTICS_STATUS("diagnostics.status", "Diagnostics / log upload progress"),
  SECURITY_EVENT("security.event", "A charger reported a security event"),
  CHARGER_EVENT("charger.event", "A 2.0.1 charger reported device-model events (NotifyEvent, the request as sent)"),
  CHARGING_LIMIT("charging.limit",
      "A 2.0.1 charger reported an external charging limit (NotifyChargingLimit, the request as sent)"),
  CHARGING_LIMIT_CLEARED("charging.limit.cleared",
      "A 2.0.1 charger reported an external charging limit cleared (ClearedChargingLimit, the request as sent)"),
  LOCATION_PROBLEM_REPORTED("location.problem_reported",
      "A driver reported a problem at a location (an operator alert): category, description, charger if named"),
  TRANSACTION_CREATED("transaction.created", "A priced transaction (CDR) was created for a completed session"),
  WEBHOOK_TEST("webhook.test", "A test event sent on request (POST /webhooks/{id}/test)");

  private static final Map<String, EventType> BY_WIRE = new HashMap<>();

  static {
    for (EventType t : values()) {
      BY_WIRE.put(t.wire, t);
    }
  }

  private final String wire;
  private final String description;

  EventType(String wire, String description) {
    this.wire = wire;
    this.description = description;
  }

  /** The name on the wire, e.g. {@code session.completed}. */
  public String wire() {
    return wire;
  }

  public String description() {
    return description;
  }

  /** The type of a wire name, or null for a name Voltgate does not publish. */
  public static EventType fromWire(String wire) {
    return wire == null ? null : BY_WIRE.get(wire);
  }

  @Override
  public String toString() {
    return wire;
  }
}
