package io.voltgate.api.cpms.fleet;

import io.voltgate.api.http.ApiException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The status vocabulary of chargers and connectors: OCPP 1.6 ChargePointStatus and 2.0.1
 * ConnectorStatus values, matched without regard to case; the seed's internal upper-case names
 * (OUTOFORDER, BLOCKED, INOPERATIVE) are accepted as aliases. Never reported reads as UNKNOWN.
 */
public final class OcppStatus {

  public static final String UNKNOWN = "UNKNOWN";

  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    for (String s : new String[] {"Available", "Preparing", "Charging", "SuspendedEVSE", "SuspendedEV", "Finishing",
        "Reserved", "Unavailable", "Faulted", "Occupied"}) {
      CANONICAL.put(s.toUpperCase(Locale.ROOT), s);
    }
    CANONICAL.put("OUTOFORDER", "Faulted");
    CANONICAL.put("BLOCKED", "Unavailable");
    CANONICAL.put("INOPERATIVE", "Unavailable");
    CANONICAL.put(UNKNOWN, "Unknown");
  }

  private OcppStatus() {
  }

  /** The stored spelling of a status from a request, or a 400 naming {@code field}. */
  public static String parse(String raw, String field) {
    String canonical = raw == null ? null : CANONICAL.get(raw.trim().replace("_", "").toUpperCase(Locale.ROOT));
    if (canonical == null) {
      throw ApiException.badRequest(field, field + " must be an OCPP status (Available, Preparing, Charging,"
          + " SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, Faulted, Occupied) or UNKNOWN");
    }
    return canonical;
  }

  /** How a stored or reported status is shown: as is, except unknown/absent as UNKNOWN. */
  public static String render(String stored) {
    return stored == null || stored.isBlank() || "Unknown".equalsIgnoreCase(stored) ? UNKNOWN : stored;
  }
}
