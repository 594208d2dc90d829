package io.voltgate.api.http;

import io.vertx.ext.web.RoutingContext;

/** 1-based {@code page} and {@code pageSize} (1–100, default 50 or the family's own) from the query string. */
public record PageRequest(int page, int pageSize) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 100;

  public static PageRequest from(RoutingContext ctx) {
    return from(ctx, DEFAULT_SIZE);
  }

  /** With a default page size of the family's own (the eMSP seed pages by 20). */
  public static PageRequest from(RoutingContext ctx, int defaultSize) {
    int page = Params.queryInt(ctx, "page", 1, 1, Integer.MAX_VALUE);
    int size = Params.queryInt(ctx, "pageSize", defaultSize, 1, MAX_SIZE);
    return new PageRequest(page, size);
  }

  /** How many pages {@code total} items fill (0 for none). */
  public long pages(long total) {
    return total == 0 ? 0 : (total + pageSize - 1) / pageSize;
  }

  public int offset() {
    return (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * pageSize);
  }
}
