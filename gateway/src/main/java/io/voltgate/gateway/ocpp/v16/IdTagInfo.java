package io.voltgate.gateway.ocpp.v16;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.model.Authorization;

/** 1.6 {@code IdTagInfo} from a version-neutral authorisation. */
final class IdTagInfo {

  private IdTagInfo() {
  }

  static ObjectNode of(Authorization a) {
    ObjectNode info = Payloads.object().put("status", status(a.status()));
    if (a.expiresAt() != null) {
      info.put("expiryDate", Payloads.time(a.expiresAt()));
    }
    if (a.parentToken() != null) {
      info.put("parentIdTag", a.parentToken().length() > 20 ? a.parentToken().substring(0, 20) : a.parentToken());
    }
    return info;
  }

  /** 1.6 knows Accepted, Blocked, Expired, Invalid, ConcurrentTx; anything else is Invalid. */
  private static String status(String s) {
    return switch (s) {
      case "Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx" -> s;
      default -> "Invalid";
    };
  }
}
