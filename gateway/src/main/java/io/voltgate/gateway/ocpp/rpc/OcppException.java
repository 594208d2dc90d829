package io.voltgate.gateway.ocpp.rpc;

import java.util.Objects;

/** A handler's way to answer a CALL with a specific CALLERROR instead of a CALLRESULT. */
public final class OcppException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final RpcErrorCode code;

  public OcppException(RpcErrorCode code, String description) {
    super(description, null, false, false);
    this.code = Objects.requireNonNull(code);
  }

  public RpcErrorCode code() {
    return code;
  }
}
