package io.voltgate.gateway.ocpp.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Masks the secrets that travel in OCPP before a frame is logged. The rules are about shapes, not
 * versions: a field whose name says it is a secret ({@code password}, {@code basicAuthPassword},
 * {@code apnPassword}, {@code privateKey}, {@code authorizationKey} ...); a configuration key/value
 * pair naming one ({@code {"key":"AuthorizationKey","value":…}}: 1.6 ChangeConfiguration and the
 * GetConfiguration answer); a device-model variable naming one ({@code variable.name} BasicAuthPassword
 * or AuthorizationKey with its {@code attributeValue}: 2.0.1 SetVariables and GetVariables); a VPN
 * block's shared {@code key} beside its {@code password}; and any text holding a PEM private key.
 * Only frames whose text contains one of {@link #TRIGGERS} are parsed and walked: the rest are
 * stored as they are, with one substring scan each.
 */
final class Redactor {

  static final String MASK = "***";
  /** Substrings every secret above leaves in a frame's text. */
  private static final String[] TRIGGERS = {"assword", "uthorizationKey", "rivateKey", "PRIVATE KEY"};
  private static final Set<String> SECRET_FIELDS = Set.of("password", "basicauthpassword", "apnpassword",
      "privatekey", "authorizationkey", "secret");
  private static final Set<String> SECRET_NAMES = Set.of("authorizationkey", "basicauthpassword");

  private Redactor() {
  }

  /** Whether the text may carry a secret (then it must be parsed and {@link #redact}ed). */
  static boolean suspect(String text) {
    for (String t : TRIGGERS) {
      if (text.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** Masks secrets in place; true when anything was masked. */
  static boolean redact(JsonNode node) {
    if (node instanceof ArrayNode array) {
      boolean any = false;
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        if (child.isTextual() && privateKey(child.textValue())) {
          array.set(i, TextNode.valueOf(MASK));
          any = true;
        } else {
          any |= redact(child);
        }
      }
      return any;
    }
    if (!(node instanceof ObjectNode object)) {
      return false;
    }
    boolean any = false;
    if (secretName(object.get("key")) && object.has("value")) {
      object.put("value", MASK);
      any = true;
    }
    JsonNode variable = object.get("variable");
    if (variable != null && secretName(variable.get("name")) && object.has("attributeValue")) {
      object.put("attributeValue", MASK);
      any = true;
    }
    if (object.has("password") && object.get("key") != null && object.get("key").isValueNode()
        && !secretName(object.get("key"))) {
      object.put("key", MASK); // a VPN block's shared key
      any = true;
    }
    List<String> masked = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      JsonNode value = field.getValue();
      if (value.isValueNode() && !value.isNull()
          && (SECRET_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT))
              || value.isTextual() && privateKey(value.textValue()))) {
        masked.add(field.getKey());
      } else if (value.isContainerNode()) {
        any |= redact(value);
      }
    }
    for (String name : masked) {
      object.put(name, MASK);
    }
    return any || !masked.isEmpty();
  }

  private static boolean secretName(JsonNode name) {
    return name != null && name.isTextual() && SECRET_NAMES.contains(name.textValue().toLowerCase(Locale.ROOT));
  }

  private static boolean privateKey(String text) {
    return text.contains("PRIVATE KEY");
  }
}
