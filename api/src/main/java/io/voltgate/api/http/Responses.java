package io.voltgate.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The response envelope shared by every API family: {@code {data, success, timestamp}}. */
public final class Responses {

  private Responses() {
  }

  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static void data(RoutingContext ctx, int status, Object data) {
    send(ctx, status, envelope(data));
  }

  public static void ok(RoutingContext ctx, Object data) {
    send(ctx, 200, envelope(data));
  }

  public static void created(RoutingContext ctx, Object data) {
    send(ctx, 201, envelope(data));
  }

  /** A page of items with the seed's pagination object. */
  public static void page(RoutingContext ctx, List<?> items, PageRequest page, long total) {
    JsonObject body = envelope(new JsonArray(List.copyOf(items)));
    body.put("pagination", new JsonObject()
        .put("page", page.page())
        .put("pageSize", page.pageSize())
        .put("total", total)
        .put("totalPages", total == 0 ? 0 : (int) ((total + page.pageSize() - 1) / page.pageSize())));
    send(ctx, 200, body);
  }

  /** A page with the block {@code pagination: {page, page_size, total_count, total_pages}} ({@link Reply#snakeCasePage}). */
  public static void snakeCasePage(RoutingContext ctx, List<?> items, PageRequest page, long total) {
    send(ctx, 200, envelope(new JsonArray(List.copyOf(items))).put("pagination", new JsonObject()
        .put("page", page.page())
        .put("page_size", page.pageSize())
        .put("total_count", total)
        .put("total_pages", page.pages(total))));
  }

  /** A page of items with the navigation block of {@link Reply#navigablePage}. */
  public static void navigablePage(RoutingContext ctx, List<?> items, PageRequest page, long total) {
    navigable(ctx, new JsonArray(List.copyOf(items)), page, total);
  }

  /** A page whose data is an object (a summary beside the items), with the navigation block. */
  public static void navigablePage(RoutingContext ctx, JsonObject data, PageRequest page, long total) {
    navigable(ctx, data, page, total);
  }

  private static void navigable(RoutingContext ctx, Object data, PageRequest page, long total) {
    JsonObject body = envelope(data);
    long pages = page.pages(total);
    body.put("pagination", new JsonObject()
        .put("totalCount", total)
        .put("page", page.page())
        .put("pageSize", page.pageSize())
        .put("totalPages", pages)
        .put("hasNextPage", page.page() < pages)
        .put("hasPreviousPage", page.page() > 1));
    send(ctx, 200, body);
  }

  private static JsonObject envelope(Object data) {
    return new JsonObject().put("data", data).put("success", true).put("timestamp", now());
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }
}
