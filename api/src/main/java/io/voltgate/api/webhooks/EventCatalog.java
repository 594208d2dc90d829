package io.voltgate.api.webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event type a webhook can subscribe to (the same types the SSE stream names), with a
 * one-line description. Payloads are documented in docs/webhooks.md.
 */
public final class EventCatalog {

  public static final String TEST = "webhook.test";

  private static final Map<String, String> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("charger.boot", "A charger booted (BootNotification accepted): vendor, model, firmware");
    TYPES.put("charger.status", "Whole-charger hardware status changed (connector 0): available, unavailable, faulted, ...");
    TYPES.put("connector.status", "A connector's hardware status changed: available, preparing, charging, suspendedEVSE, suspendedEV, finishing, reserved, unavailable, faulted (2.0.1: occupied)");
    TYPES.put("charger.online", "A charger connected (network status)");
    TYPES.put("charger.offline", "A charger disconnected (network status)");
    TYPES.put("session.started", "A charging session started");
    TYPES.put("session.updated", "A session's charging state changed (2.0.1 TransactionEvent Updated)");
    TYPES.put("session.completed", "A charging session ended; energy and stop reason");
    TYPES.put("session.failed", "A session could not be started or was ended by an error");
    TYPES.put("meter.values", "Meter values of a charger or session (energy, power, SoC, current, voltage)");
    TYPES.put("reservation.status", "A reservation's status changed");
    TYPES.put("firmware.status", "Firmware update progress");
    TYPES.put("diagnostics.status", "Diagnostics / log upload progress");
    TYPES.put("security.event", "A charger reported a security event");
    TYPES.put("transaction.created", "A priced transaction (CDR) was created for a completed session");
    TYPES.put(TEST, "A test event sent on request (POST /webhooks/{id}/test)");
  }

  private EventCatalog() {
  }

  public static List<String> types() {
    return List.copyOf(TYPES.keySet());
  }

  public static Map<String, String> described() {
    return Map.copyOf(TYPES);
  }

  public static boolean known(String type) {
    return TYPES.containsKey(type);
  }
}
