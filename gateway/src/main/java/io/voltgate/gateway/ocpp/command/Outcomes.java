package io.voltgate.gateway.ocpp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.commands.CommandOutcome.Kind;
import java.util.Set;

/** Builds outcomes from CALLRESULT payloads. */
public final class Outcomes {

  private Outcomes() {
  }

  /**
   * Accepted when the response's {@code status} is one of {@code acceptedStatuses} (or when the
   * response has no status at all, as for UpdateFirmware in 1.6); the reason is the 2.0.1
   * {@code statusInfo} when present.
   */
  public static CommandOutcome byStatus(OcppCall call, ObjectNode response, String version,
      Set<String> acceptedStatuses) {
    String status = Payloads.text(response, "status");
    boolean accepted = status == null || acceptedStatuses.contains(status);
    return new CommandOutcome(accepted ? Kind.ACCEPTED : Kind.REJECTED, status, reason(response, status),
        Payloads.toVertx(response), null, call.action(), version);
  }

  private static String reason(ObjectNode response, String status) {
    JsonNode info = response.get("statusInfo");
    if (info != null) {
      String code = Payloads.text(info, "reasonCode");
      String more = Payloads.text(info, "additionalInfo");
      return more == null ? code : code + ": " + more;
    }
    return status == null ? null : "Charger answered " + status;
  }
}
