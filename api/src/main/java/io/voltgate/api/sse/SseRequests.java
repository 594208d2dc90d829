package io.voltgate.api.sse;

import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Params;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every family's event stream endpoint reads from its request and sets on its response: the
 * {@code Last-Event-ID} to resume after, comma-separated filters, and the SSE response headers.
 */
public final class SseRequests {

  private SseRequests() {
  }

  /**
   * The stream id to resume after: the {@code Last-Event-ID} header, or the {@code lastEventId} query
   * parameter for clients that cannot set headers; null to start live. Anything but a stream id is 400.
   */
  public static String lastEventId(RoutingContext ctx) {
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId == null) {
      lastEventId = Params.queryText(ctx, "lastEventId", 64);
    }
    if (lastEventId != null && !lastEventId.matches("\\d{1,20}(-\\d{1,20})?")) {
      throw ApiException.badRequest("Last-Event-ID", "Last-Event-ID must be an event id from this stream (e.g. 1718822529000-0)");
    }
    return lastEventId;
  }

  /** A comma-separated query parameter of at most {@code maxLength} characters as a set; empty when absent. */
  public static Set<String> list(RoutingContext ctx, String name, int maxLength) {
    String raw = Params.queryText(ctx, name, maxLength);
    if (raw == null) {
      return Set.of();
    }
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Makes the response an event stream (chunked, not cached, not buffered by proxies). */
  public static void open(RoutingContext ctx) {
    ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        // No Connection header: it is connection-specific and forbidden when the stream runs over HTTP/2.
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no")
        .setWriteQueueMaxSize(256 * 1024);
  }
}
