package io.voltgate.services.drivers;

import java.util.Objects;

/**
 * A driver's authentication refused: the HTTP layer answers {@link #status()} (401, or 429 with
 * {@code Retry-After: }{@link #retryAfterSeconds()}) with {@link Reason#code()}. The message never
 * says whether an e-mail exists.
 */
public final class DriverAuthFailure extends RuntimeException {

  /** Why; each maps to one HTTP status. */
  public enum Reason {
    /** Unknown e-mail, wrong password or disabled account: the same answer for all three. */
    INVALID_CREDENTIALS("invalid_credentials", 401),
    /** Too many failed logins for the account or from the address. */
    TOO_MANY_ATTEMPTS("too_many_attempts", 429),
    /** The access token is missing, malformed, badly signed, of another network or expired. */
    INVALID_ACCESS_TOKEN("invalid_token", 401),
    /** The refresh token is unknown, expired or revoked. */
    INVALID_REFRESH_TOKEN("invalid_refresh_token", 401),
    /** A refresh token was used twice: its whole family is revoked and the driver must log in. */
    REFRESH_TOKEN_REUSED("refresh_token_reused", 401),
    /** The token is fine but its driver no longer exists. */
    UNKNOWN_DRIVER("invalid_token", 401);

    private final String code;
    private final int status;

    Reason(String code, int status) {
      this.code = code;
      this.status = status;
    }

    public String code() {
      return code;
    }

    public int status() {
      return status;
    }
  }

  private final Reason reason;
  private final long retryAfterSeconds;

  public DriverAuthFailure(Reason reason, String message) {
    this(reason, message, 0);
  }

  public DriverAuthFailure(Reason reason, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Reason reason() {
    return reason;
  }

  public String code() {
    return reason.code();
  }

  public int status() {
    return reason.status();
  }

  /** Seconds until a throttled caller may try again; 0 unless {@link Reason#TOO_MANY_ATTEMPTS}. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
