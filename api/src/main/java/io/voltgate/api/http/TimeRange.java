package io.voltgate.api.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An inclusive {@code from}/{@code to} query range (either open), as the session and transaction
 * lists of every family take it; 400 when from is after to.
 */
public record TimeRange(Instant from, Instant to) {

  public static TimeRange from(RoutingContext ctx) {
    Instant from = Params.queryTime(ctx, "from");
    Instant to = Params.queryTime(ctx, "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw ApiException.badRequest("to", "to must not be before from");
    }
    return new TimeRange(from, to);
  }

  public OffsetDateTime fromUtc() {
    return from == null ? null : from.atOffset(ZoneOffset.UTC);
  }

  public OffsetDateTime toUtc() {
    return to == null ? null : to.atOffset(ZoneOffset.UTC);
  }
}
