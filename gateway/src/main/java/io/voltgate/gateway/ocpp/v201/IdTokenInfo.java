package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.Authorization;
import java.util.Set;

/** 2.0.1 {@code IdTokenInfoType} from a version-neutral authorisation. */
final class IdTokenInfo {

  /** AuthorizationStatusEnumType of 2.0.1. */
  private static final Set<String> STATUSES = Set.of("Accepted", "Blocked", "ConcurrentTx", "Expired",
      "Invalid", "NoCredit", "NotAllowedTypeEVSE", "NotAtThisLocation", "NotAtThisTime", "Unknown");
  /** IdTokenType.idToken maxLength. */
  private static final int MAX_TOKEN_LENGTH = 36;

  private IdTokenInfo() {
  }

  static ObjectNode of(Authorization a) {
    ObjectNode info = Payloads.object().put("status", STATUSES.contains(a.status()) ? a.status() : "Invalid");
    if (a.expiresAt() != null) {
      info.put("cacheExpiryDateTime", Payloads.time(a.expiresAt()));
    }
    // A group token too long for 2.0.1 is left out: a truncated one could match another group.
    if (a.groupToken() != null && a.groupToken().length() <= MAX_TOKEN_LENGTH) {
      info.set("groupIdToken", Payloads.object().put("idToken", a.groupToken()).put("type", "Central"));
    }
    return info;
  }
}
