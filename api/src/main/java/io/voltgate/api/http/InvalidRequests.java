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

  /**
   * The router in front of a check it does not make: a path or query with a broken percent escape
   * ({@code %}, {@code %zz}) makes Vert.x Web's path matching or Netty's query decoder throw before
   * any handler runs, and the request was never answered (the connection hung; found by the HTTP
   * fuzzer, perf/fuzz). Such a request is answered 400 {@code bad_request} and its connection closed,
   * like the decoder's refusals.
   */
  public static io.vertx.core.Handler<HttpServerRequest> guarding(io.vertx.core.Handler<HttpServerRequest> router) {
    return request -> {
      if (brokenEscape(request.uri())) {
        reject(request, 400, "bad_request", "Malformed percent-encoding in the request URL");
      } else {
        router.handle(request);
      }
    };
  }

  /** True when a {@code %} is not followed by two hexadecimal digits. */
  static boolean brokenEscape(String path) {
    if (path == null) {
      return false;
    }
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
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
    reject(request, status, error, message);
  }

  private static void reject(HttpServerRequest request, int status, String error, String message) {
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Connection", "close")
        .end(ErrorHandler.body(status, error, message, null).encode())
        .onComplete(ignored -> request.connection().close());
  }
}
