package io.voltgate.schemas;

/** Which half of an OCPP exchange a payload is. */
public enum MessageKind {
  REQUEST("Request"), RESPONSE("Response");

  private final String suffix;

  MessageKind(String suffix) {
    this.suffix = suffix;
  }

  String suffix() {
    return suffix;
  }
}
