package io.voltgate.api.control;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.CommandReplies;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.sse.OpenStreams;
import io.voltgate.api.sse.SseRequests;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.query.ControlQueries;
import io.voltgate.store.query.OcppMessageQueries;
import io.voltgate.store.query.OcppMessageQueries.Cursor;
import io.voltgate.store.query.OcppMessageQueries.Filter;
import io.voltgate.store.query.OcppMessageView;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.RedisSubscription;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The OCPP message log of a charger (docs/ocpp-log.md): its frames with filters and a keyset cursor,
 * one exchange (a CALL with its answer), an NDJSON export, a live tail over server-sent events, and
 * the replay of a logged CSMS→charger CALL through the command service. Reading takes
 * {@code cpms:ocpp-log:read}; replaying is live control ({@code cpms:control}); a network's retention
 * is a setting ({@code cpms:settings:write}). Another network's charger answers 404.
 */
public final class OcppLogEndpoints {

  /** Read scope of the message log. */
  public static final String READ = "cpms:ocpp-log:read";
  private static final int MAX_PAGE = 500;
  private static final int MAX_EXPORT = 100_000;
  private static final int EXPORT_PAGE = 1_000;
  /** Live tails per HTTP verticle: each holds a Redis connection of its own. */
  static final int MAX_TAILS = 50;
  private static final Set<String> DIRECTIONS = Set.of("incoming", "outgoing");
  private static final Set<String> TYPES = Set.of("Call", "CallResult", "CallError", "Refused");

  private final OcppMessageQueries messages;
  private final ControlQueries chargers;
  private final Redis redis;
  private final String redisUrl;
  private final Vertx vertx;
  private final ChargerCommands commands;
  private final OpenStreams streams;
  /** Open live tails of this verticle (confined to its event loop). */
  private int tails;

  /**
   * @param redisUrl each live tail subscribes on a connection of its own to it
   * @param streams where live tails are recorded by API key, so that a revoked key's tails end
   */
  public OcppLogEndpoints(OcppMessageQueries messages, ControlQueries chargers, Redis redis, String redisUrl, Vertx vertx,
      ChargerCommands commands, OpenStreams streams) {
    this.messages = Objects.requireNonNull(messages);
    this.chargers = Objects.requireNonNull(chargers);
    this.redis = Objects.requireNonNull(redis);
    this.redisUrl = Objects.requireNonNull(redisUrl);
    this.vertx = Objects.requireNonNull(vertx);
    this.commands = Objects.requireNonNull(commands);
    this.streams = Objects.requireNonNull(streams);
  }

  public void register(ApiRoutes routes) {
    String base = "/cpms/v1/chargers/{chargerUuid}/ocpp-messages";
    routes.tag("OCPP message log")
        .get(base, READ, "A charger's logged OCPP frames, filtered, with a cursor", this::list)
        .get(base + "/export", READ, "A charger's logged OCPP frames as NDJSON (application/x-ndjson)", this::export)
        .get(base + "/stream", READ, "Live tail of a charger's OCPP frames (text/event-stream)", this::tail)
        .get(base + "/exchanges/{messageId}", READ, "One exchange: a CALL with its answer", this::exchange)
        .post(base + "/{messageLogId}/replay", "cpms:control",
            "Send a logged CSMS-to-charger CALL again (new message id, through the command service)",
            "ocpp-log-replay", this::replay)
        .get("/cpms/v1/ocpp-log/retention", READ, "A network's OCPP message log retention", this::retention)
        .put("/cpms/v1/ocpp-log/retention", "cpms:settings:write", "Set a network's OCPP message log retention",
            "ocpp-log-retention", this::setRetention);
  }

  private Future<Reply> list(RoutingContext ctx, ApiPrincipal p) {
    Filter filter = filter(ctx);
    boolean ascending = "asc".equals(Params.queryEnum(ctx, "order", Set.of("asc", "desc")));
    int limit = Params.queryInt(ctx, "limit", 100, 1, MAX_PAGE);
    Cursor after = decode(ctx.queryParams().get("cursor"));
    return target(p, ctx).compose(c -> messages.list(p.scope(), c.id(), filter, after, ascending, limit + 1)
        .map(rows -> {
          boolean more = rows.size() > limit;
          List<Row> page = more ? rows.subList(0, limit) : rows;
          JsonArray items = new JsonArray();
          page.forEach(r -> items.add(OcppMessageView.json(r)));
          Row last = page.isEmpty() ? null : page.get(page.size() - 1);
          return Reply.ok(ControlEndpoints.base(c).put("messages", items).put("hasMore", more)
              .put("nextCursor", more ? encode(last) : null));
        }));
  }

  private Future<Reply> export(RoutingContext ctx, ApiPrincipal p) {
    Filter filter = filter(ctx);
    int max = Params.queryInt(ctx, "limit", 10_000, 1, MAX_EXPORT);
    return target(p, ctx).compose(c -> {
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("Content-Type", "application/x-ndjson; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"ocpp-messages-" + c.chargePointId()
              .replaceAll("[^A-Za-z0-9._-]", "_") + ".ndjson\"");
      return exportPages(response, p, c.id(), filter, null, max)
          .compose(v -> response.end())
          .recover(e -> {
            // Headers are gone: the only honest signal left is to cut the stream.
            ctx.request().connection().close();
            return Future.failedFuture(e);
          })
          .map(Reply.streaming());
    });
  }

  private Future<Void> exportPages(HttpServerResponse response, ApiPrincipal p, UUID chargerId, Filter filter,
      Cursor after, int left) {
    int size = Math.min(EXPORT_PAGE, left);
    return messages.list(p.scope(), chargerId, filter, after, true, size).compose(rows -> {
      StringBuilder out = new StringBuilder();
      for (Row r : rows) {
        out.append(OcppMessageView.json(r).encode()).append('\n');
      }
      Future<Void> written = out.isEmpty() ? Future.succeededFuture() : response.write(out.toString());
      if (rows.size() < size || rows.size() >= left) {
        return written;
      }
      Row last = rows.get(rows.size() - 1);
      Cursor next = new Cursor(last.getOffsetDateTime("logged_at").toInstant(), last.getLong("id"));
      return written.compose(v -> exportPages(response, p, chargerId, filter, next, left - rows.size()));
    });
  }

  private Future<Reply> exchange(RoutingContext ctx, ApiPrincipal p) {
    String messageId = ctx.pathParam("messageId");
    if (messageId == null || messageId.isEmpty() || messageId.length() > 36) {
      throw ApiException.badRequest("messageId", "messageId must be 1 to 36 characters");
    }
    return target(p, ctx).compose(c -> messages.exchange(p.scope(), c.id(), messageId).map(rows -> {
      if (rows.isEmpty()) {
        throw ApiException.notFound("Exchange");
      }
      JsonArray frames = new JsonArray();
      JsonObject call = null;
      JsonObject answer = null;
      for (Row r : rows) {
        JsonObject f = OcppMessageView.json(r);
        frames.add(f);
        String type = r.getString("message_type");
        if ("CALL".equals(type) && call == null) {
          call = f;
        } else if (("CALLRESULT".equals(type) || "CALLERROR".equals(type)) && call != null && answer == null
            && !call.getString("direction").equals(f.getString("direction"))) {
          answer = f;
        }
      }
      return Reply.ok(ControlEndpoints.base(c).put("messageId", messageId)
          .put("action", call == null ? null : call.getString("action"))
          .put("status", answer == null ? "pending" : "CallResult".equals(answer.getString("messageType")) ? "success" : "error")
          .put("latencyUs", answer == null ? null : answer.getLong("latencyUs"))
          .put("call", call).put("answer", answer).put("frames", frames));
    }));
  }

  private Future<Reply> tail(RoutingContext ctx, ApiPrincipal p) {
    if (tails >= MAX_TAILS) {
      throw new ApiException(429, "too_many_streams", "Too many live tails of the OCPP message log on this node;"
          + " close one or try again later");
    }
    return target(p, ctx).compose(c -> {
      String cp = c.chargePointId();
      HttpServerResponse response = ctx.response();
      Request ask = Request.cmd(Command.PUBLISH).arg(RedisKeys.OCPP_LOG_TAIL_REQUESTS).arg(cp);
      return RedisSubscription.open(vertx, redisUrl, List.of(RedisKeys.ocppLogFrames(cp)), "ocpp-log-tail " + cp,
              m -> {
                if (!response.closed() && !response.ended() && !response.writeQueueFull()) {
                  response.write("event: ocpp.message\ndata: " + m.payload() + "\n\n");
                }
              },
              () -> redis.send(ask))
          .map(subscription -> {
            if (response.closed()) {
              subscription.close(); // the client left while we subscribed
              return Reply.streaming();
            }
            SseRequests.open(ctx);
            new Tail(p, response, subscription, ask);
            return Reply.streaming();
          });
    });
  }

  private Future<Reply> replay(RoutingContext ctx, ApiPrincipal p) {
    BodySchemas.validated(ctx, "ocpp-log-replay");
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("messageLogId"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("messageLogId", "messageLogId must be the id of a logged frame");
    }
    return target(p, ctx).compose(c -> messages.frame(p.scope(), c.id(), id).compose(found -> {
      Row r = found.orElseThrow(() -> ApiException.notFound("Logged frame"));
      if (!"out".equals(r.getString("direction")) || !"CALL".equals(r.getString("message_type"))) {
        throw new ApiException(409, "not_replayable", "Only a CALL the CSMS sent to the charger can be replayed");
      }
      if (r.getBoolean("redacted") || r.getBoolean("truncated") || r.getString("frame") == null) {
        throw new ApiException(409, "not_replayable",
            "The logged CALL was redacted or truncated: its payload is not what was sent");
      }
      if (c.ocppVersion() != null && !r.getString("ocpp_version").equals(c.ocppVersion())) {
        throw new ApiException(409, "not_replayable", "The CALL was sent in OCPP " + r.getString("ocpp_version")
            + "; the charger now speaks " + c.ocppVersion());
      }
      JsonArray frame;
      try {
        frame = new JsonArray(r.getString("frame"));
      } catch (DecodeException e) {
        throw new ApiException(409, "not_replayable", "The logged CALL cannot be read");
      }
      String action = frame.getString(2);
      JsonObject payload = frame.getJsonObject(3);
      return commands.send(c.chargePointId(), Op.RAW, action, payload).map(o -> Reply.ok(ControlEndpoints.base(c)
          .put("replayOf", Long.toString(id)).put("originalMessageId", r.getString("message_id"))
          .put("action", action).mergeIn(CommandReplies.of(o, action))
          .put("response", o.response())));
    }));
  }

  private Future<Reply> retention(RoutingContext ctx, ApiPrincipal p) {
    UUID network = network(ctx, p);
    return messages.retention(p.scope(), network).map(found -> {
      Integer own = found.orElseThrow(() -> ApiException.notFound("Network")).orElse(null);
      return Reply.ok(new JsonObject().put("networkId", network.toString()).put("retentionDays", own)
          .put("defaultRetentionDays", messages.defaultRetentionDays())
          .put("effectiveRetentionDays", own == null ? messages.defaultRetentionDays() : own));
    });
  }

  private Future<Reply> setRetention(RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "ocpp-log-retention");
    UUID network = network(ctx, p);
    Integer days = body.getInteger("retentionDays");
    return messages.setRetention(p.scope(), network, days).map(updated -> {
      if (!updated) {
        throw ApiException.notFound("Network");
      }
      return Reply.ok(new JsonObject().put("networkId", network.toString()).put("retentionDays", days)
          .put("defaultRetentionDays", messages.defaultRetentionDays())
          .put("effectiveRetentionDays", days == null ? messages.defaultRetentionDays() : days));
    });
  }

  /** The network named by {@code networkUuid}, else the key's only one. */
  private static UUID network(RoutingContext ctx, ApiPrincipal p) {
    UUID requested = Params.queryUuid(ctx, "networkUuid");
    return p.targetNetwork(requested == null ? null : requested.toString());
  }

  private Future<ChargerTarget> target(ApiPrincipal p, RoutingContext ctx) {
    return ChargerTarget.find(chargers, redis, p, Params.pathUuid(ctx, "chargerUuid"));
  }

  private static Filter filter(RoutingContext ctx) {
    Instant from = Params.queryTime(ctx, "from");
    Instant to = Params.queryTime(ctx, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.badRequest("to", "to must be after from");
    }
    String direction = Params.queryEnum(ctx, "direction", DIRECTIONS);
    String type = Params.queryEnum(ctx, "messageType", TYPES);
    String errors = Params.queryEnum(ctx, "errorsOnly", Set.of("true", "false"));
    return new Filter(from, to, Params.queryText(ctx, "action", 64),
        direction == null ? null : "incoming".equals(direction) ? "in" : "out",
        Params.queryText(ctx, "messageId", 36), type == null ? null : OcppMessageView.storedType(type),
        "true".equals(errors));
  }

  /** The opaque cursor: the last row's (logged_at in microseconds, id), base64url. */
  private static String encode(Row last) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, last.getOffsetDateTime("logged_at").toInstant());
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((micros + "." + last.getLong("id")).getBytes(StandardCharsets.US_ASCII));
  }

  private static Cursor decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.US_ASCII).split("\\.", 2);
      return new Cursor(Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      throw ApiException.badRequest("cursor", "cursor is not one this API returned");
    }
  }

  /** One open live tail: released once, whether its client left or its key was revoked. */
  private final class Tail {

    private final HttpServerResponse response;
    private final RedisSubscription subscription;
    private final long timer;
    private final Runnable forget;
    private boolean released;

    Tail(ApiPrincipal principal, HttpServerResponse response, RedisSubscription subscription, Request ask) {
      this.response = response;
      this.subscription = subscription;
      tails++;
      response.write("retry: 3000\n\n");
      timer = vertx.setPeriodic(RedisKeys.OCPP_LOG_TAIL_REFRESH_MS, id -> {
        redis.send(ask);
        response.write(": keep-alive\n\n");
      });
      forget = streams.add(principal.keyId(), this::revoked);
      response.closeHandler(v -> release());
    }

    /** The key was revoked: end the response (its connection may stay open for keep-alive) and release. */
    private void revoked() {
      if (!response.ended() && !response.closed()) {
        response.end(": API key revoked\n\n");
      }
      release();
    }

    private void release() {
      if (!released) {
        released = true;
        tails--;
        forget.run();
        vertx.cancelTimer(timer);
        subscription.close();
      }
    }
  }
}
