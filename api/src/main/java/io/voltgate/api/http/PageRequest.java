package io.voltgate.api.http;

import io.vertx.ext.web.RoutingContext;

/** 1-based {@code page} and {@code pageSize} (1–100, default 50) from the query string. */
public record PageRequest(int page, int pageSize) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 100;

  public static PageRequest from(RoutingContext ctx) {
    int page = Params.queryInt(ctx, "page", 1, 1, Integer.MAX_VALUE);
    int size = Params.queryInt(ctx, "pageSize", DEFAULT_SIZE, 1, MAX_SIZE);
    return new PageRequest(page, size);
  }

  public int offset() {
    return (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * pageSize);
  }
}
