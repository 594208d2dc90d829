package io.voltgate.api.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** What an endpoint answers; rendered in the family's envelope. */
public sealed interface Reply {

  void send(RoutingContext ctx);

  static Reply ok(Object data) {
    return new Data(200, data);
  }

  static Reply created(Object data) {
    return new Data(201, data);
  }

  /** 202: the request was queued (retries, asynchronous commands). */
  static Reply accepted(Object data) {
    return new Data(202, data);
  }

  static Reply page(List<?> items, PageRequest page, long total) {
    return new Page(items, page, total);
  }

  /**
   * A page of items with navigation: {@code pagination: {totalCount, page, pageSize, totalPages,
   * hasNextPage, hasPreviousPage}} (the eMSP seed's block; {@link #page} is the operator seed's).
   */
  static Reply navigablePage(List<?> items, PageRequest page, long total) {
    return new NavigablePage(items, page, total);
  }

  /**
   * A page whose {@code data} is an object (e.g. a summary beside the page's items), with the same
   * navigation block as {@link #navigablePage}.
   */
  static Reply navigablePage(JsonObject data, PageRequest page, long total) {
    return new NavigableObject(data, page, total);
  }

  /**
   * A page with the eMSP seed's snake case block {@code pagination: {page, page_size, total_count,
   * total_pages}} (its webhook deliveries), in the usual envelope.
   */
  static Reply snakeCasePage(List<?> items, PageRequest page, long total) {
    return new SnakeCasePage(items, page, total);
  }

  /** The handler writes the response itself (server-sent events). */
  static Reply streaming() {
    return Streaming.INSTANCE;
  }

  /** Nothing to send: the handler owns the (long-lived) response. */
  enum Streaming implements Reply {
    INSTANCE;

    @Override
    public void send(RoutingContext ctx) {
    }
  }

  /** Non-JSON content (CSV exports). */
  static Reply raw(String contentType, String fileName, String body) {
    return new Raw(contentType, fileName, body);
  }

  /** {@code {data, success, timestamp}} with a status. */
  record Data(int status, Object data) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      Responses.data(ctx, status, data);
    }
  }

  /** A page with the snake case pagination block. */
  record SnakeCasePage(List<?> items, PageRequest page, long total) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      Responses.snakeCasePage(ctx, items, page, total);
    }
  }

  /** A page of items with pagination. */
  record Page(List<?> items, PageRequest page, long total) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      Responses.page(ctx, items, page, total);
    }
  }

  /** A page of items with the navigation block. */
  record NavigablePage(List<?> items, PageRequest page, long total) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      Responses.navigablePage(ctx, items, page, total);
    }
  }

  /** An object with the navigation block. */
  record NavigableObject(JsonObject data, PageRequest page, long total) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      Responses.navigablePage(ctx, data, page, total);
    }
  }

  /** A file-like body. */
  record Raw(String contentType, String fileName, String body) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      ctx.response().putHeader("Content-Type", contentType)
          .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
          .end(body);
    }
  }
  /**
   * The object itself as the body, without the {@code {data, success, timestamp}} envelope: the EMP
   * seed ({@code /emp/v1}) answers bare objects.
   */
  static Reply bare(JsonObject body) {
    return new Bare(200, body);
  }

  /** A bare JSON object with a status. */
  record Bare(int status, JsonObject body) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }
  }
}
