package io.voltgate.api.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP decoder could not parse (URL or headers over the server's limits, malformed
 * HTTP) never reach the router; Vert.x's default answers them with an empty body. This answers them
 * with the API's error body instead (414, 431 or 400), then closes the connection, whose remaining
 * bytes cannot be trusted.
 */
public final class InvalidRequests {

  private InvalidRequests() {
  }

  /** For {@code HttpServer.invalidRequestHandler}. */
  public static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String error;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      error = "uri_too_long";
      message = "The request line is too long (URL over 4096 bytes)";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      error = "headers_too_large";
      message = "The request headers are too large (over 8192 bytes)";
    } else {
      status = 400;
      error = "bad_request";
      message = "Malformed HTTP request";
    }
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Connection", "close")
        .end(ErrorHandler.body(status, error, message, null).encode())
        .onComplete(ignored -> request.connection().close());
  }
}
