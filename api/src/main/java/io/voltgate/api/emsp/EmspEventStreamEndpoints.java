package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.Reply;
import io.voltgate.api.sse.EventFeed;
import io.voltgate.api.sse.SseRequests;
import io.voltgate.services.events.DriverEvents;
import io.voltgate.services.events.EventFilter;
import io.voltgate.services.events.NetworkEvents;
import io.voltgate.store.query.DriverStreamQueries;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /emsp/v1/events/stream}: server-sent events, the same feed and frames as the operator's
 * stream. A back end (server-side key) receives its networks' events, optionally narrowed by
 * {@code eventTypes} and {@code stationIds}; a driver app (key and the driver's token) only the
 * driver's own ({@link DriverEvents}), optionally narrowed by {@code eventTypes}. Both resume with
 * {@code Last-Event-ID}.
 */
public final class EmspEventStreamEndpoints {

  private final EventFeed feed;
  private final DriverStreamQueries drivers;
  private final Vertx vertx;

  /** @param vertx runs each driver stream's periodic refresh of what is the driver's */
  public EmspEventStreamEndpoints(EventFeed feed, DriverStreamQueries drivers, Vertx vertx) {
    this.feed = Objects.requireNonNull(feed);
    this.drivers = Objects.requireNonNull(drivers);
    this.vertx = Objects.requireNonNull(vertx);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Events").callers(Caller.KEY_OR_DRIVER).get("/emsp/v1/events/stream", "emsp:events:read",
        "SSE event stream for real-time updates: the key's networks, or with a driver's token the driver's own",
        this::stream);
  }

  private Future<Reply> stream(RoutingContext ctx, ApiPrincipal p) {
    Set<String> types = SseRequests.list(ctx, "eventTypes", 2_000);
    Set<String> stations = SseRequests.list(ctx, "stationIds", 20_000);
    String lastEventId = SseRequests.lastEventId(ctx);
    Future<EventFilter> filter = p.driver() == null
        ? Future.succeededFuture(new NetworkEvents(p.scope(), types, stations))
        : DriverEvents.open(vertx, drivers, p.scope().requireDriver(), types, DriverEvents.REFRESH).map(f -> f);
    return filter.compose(f -> {
      if (ctx.response().closed()) {
        // The app left while the driver's interests were loading.
        f.close();
        return Future.succeededFuture(Reply.streaming());
      }
      SseRequests.open(ctx);
      return feed.subscribe(ctx.response(), p, f, lastEventId).map(Reply.streaming());
    });
  }
}
