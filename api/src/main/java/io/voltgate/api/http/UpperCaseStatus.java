package io.voltgate.api.http;

import java.util.Locale;
import java.util.Map;

/**
 * Charger and connector statuses in upper snake case, as the eMSP seed shows them ({@code AVAILABLE},
 * {@code SUSPENDED_EV}, {@code UNKNOWN}), from the OCPP 1.6 ChargePointStatus / 2.0.1
 * ConnectorStatus values the gateway reports and the store keeps. The one mapping for every family
 * that answers in this style; never reported (null, blank, Unknown) reads UNKNOWN, and a value
 * outside OCPP is upper-cased word by word rather than hidden.
 */
public final class UpperCaseStatus {

  public static final String UNKNOWN = "UNKNOWN";

  private static final Map<String, String> OCPP = Map.ofEntries(
      Map.entry("available", "AVAILABLE"),
      Map.entry("preparing", "PREPARING"),
      Map.entry("charging", "CHARGING"),
      Map.entry("suspendedevse", "SUSPENDED_EVSE"),
      Map.entry("suspendedev", "SUSPENDED_EV"),
      Map.entry("finishing", "FINISHING"),
      Map.entry("reserved", "RESERVED"),
      Map.entry("unavailable", "UNAVAILABLE"),
      Map.entry("faulted", "FAULTED"),
      Map.entry("occupied", "OCCUPIED"),
      Map.entry("unknown", UNKNOWN));

  private UpperCaseStatus() {
  }

  public static String of(String ocppStatus) {
    if (ocppStatus == null || ocppStatus.isBlank()) {
      return UNKNOWN;
    }
    String known = OCPP.get(ocppStatus.trim().replace("_", "").toLowerCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    return ocppStatus.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_")
        .toUpperCase(Locale.ROOT);
  }
}
