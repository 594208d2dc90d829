package io.voltgate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A schema compiled once at start; thread-safe. */
public final class CompiledSchema {

  private final String name;
  private final JsonSchema schema;

  CompiledSchema(String name, JsonSchema schema) {
    this.name = name;
    this.schema = schema;
  }

  /** e.g. {@code BootNotificationRequest}. */
  public String name() {
    return name;
  }

  /** Validates a parsed payload; the list is empty when it conforms. */
  public List<Violation> validate(JsonNode payload) {
    Set<ValidationMessage> messages;
    try {
      messages = schema.validate(payload);
    } catch (RuntimeException e) {
      // A value the validator cannot handle, e.g. a number out of double range (1e309 parses as
      // Infinity, which an enum check turns into a NumberFormatException): a type violation, not a
      // crash that leaves the CALL unanswered (found by the OCPP fuzzer, perf/fuzz).
      return List.of(new Violation("type", "$", "A value cannot be validated: " + e.getClass().getSimpleName()));
    }
    if (messages.isEmpty()) {
      return List.of();
    }
    List<Violation> out = new ArrayList<>(messages.size());
    for (ValidationMessage m : messages) {
      out.add(new Violation(m.getType(), String.valueOf(m.getInstanceLocation()), m.getMessage()));
    }
    return out;
  }
}
