package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Row;
import io.vertx.redis.client.Redis;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.SessionQueries;
import io.voltgate.store.redis.RedisKeys;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Charging sessions of the operator's networks: a filtered page (status, charger, start time range)
 * and a detail; active sessions carry the live meter values the gateway keeps in Redis, completed
 * ones their priced total. Renders the row views of {@link SessionQueries}.
 */
public final class SessionEndpoints {

  static final Set<String> STATUSES = Set.of("PENDING", "ACTIVE", "COMPLETED", "FAULTED", "ORPHANED");

  private final SessionQueries sessions;
  private final Redis redis;
  private final Clock clock;

  public SessionEndpoints(SessionQueries sessions, Redis redis, Clock clock) {
    this.sessions = Objects.requireNonNull(sessions);
    this.redis = Objects.requireNonNull(redis);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Sessions")
        .get("/cpms/v1/sessions", "cpms:sessions:read", "List the operator's charging sessions", (ctx, p) -> {
          String status = Params.queryText(ctx, "status", 20);
          if (status != null && !STATUSES.contains(status.toUpperCase(Locale.ROOT))) {
            throw ApiException.badRequest("status", "status must be one of " + STATUSES);
          }
          return list(p, PageRequest.from(ctx), status == null ? null : status.toUpperCase(Locale.ROOT),
              Params.queryUuid(ctx, "chargerId"), TimeRange.from(ctx));
        })
        .get("/cpms/v1/sessions/{id}", "cpms:sessions:read", "Charging session detail (energy, cost, timing)",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page, String status, UUID chargerId, TimeRange range) {
    return sessions.page(p.scope(), new SessionQueries.Filter(status, chargerId, range.fromUtc(), range.toUtc()),
            page.pageSize(), page.offset())
        .compose(found -> live(found.items()).map(live -> {
          List<JsonObject> items = new ArrayList<>();
          for (int i = 0; i < found.items().size(); i++) {
            items.add(summary(found.items().get(i), live.get(i)));
          }
          return Reply.page(items, page, found.total());
        }));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return sessions.find(p.scope(), id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(ApiException.notFound("Session"));
          }
          Row r = found.get();
          return live(List.of(r)).map(live -> {
            JsonObject values = live.get(0);
            JsonObject d = summary(r, values);
            Instant end = r.getOffsetDateTime("stopped_at") == null ? clock.instant()
                : r.getOffsetDateTime("stopped_at").toInstant();
            long seconds = Math.max(0, end.getEpochSecond() - r.getOffsetDateTime("started_at").toEpochSecond());
            Long idle = r.getLong("idle_seconds");
            d.put("locationId", Json.id(r.getUUID("location_id")))
                .put("connectorUuid", Json.id(r.getUUID("connector_pk")))
                .put("idToken", r.getString("id_token"))
                .put("tariffId", Json.id(r.getUUID("tariff_id")))
                .put("meterStartWh", Json.number(r.getBigDecimal("meter_start_wh")))
                .put("meterStopWh", Json.number(r.getBigDecimal("meter_stop_wh")))
                .put("durationMinutes", minutes(seconds))
                .put("idleMinutes", idle == null ? null : minutes(idle))
                .put("currentPowerKw", values == null ? null : values.getValue("powerKw"))
                .put("soc", values == null ? null : values.getValue("soc"))
                .put("live", values);
            return Reply.ok(d);
          });
        });
  }

  private static JsonObject summary(Row r, JsonObject live) {
    BigDecimal wh = r.getBigDecimal("energy_wh");
    Object energy = wh != null ? Json.number(wh.divide(BigDecimal.valueOf(1000), 3, RoundingMode.HALF_UP))
        : live == null ? null : live.getValue("energyKwh");
    String currency = r.getString("cdr_currency") != null ? r.getString("cdr_currency") : r.getString("default_currency");
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("status", r.getString("status"))
        .put("networkId", Json.id(r.getUUID("network_id")))
        .put("chargerId", Json.id(r.getUUID("charger_id")))
        .put("chargePointId", r.getString("charge_point_id"))
        .put("evseId", r.getInteger("evse_id"))
        .put("connectorId", r.getInteger("connector_id"))
        .put("ocppTransactionId", r.getString("transaction_ref"))
        .put("energyKwh", energy)
        .put("total", Json.number(r.getBigDecimal("total")))
        .put("currency", currency == null ? null : currency.trim())
        .put("cdrId", Json.id(r.getUUID("cdr_id")))
        .put("startedAt", Json.time(r.getOffsetDateTime("started_at")))
        .put("endedAt", Json.time(r.getOffsetDateTime("stopped_at")))
        .put("stopReason", r.getString("stop_reason"));
  }

  /**
   * Live values ({@code vg:{cp:ID}:live}, field evseId) of the active sessions among the rows, one
   * per row (null for others or when the gateway has none for this session); Redis failures only
   * leave them out.
   */
  private Future<List<JsonObject>> live(List<Row> rows) {
    List<Request> requests = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    List<String> sessionIds = new ArrayList<>();
    int i = 0;
    for (Row r : rows) {
      if ("ACTIVE".equals(r.getString("status"))) {
        requests.add(Request.cmd(Command.HGET).arg(RedisKeys.live(r.getString("charge_point_id")))
            .arg(Integer.toString(r.getInteger("evse_id"))));
        positions.add(i);
        sessionIds.add(r.getUUID("id").toString());
      }
      i++;
    }
    List<JsonObject> out = new ArrayList<>(java.util.Collections.nCopies(i, (JsonObject) null));
    if (requests.isEmpty()) {
      return Future.succeededFuture(out);
    }
    return redis.batch(requests).map(responses -> {
      for (int k = 0; k < responses.size(); k++) {
        Response resp = responses.get(k);
        if (resp == null) {
          continue;
        }
        try {
          JsonObject v = new JsonObject(resp.toString());
          String sid = v.getString("sessionId");
          if (sid == null || sid.equals(sessionIds.get(k))) {
            v.remove("sessionId");
            v.remove("transactionRef");
            out.set(positions.get(k), v);
          }
        } catch (RuntimeException ignored) {
          // a malformed live value is left out
        }
      }
      return out;
    }).otherwise(out);
  }

  private static double minutes(long seconds) {
    return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP).doubleValue();
  }

  /** An inclusive {@code from}/{@code to} query range (either open); 400 when from is after to. */
  record TimeRange(Instant from, Instant to) {
    static TimeRange from(io.vertx.ext.web.RoutingContext ctx) {
      Instant from = Params.queryTime(ctx, "from");
      Instant to = Params.queryTime(ctx, "to");
      if (from != null && to != null && from.isAfter(to)) {
        throw ApiException.badRequest("to", "to must not be before from");
      }
      return new TimeRange(from, to);
    }

    OffsetDateTime fromUtc() {
      return from == null ? null : from.atOffset(ZoneOffset.UTC);
    }

    OffsetDateTime toUtc() {
      return to == null ? null : to.atOffset(ZoneOffset.UTC);
    }
  }
}
