package io.voltgate.gateway.ocpp.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.schemas.Violation;
import java.util.List;

/** Maps schema violations to the CALLERROR the OCPP-J specification prescribes for them. */
public final class SchemaErrors {

  private SchemaErrors() {
  }

  /**
   * The error code for a set of violations: a wrong type wins, then a missing field or broken
   * cardinality, then an unknown property (payload not conforming to the PDU structure), else a bad
   * value (enum, length, range, format, pattern).
   */
  public static RpcErrorCode codeFor(List<Violation> violations, OcppVersion v) {
    boolean occurrence = false;
    boolean structure = false;
    for (Violation violation : violations) {
      switch (violation.keyword()) {
        case "type":
          return RpcErrorCode.TYPE_CONSTRAINT_VIOLATION;
        case "required", "minItems", "maxItems", "dependencies":
          occurrence = true;
          break;
        case "additionalProperties":
          structure = true;
          break;
        default:
          break;
      }
    }
    if (occurrence) {
      return RpcErrorCode.occurrence(v);
    }
    return structure ? RpcErrorCode.format(v) : RpcErrorCode.PROPERTY_CONSTRAINT_VIOLATION;
  }

  /** One-line description naming the first violation. */
  public static String describe(List<Violation> violations) {
    Violation first = violations.get(0);
    return first.message() + (violations.size() > 1 ? " (+" + (violations.size() - 1) + " more)" : "");
  }

  /** errorDetails: up to five violations with path and keyword. */
  public static ObjectNode details(List<Violation> violations) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    ArrayNode list = details.putArray("violations");
    for (int i = 0; i < Math.min(5, violations.size()); i++) {
      Violation v = violations.get(i);
      list.addObject().put("path", v.path()).put("keyword", v.keyword());
    }
    return details;
  }
}
