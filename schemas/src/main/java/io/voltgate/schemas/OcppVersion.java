package io.voltgate.schemas;

import java.util.Optional;

/** The OCPP-J versions Voltgate speaks, with their WebSocket subprotocol names. */
public enum OcppVersion {
  V16("ocpp1.6", "1.6", "v16"),
  V201("ocpp2.0.1", "2.0.1", "v201");

  private final String subprotocol;
  private final String label;
  private final String resourceDir;

  OcppVersion(String subprotocol, String label, String resourceDir) {
    this.subprotocol = subprotocol;
    this.label = label;
    this.resourceDir = resourceDir;
  }

  /** The WebSocket subprotocol, e.g. {@code ocpp1.6}. */
  public String subprotocol() {
    return subprotocol;
  }

  /** Human/storage label, e.g. {@code 1.6}. */
  public String label() {
    return label;
  }

  String resourceDir() {
    return resourceDir;
  }

  public static Optional<OcppVersion> fromSubprotocol(String name) {
    for (OcppVersion v : values()) {
      if (v.subprotocol.equalsIgnoreCase(name.trim())) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
