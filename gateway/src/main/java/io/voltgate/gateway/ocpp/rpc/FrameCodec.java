package io.voltgate.gateway.ocpp.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltgate.schemas.OcppVersion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes OCPP-J frames. Parsing is one Jackson pass into a tree (the payload node is then
 * validated and handled without another parse); no reflection or regex on the happy path.
 */
public final class FrameCodec {

  /** Shared and thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();
  /** Pre-resolved reader: readTree on the mapper resolves the JsonNode type on every call. */
  private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_MESSAGE_ID = 36;
  private static final int MAX_DESCRIPTION = 255;
  /** Error path only: recover the id of a CALL from a frame that is too broken to parse. */
  private static final Pattern CALL_ID = Pattern.compile("^\\s*\\[\\s*2\\s*,\\s*\"([^\"\\\\]{1,36})\"");

  private FrameCodec() {
  }

  /** Parses one text frame; never throws: broken input yields {@link Frame.Malformed}. */
  public static Frame parse(String text, OcppVersion version, int maxBytes) {
    if (exceeds(text, maxBytes)) {
      return new Frame.Malformed(recoverCallId(text), RpcErrorCode.format(version),
          "Frame exceeds the maximum size of " + maxBytes + " bytes", "too_large");
    }
    JsonNode root;
    try {
      root = TREE_READER.readTree(text);
    } catch (JsonProcessingException e) {
      return new Frame.Malformed(recoverCallId(text), RpcErrorCode.format(version),
          "Frame is not valid JSON", "not_json");
    }
    if (root == null || !root.isArray() || root.size() < 3) {
      return new Frame.Malformed(idAt(root), RpcErrorCode.rpcFramework(version),
          "Frame is not an OCPP-J message array", "not_array");
    }
    JsonNode typeNode = root.get(0);
    JsonNode idNode = root.get(1);
    if (!idNode.isTextual()) {
      return new Frame.Malformed(null, RpcErrorCode.rpcFramework(version),
          "MessageId is not a string", "bad_message_id");
    }
    String id = idNode.textValue();
    if (id.isEmpty() || id.length() > MAX_MESSAGE_ID) {
      return new Frame.Malformed(id, RpcErrorCode.rpcFramework(version),
          "MessageId must be 1 to 36 characters", "bad_message_id");
    }
    if (!typeNode.isInt()) {
      return new Frame.Malformed(id, RpcErrorCode.rpcFramework(version),
          "MessageTypeId is not an integer", "bad_message_type");
    }
    switch (typeNode.intValue()) {
      case Frame.CALL:
        if (root.size() != 4 || !root.get(2).isTextual()) {
          return new Frame.Malformed(id, RpcErrorCode.rpcFramework(version),
              "CALL must be [2, messageId, action, payload]", "bad_call");
        }
        if (!root.get(3).isObject()) {
          return new Frame.Malformed(id, RpcErrorCode.format(version),
              "CALL payload must be a JSON object", "bad_payload");
        }
        return new Frame.Call(id, root.get(2).textValue(), (ObjectNode) root.get(3));
      case Frame.CALL_RESULT:
        if (root.size() != 3 || !root.get(2).isObject()) {
          return new Frame.Malformed(null, RpcErrorCode.rpcFramework(version),
              "CALLRESULT must be [3, messageId, payload]", "bad_call_result");
        }
        return new Frame.CallResult(id, (ObjectNode) root.get(2));
      case Frame.CALL_ERROR:
        if (root.size() < 4 || !root.get(2).isTextual()) {
          return new Frame.Malformed(null, RpcErrorCode.rpcFramework(version),
              "CALLERROR must be [4, messageId, errorCode, errorDescription, errorDetails]", "bad_call_error");
        }
        return new Frame.CallError(id, root.get(2).textValue(),
            root.size() > 3 && root.get(3).isTextual() ? root.get(3).textValue() : "",
            root.size() > 4 ? root.get(4) : NODES.objectNode());
      default:
        return new Frame.Malformed(id, RpcErrorCode.messageType(version),
            "MessageTypeId " + typeNode.intValue() + " is not supported", "bad_message_type");
    }
  }

  private static boolean exceeds(String text, int maxBytes) {
    if (text.length() > maxBytes) {
      return true;
    }
    if ((long) text.length() * 3 <= maxBytes) {
      return false;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes > maxBytes;
  }

  private static String idAt(JsonNode root) {
    if (root != null && root.isArray() && root.size() >= 2 && root.get(0).isInt()
        && root.get(0).intValue() == Frame.CALL && root.get(1).isTextual()) {
      String id = root.get(1).textValue();
      return id.isEmpty() || id.length() > MAX_MESSAGE_ID ? null : id;
    }
    return null;
  }

  private static String recoverCallId(String text) {
    Matcher m = CALL_ID.matcher(text.length() > 256 ? text.substring(0, 256) : text);
    return m.find() ? m.group(1) : null;
  }

  public static String call(String messageId, String action, ObjectNode payload) {
    ArrayNode a = NODES.arrayNode(4).add(Frame.CALL).add(messageId).add(action);
    a.add(payload);
    return write(a);
  }

  public static String result(String messageId, ObjectNode payload) {
    ArrayNode a = NODES.arrayNode(3).add(Frame.CALL_RESULT).add(messageId);
    a.add(payload);
    return write(a);
  }

  public static String error(String messageId, RpcErrorCode code, String description, JsonNode details) {
    String d = description == null ? "" : description;
    if (d.length() > MAX_DESCRIPTION) {
      d = d.substring(0, MAX_DESCRIPTION - 3) + "...";
    }
    ArrayNode a = NODES.arrayNode(5).add(Frame.CALL_ERROR).add(messageId).add(code.wire()).add(d);
    a.add(details == null ? NODES.objectNode() : details);
    return write(a);
  }

  private static String write(ArrayNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
