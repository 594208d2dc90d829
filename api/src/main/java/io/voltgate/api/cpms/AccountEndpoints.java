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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/** {@code GET /me}, {@code GET /networks}, {@code GET /usage}: what the calling key is and may see. */
public final class AccountEndpoints {

  /** Look-back of {@code GET /usage} without {@code days}, and its largest value. */
  static final int DEFAULT_DAYS = 30;
  static final int MAX_DAYS = 366;
  /** Every key is a live key (no sandbox keys exist; docs/usage.md). */
  static final String ENV = "live";

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
        .get("/cpms/v1/usage", "cpms:api-keys:read",
            "API consumption rollup (metering) for this key's networks: requests and metered units per day, key family"
                + " and environment over the last `days` days (1-" + MAX_DAYS + ", default " + DEFAULT_DAYS + ")",
            (ctx, p) -> usage(p, Params.queryInt(ctx, "days", DEFAULT_DAYS, 1, MAX_DAYS)));
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

  private Future<Reply> usage(ApiPrincipal p, int days) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate since = today.minusDays(days - 1L);
    // Flush first so the answer includes the requests metered so far on this node.
    return auth.flushUsage().otherwiseEmpty().compose(v -> keys.dailyUsage(p.scope(), p.keyId(), since, today))
        .map(found -> {
          JsonArray daily = new JsonArray();
          long requests = 0;
          long units = 0;
          for (ApiKeyQueries.DailyUsage d : found) {
            requests += d.requests();
            units += d.units();
            daily.add(new JsonObject().put("date", d.day().atStartOfDay(ZoneOffset.UTC).toInstant().toString())
                .put("family", d.family()).put("env", ENV).put("requests", d.requests()).put("units", d.units()));
          }
          return Reply.ok(new JsonObject().put("totalRequests", requests).put("totalUnits", units)
              .put("sinceUtc", since.atStartOfDay(ZoneOffset.UTC).toInstant().toString()).put("daily", daily));
        });
  }

}
