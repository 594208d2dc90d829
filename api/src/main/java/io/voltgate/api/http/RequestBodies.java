package io.voltgate.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/** Whether a request still has a body to come, as the body handler decides it. */
public final class RequestBodies {

  /** How much of a refused HTTP/2 body is read and dropped before the connection is closed instead. */
  static final long DISCARD_MAX_BYTES = 4L * 1024 * 1024;
  static final long DISCARD_MAX_MS = 10_000;

  private RequestBodies() {
  }

  /**
   * True while a body may still arrive: HTTP/2 not yet ended, or HTTP/1 with a
   * {@code Content-Length} or a {@code Transfer-Encoding} and not yet ended. A handler doing async
   * work before the body handler pauses such a request, or the body would be lost.
   */
  public static boolean pending(HttpServerRequest request) {
    if (request.isEnded()) {
      return false;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      return true;
    }
    // As the body handler sees it: any Content-Length (even 0) means an end still to be read.
    return request.headers().contains(HttpHeaders.CONTENT_LENGTH) || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /**
   * Lets the client stop sending a body that will never be read, once the answer (401, 413, 415,
   * ...) is out. HTTP/1: the rest of the body must not be parsed as the next request, nor the
   * connection kept waiting for it, so the answer says {@code Connection: close} and the connection
   * ends with it. HTTP/2: a paused stream would hold the client's send window, and clients such as
   * the JDK's wait for their body to be sent (a RST_STREAM after the answer is not sent once the
   * stream has ended its side), so the rest is read and dropped, within {@link #DISCARD_MAX_BYTES}
   * and {@link #DISCARD_MAX_MS}; beyond either the connection is closed.
   */
  static void abandonUnread(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!pending(request)) {
      return;
    }
    HttpServerResponse response = ctx.response();
    if (request.version() == HttpVersion.HTTP_2) {
      response.endHandler(v -> discardRest(ctx));
    } else {
      response.putHeader(HttpHeaders.CONNECTION, "close").endHandler(v -> request.connection().close());
    }
  }

  private static void discardRest(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) {
      return;
    }
    long[] discarded = {0};
    long deadline = ctx.vertx().setTimer(DISCARD_MAX_MS, t -> request.connection().close());
    request.exceptionHandler(e -> ctx.vertx().cancelTimer(deadline))
        .endHandler(v -> ctx.vertx().cancelTimer(deadline))
        .handler(chunk -> {
          discarded[0] += chunk.length();
          if (discarded[0] > DISCARD_MAX_BYTES) {
            ctx.vertx().cancelTimer(deadline);
            request.connection().close();
          }
        })
        .resume();
  }
}
