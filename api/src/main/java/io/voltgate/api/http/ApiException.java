package io.voltgate.api.http;

/**
 * An API error with its HTTP status and machine-readable code; rendered as
 * {@code {error, message, code, timestamp}} by {@link ErrorHandler}.
 *
 * @param error short machine code, e.g. {@code validation_error}, {@code not_found}
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final String field;

  public ApiException(int status, String error, String message) {
    this(status, error, message, null);
  }

  public ApiException(int status, String error, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  /** The request field at fault (400s), or null. */
  public String field() {
    return field;
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, "validation_error", message, field);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " not found");
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  /** 401 for an operation that acts for a driver, called without the driver's access token. */
  public static ApiException driverTokenRequired() {
    return new ApiException(401, "driver_token_required",
        "This endpoint acts for a driver: send the driver's access token as Authorization: Bearer <token>");
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }
}
