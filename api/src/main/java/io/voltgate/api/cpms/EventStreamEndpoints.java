package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.sse.EventFeed;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /cpms/v1/events/stream}: server-sent events of the key's networks, filtered by
 * {@code eventTypes} and {@code stationIds} (charger UUIDs or chargePointIds, comma-separated),
 * resumable with {@code Last-Event-ID} (header, or the {@code lastEventId} query parameter for
 * clients that cannot set headers).
 */
public final class EventStreamEndpoints {

  private final EventFeed feed;

  public EventStreamEndpoints(EventFeed feed) {
    this.feed = Objects.requireNonNull(feed);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Events").get("/cpms/v1/events/stream", "cpms:events:read",
        "Server-sent events of the key's networks (text/event-stream)", this::stream);
  }

  private Future<Reply> stream(RoutingContext ctx, ApiPrincipal p) {
    Set<String> types = list(Params.queryText(ctx, "eventTypes", 2_000));
    Set<String> stations = list(Params.queryText(ctx, "stationIds", 20_000));
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId == null) {
      lastEventId = Params.queryText(ctx, "lastEventId", 64);
    }
    if (lastEventId != null && !lastEventId.matches("\\d{1,20}(-\\d{1,20})?")) {
      throw ApiException.badRequest("Last-Event-ID", "Last-Event-ID must be an event id from this stream (e.g. 1718822529000-0)");
    }
    ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        // No Connection header: it is connection-specific and forbidden when the stream runs over HTTP/2.
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no")
        .setWriteQueueMaxSize(256 * 1024);
    return feed.subscribe(ctx.response(), p, types, stations, lastEventId).map(Reply.streaming());
  }

  private static Set<String> list(String raw) {
    if (raw == null) {
      return Set.of();
    }
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
