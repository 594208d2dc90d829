package io.voltgate.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/** Whether a request still has a body to come, as the body handler decides it. */
public final class RequestBodies {

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

  /** An HTTP/1 request whose body was not read: its connection must not carry another request. */
  static boolean unreadOnHttp1(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2 && pending(request);
  }
}
