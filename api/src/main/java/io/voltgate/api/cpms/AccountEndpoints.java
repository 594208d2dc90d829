package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.ApiKeyQueries;
import io.voltgate.store.query.NetworkQueries;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** {@code GET /me}, {@code GET /networks}, {@code GET /usage}: what the calling key is and may see. */
public final class AccountEndpoints {

  private final NetworkQueries networks;
  private final ApiKeyQueries keys;
  private final ApiKeyAuth auth;
  private final Clock clock;

  public AccountEndpoints(NetworkQueries networks, ApiKeyQueries keys, ApiKeyAuth auth, Clock clock) {
    this.networks = Objects.requireNonNull(networks);
    this.keys = Objects.requireNonNull(keys);
    this.auth = Objects.requireNonNull(auth);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Account")
        .get("/cpms/v1/me", "cpms:networks:read", "Operator API key context (accessible networks + granted scopes)", (ctx, p) -> me(p))
        .get("/cpms/v1/networks", "cpms:networks:read", "Networks this API key may operate", (ctx, p) -> networks(PageRequest.from(ctx), p))
        .get("/cpms/v1/usage", "cpms:api-keys:read", "API usage of this operator's keys per day", (ctx, p) ->
            usage(p, Params.queryTime(ctx, "from"), Params.queryTime(ctx, "to")));
  }

  private Future<Reply> me(ApiPrincipal p) {
    return networks.countLive(p.scope()).map(n -> Reply.ok(new JsonObject()
        .put("keyId", p.keyId().toString())
        .put("name", p.name())
        .put("accessibleNetworkCount", n)
        .put("scopes", new JsonArray(List.copyOf(new java.util.TreeSet<>(p.scopes()))))
        .put("keyType", "Private")
        .put("unrestricted", p.unrestricted())));
  }

  private Future<Reply> networks(PageRequest page, ApiPrincipal p) {
    return networks.page(p.scope(), page.pageSize(), page.offset())
        .map(found -> Reply.page(found.items().stream().map(n -> new JsonObject()
            .put("id", Json.id(n.id())).put("name", n.name())
            .put("currency", n.currency()).put("country", n.country())
            .put("createdAt", Json.time(n.createdAt()))).toList(), page, found.total()));
  }

  private Future<Reply> usage(ApiPrincipal p, Instant from, Instant to) {
    Instant end = to == null ? clock.instant() : to;
    Instant start = from == null ? end.minus(30, ChronoUnit.DAYS) : from;
    // Flush first so the answer includes the requests metered so far on this node.
    return auth.flushUsage().otherwiseEmpty().compose(v -> keys.dailyUsage(p.scope(), p.keyId(),
            LocalDate.ofInstant(start, ZoneOffset.UTC), LocalDate.ofInstant(end, ZoneOffset.UTC)))
        .map(found -> {
          JsonArray days = new JsonArray();
          long total = 0;
          for (ApiKeyQueries.DailyUsage d : found) {
            total += d.requests();
            days.add(new JsonObject().put("date", d.day().toString()).put("requests", d.requests()));
          }
          return Reply.ok(new JsonObject().put("from", start.truncatedTo(ChronoUnit.SECONDS).toString())
              .put("to", end.truncatedTo(ChronoUnit.SECONDS).toString()).put("totalRequests", total).put("daily", days));
        });
  }
}
