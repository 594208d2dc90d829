package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code GET /me}, {@code GET /networks}, {@code GET /usage}: what the calling key is and may see. */
public final class AccountEndpoints {

  private final ApiServices s;

  public AccountEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Account")
        .get("/cpms/v1/me", "cpms:networks:read", "Operator API key context (accessible networks + granted scopes)", (ctx, p) -> me(p))
        .get("/cpms/v1/networks", "cpms:networks:read", "Networks this API key may operate", (ctx, p) -> networks(PageRequest.from(ctx), p))
        .get("/cpms/v1/usage", "cpms:api-keys:read", "API usage of this operator's keys per day", (ctx, p) ->
            usage(p, Params.queryTime(ctx, "from"), Params.queryTime(ctx, "to")));
  }

  private Future<Reply> me(ApiPrincipal p) {
    Future<Integer> count = p.unrestricted()
        ? s.pg().query("SELECT count(*)::int AS n FROM networks WHERE deleted_at IS NULL").execute()
            .map(rows -> rows.iterator().next().getInteger("n"))
        : s.pg().preparedQuery("SELECT count(*)::int AS n FROM networks WHERE deleted_at IS NULL AND id = ANY($1)")
            .execute(Tuple.of((Object) p.networkFilter())).map(rows -> rows.iterator().next().getInteger("n"));
    return count.map(n -> Reply.ok(new JsonObject()
        .put("keyId", p.keyId().toString())
        .put("name", p.name())
        .put("accessibleNetworkCount", n)
        .put("scopes", new JsonArray(List.copyOf(new java.util.TreeSet<>(p.scopes()))))
        .put("keyType", "Private")
        .put("unrestricted", p.unrestricted())));
  }

  private Future<Reply> networks(PageRequest page, ApiPrincipal p) {
    return s.pg().preparedQuery("SELECT id, name, currency, country, created_at, count(*) OVER () AS total"
            + " FROM networks WHERE deleted_at IS NULL AND ($1::uuid[] IS NULL OR id = ANY($1))"
            + " ORDER BY created_at, id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(p.networkFilter(), page.pageSize(), page.offset()))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(new JsonObject().put("id", Json.id(r.getUUID("id"))).put("name", r.getString("name"))
                .put("currency", r.getString("currency")).put("country", r.getString("country"))
                .put("createdAt", Json.time(r.getOffsetDateTime("created_at"))));
          }
          return Reply.page(items, page, total);
        });
  }

  private Future<Reply> usage(ApiPrincipal p, Instant from, Instant to) {
    Instant end = to == null ? s.clock().instant() : to;
    Instant start = from == null ? end.minus(30, ChronoUnit.DAYS) : from;
    // Flush first so the answer includes the requests metered so far on this node.
    return s.auth().flushUsage().otherwiseEmpty().compose(v -> s.pg().preparedQuery(
            "SELECT u.day, sum(u.requests)::bigint AS requests FROM api_key_usage u JOIN api_keys k ON k.id = u.api_key_id"
                + " WHERE u.day BETWEEN $1 AND $2 AND ($3 OR k.id = $4 OR (k.network_ids && $5::uuid[]))"
                + " GROUP BY u.day ORDER BY u.day")
        .execute(Tuple.of(LocalDate.ofInstant(start, ZoneOffset.UTC), LocalDate.ofInstant(end, ZoneOffset.UTC),
            p.unrestricted(), p.keyId(), p.networkFilter() == null ? new java.util.UUID[0] : p.networkFilter())))
        .map(rows -> {
          JsonArray days = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            long n = r.getLong("requests");
            total += n;
            days.add(new JsonObject().put("date", r.getLocalDate("day").toString()).put("requests", n));
          }
          return Reply.ok(new JsonObject().put("from", start.truncatedTo(ChronoUnit.SECONDS).toString())
              .put("to", end.truncatedTo(ChronoUnit.SECONDS).toString()).put("totalRequests", total).put("daily", days));
        });
  }
}
