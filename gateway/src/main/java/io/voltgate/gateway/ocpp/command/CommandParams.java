package io.voltgate.gateway.ocpp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.ocpp.command.CommandTranslator.InvalidCommandException;
import io.voltgate.gateway.ocpp.rpc.FrameCodec;

/** Reading command parameters and writing optional payload fields, shared by both translators. */
public final class CommandParams {

  private CommandParams() {
  }

  /** A required parameter as text. */
  public static String required(JsonObject p, String name) {
    Object v = p.getValue(name);
    if (v == null) {
      throw new InvalidCommandException(name + " is required");
    }
    return String.valueOf(v);
  }

  /** A required integer parameter (numbers or numeric strings). */
  public static int integer(JsonObject p, String name) {
    Object v = p.getValue(name);
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new InvalidCommandException(name + " must be an integer");
      }
    }
    throw new InvalidCommandException(name + " is required");
  }

  /** A required number parameter. */
  public static double number(JsonObject p, String name) {
    Double v = p.getDouble(name);
    if (v == null) {
      throw new InvalidCommandException(name + " is required");
    }
    return v;
  }

  public static void putInt(ObjectNode out, String name, Integer value) {
    if (value != null) {
      out.put(name, value);
    }
  }

  public static void putText(ObjectNode out, String name, String value) {
    if (value != null) {
      out.put(name, value);
    }
  }

  /** Vert.x JSON parameters as a Jackson tree (raw payloads, charging profiles). */
  public static ObjectNode tree(JsonObject json) {
    try {
      return (ObjectNode) FrameCodec.MAPPER.readTree(json.encode());
    } catch (java.io.IOException e) {
      throw new InvalidCommandException("parameters are not a JSON object");
    }
  }
}
