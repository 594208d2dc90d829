package io.voltgate.gateway.ocpp;

import io.voltgate.schemas.OcppVersion;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The handler of each charger-initiated (version, action); built once per verticle at start. */
public final class Routes {

  private final Map<OcppVersion, Map<String, ActionHandler>> handlers;

  private Routes(Map<OcppVersion, Map<String, ActionHandler>> handlers) {
    this.handlers = handlers;
  }

  public Optional<ActionHandler> find(OcppVersion version, String action) {
    return Optional.ofNullable(handlers.get(version).get(action));
  }

  public Map<String, ActionHandler> of(OcppVersion version) {
    return handlers.get(version);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects routes; {@link #build()} freezes them. */
  public static final class Builder {
    private final Map<OcppVersion, Map<String, ActionHandler>> handlers = new EnumMap<>(OcppVersion.class);

    public Builder route(OcppVersion version, String action, ActionHandler handler) {
      Map<String, ActionHandler> map = handlers.computeIfAbsent(version, v -> new HashMap<>());
      if (map.putIfAbsent(action, handler) != null) {
        throw new IllegalStateException("duplicate route " + version + " " + action);
      }
      return this;
    }

    public Routes build() {
      Map<OcppVersion, Map<String, ActionHandler>> frozen = new EnumMap<>(OcppVersion.class);
      for (OcppVersion v : OcppVersion.values()) {
        frozen.put(v, Collections.unmodifiableMap(handlers.getOrDefault(v, Map.of())));
      }
      return new Routes(frozen);
    }
  }
}
