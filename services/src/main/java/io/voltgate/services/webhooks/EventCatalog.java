package io.voltgate.services.webhooks;

import io.voltgate.store.model.EventType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event type a webhook can subscribe to (the same types the SSE stream names), with a
 * one-line description: derived from {@link EventType}, so the catalog offers exactly the types
 * Voltgate publishes. Payloads are documented in docs/webhooks.md.
 */
public final class EventCatalog {

  private static final Map<String, String> TYPES = new LinkedHashMap<>();

  static {
    for (EventType t : EventType.values()) {
      TYPES.put(t.wire(), t.description());
    }
  }

  private EventCatalog() {
  }

  public static List<String> types() {
    return Arrays.stream(EventType.values()).map(EventType::wire).toList();
  }

  public static Map<String, String> described() {
    return Map.copyOf(TYPES);
  }

  public static boolean known(String type) {
    return EventType.fromWire(type) != null;
  }
}
