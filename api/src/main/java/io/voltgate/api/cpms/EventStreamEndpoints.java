package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.Reply;
import io.voltgate.api.sse.EventFeed;
import io.voltgate.api.sse.SseRequests;
import io.voltgate.services.events.NetworkEvents;
import java.util.Objects;
import java.util.Set;

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
    Set<String> types = SseRequests.list(ctx, "eventTypes", 2_000);
    Set<String> stations = SseRequests.list(ctx, "stationIds", 20_000);
    String lastEventId = SseRequests.lastEventId(ctx);
    SseRequests.open(ctx);
    return feed.subscribe(ctx.response(), p, new NetworkEvents(p.scope(), types, stations), lastEventId)
        .map(Reply.streaming());
  }
}
