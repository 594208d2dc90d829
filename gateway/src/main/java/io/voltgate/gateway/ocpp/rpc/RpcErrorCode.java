package io.voltgate.gateway.ocpp.rpc;

import io.voltgate.schemas.OcppVersion;

/**
 * CALLERROR codes of OCPP-J 1.6 and 2.0.1, with the spelling each version uses. Callers name the
 * problem ({@link #format}, {@link #occurrence}, ...) and get the code the charger's version defines.
 */
public enum RpcErrorCode {
  FORMATION_VIOLATION("FormationViolation"),
  FORMAT_VIOLATION("FormatViolation"),
  PROTOCOL_ERROR("ProtocolError"),
  PROPERTY_CONSTRAINT_VIOLATION("PropertyConstraintViolation"),
  OCCURENCE_CONSTRAINT_VIOLATION("OccurenceConstraintViolation"),
  OCCURRENCE_CONSTRAINT_VIOLATION("OccurrenceConstraintViolation"),
  TYPE_CONSTRAINT_VIOLATION("TypeConstraintViolation"),
  NOT_IMPLEMENTED("NotImplemented"),
  NOT_SUPPORTED("NotSupported"),
  SECURITY_ERROR("SecurityError"),
  INTERNAL_ERROR("InternalError"),
  GENERIC_ERROR("GenericError"),
  RPC_FRAMEWORK_ERROR("RpcFrameworkError"),
  MESSAGE_TYPE_NOT_SUPPORTED("MessageTypeNotSupported");

  private final String wire;

  RpcErrorCode(String wire) {
    this.wire = wire;
  }

  /** The code as written in the CALLERROR frame. */
  public String wire() {
    return wire;
  }

  /** Payload not conforming to the PDU structure (1.6 FormationViolation, 2.0.1 FormatViolation). */
  public static RpcErrorCode format(OcppVersion v) {
    return v == OcppVersion.V16 ? FORMATION_VIOLATION : FORMAT_VIOLATION;
  }

  /** Missing required field or cardinality broken (the spelling differs between versions). */
  public static RpcErrorCode occurrence(OcppVersion v) {
    return v == OcppVersion.V16 ? OCCURENCE_CONSTRAINT_VIOLATION : OCCURRENCE_CONSTRAINT_VIOLATION;
  }

  /** The frame is not a valid RPC message (2.0.1 RpcFrameworkError; 1.6 has only FormationViolation). */
  public static RpcErrorCode rpcFramework(OcppVersion v) {
    return v == OcppVersion.V16 ? FORMATION_VIOLATION : RPC_FRAMEWORK_ERROR;
  }

  /** Unknown message type number (2.0.1 MessageTypeNotSupported; 1.6 FormationViolation). */
  public static RpcErrorCode messageType(OcppVersion v) {
    return v == OcppVersion.V16 ? FORMATION_VIOLATION : MESSAGE_TYPE_NOT_SUPPORTED;
  }

  /** Whether this code exists in the given version. */
  public boolean definedIn(OcppVersion v) {
    return switch (this) {
      case FORMATION_VIOLATION, OCCURENCE_CONSTRAINT_VIOLATION -> v == OcppVersion.V16;
      case FORMAT_VIOLATION, OCCURRENCE_CONSTRAINT_VIOLATION, RPC_FRAMEWORK_ERROR,
          MESSAGE_TYPE_NOT_SUPPORTED -> v == OcppVersion.V201;
      default -> true;
    };
  }
}
