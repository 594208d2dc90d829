package io.voltgate.services;

import java.util.Objects;

/**
 * A service refusing what a caller asked, for a reason the caller can act on (never a fault of
 * ours). The HTTP layer answers it in its error shape: {@link Kind#INVALID} as 400 naming the
 * field, {@link Kind#CONFLICT} as 409, each with its machine-readable {@code code}.
 */
public final class Refusal extends RuntimeException {

  /** Why the request is refused. */
  public enum Kind { INVALID, CONFLICT }

  private final Kind kind;
  private final String code;
  private final String field;

  private Refusal(Kind kind, String code, String field, String message) {
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind);
    this.code = Objects.requireNonNull(code);
    this.field = field;
  }

  /** A value the caller gave is not acceptable ({@code validation_error}). */
  public static Refusal invalid(String field, String message) {
    return new Refusal(Kind.INVALID, "validation_error", field, message);
  }

  /** The request conflicts with the current state, with its own code. */
  public static Refusal conflict(String code, String message) {
    return new Refusal(Kind.CONFLICT, code, null, message);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  /** The request field at fault, or null. */
  public String field() {
    return field;
  }
}
