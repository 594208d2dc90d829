package io.voltgate.gateway.ocpp.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An OCPP-J RPC message: CALL, CALLRESULT or CALLERROR. */
public sealed interface Frame {

  int CALL = 2;
  int CALL_RESULT = 3;
  int CALL_ERROR = 4;

  String messageId();

  /** {@code [2, id, action, payload]}. */
  record Call(String messageId, String action, ObjectNode payload) implements Frame {
  }

  /** {@code [3, id, payload]}. */
  record CallResult(String messageId, ObjectNode payload) implements Frame {
  }

  /** {@code [4, id, code, description, details]}. */
  record CallError(String messageId, String code, String description, JsonNode details) implements Frame {
  }

  /**
   * A frame that could not be read as an RPC message.
   *
   * @param messageId recovered message id, or null when none could be recovered (then no CALLERROR
   *     can be addressed and the frame is only counted)
   * @param reason short label for metrics ({@code not_json}, {@code not_array}, {@code too_large}, ...)
   */
  record Malformed(String messageId, RpcErrorCode code, String description, String reason) implements Frame {
  }
}
