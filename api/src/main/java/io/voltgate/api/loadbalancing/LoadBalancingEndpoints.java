package io.voltgate.api.loadbalancing;

import io.voltgate.services.loadbalancing.LoadBalancer;
import io.voltgate.services.loadbalancing.SiteConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.LocationQueries;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code /cpms/v1/load-balancing/{stationOrLocationId}}: a location's settings and live allocation
 * (GET), its settings (PUT, which rebalances when enabled) and an immediate rebalance. The id may be
 * a location UUID or the UUID of one of its chargers.
 */
public final class LoadBalancingEndpoints {

  private final Clock clock;
  private final LocationQueries locations;
  private final LoadBalancer balancer;

  /** The balancer is built by the caller: it owns the pool, Redis and command sender these endpoints never touch. */
  public LoadBalancingEndpoints(LocationQueries locations, LoadBalancer balancer, Clock clock) {
    this.locations = Objects.requireNonNull(locations);
    this.balancer = Objects.requireNonNull(balancer);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    String path = "/cpms/v1/load-balancing/{stationOrLocationId}";
    routes.tag("Load balancing")
        .get(path, "cpms:locations:read", "Present load-balancing allocation and settings of a site", this::get)
        .put(path, "cpms:control", "Change a site's load-balancing settings", "load-balancing", this::put)
        .post(path + "/rebalance", "cpms:control", "Recompute and push the site's allocation now", null, this::rebalance);
  }

  /** Location id for a location or charger UUID visible to the key; 404 otherwise. */
  private Future<UUID> location(RoutingContext ctx, ApiPrincipal p) {
    String raw = ctx.pathParam("stationOrLocationId");
    UUID id;
    try {
      id = UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("stationOrLocationId", "stationOrLocationId must be a UUID");
    }
    return locations.siteOf(p.scope(), id).compose(site -> site.isEmpty()
        ? Future.failedFuture(ApiException.notFound("Station or location")) : Future.succeededFuture(site.get()));
  }

  private Future<Reply> get(RoutingContext ctx, ApiPrincipal p) {
    return location(ctx, p).compose(balancer::site).map(site -> {
      SiteConfig c = site.config();
      JsonObject last = c.json().getJsonObject("lastAllocation", new JsonObject());
      Map<String, Double> allocated = new HashMap<>();
      last.forEach(e -> allocated.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
      double draw = site.evses().stream().mapToDouble(e -> e.drawKw() == null ? 0 : e.drawKw()).sum();
      double total = site.evses().stream().mapToDouble(e -> allocated.getOrDefault(e.connectorId().toString(), 0.0)).sum();
      var now = SiteConfig.now(clock, site.timezone());
      return Reply.ok(new JsonObject()
          .put("stationId", site.locationId().toString())
          .put("enabled", c.enabled())
          .put("strategy", c.strategy(now).name().toLowerCase(java.util.Locale.ROOT))
          .put("siteMaxPowerKw", c.siteMaxKw())
          .put("safetyMarginPct", c.marginPct())
          .put("effectiveLimitKw", c.limitKw(now))
          .put("currentDrawKw", Math.round(draw * 10) / 10.0)
          .put("allocatedKw", Math.round(total * 10) / 10.0)
          .put("lastRebalancedAt", c.json().getString("lastRebalancedAt"))
          .put("evses", LoadBalancer.evsesJson(site, allocated))
          .put("rules", c.rules() == null ? new JsonArray() : c.rules()));
    });
  }

  private Future<Reply> put(RoutingContext ctx, ApiPrincipal p) {
    JsonObject body = BodySchemas.validated(ctx, "load-balancing");
    return location(ctx, p).compose(id -> locations.mergeLoadBalancing(id, body)
            .compose(v -> balancer.rebalance(id))
            .map(allocation -> Reply.ok(new JsonObject().put("stationId", id.toString()).put("updated", true))));
  }

  private Future<Reply> rebalance(RoutingContext ctx, ApiPrincipal p) {
    return location(ctx, p).compose(id -> balancer.site(id).compose(site -> {
      if (!site.config().enabled()) {
        return Future.failedFuture(ApiException.conflict("Load balancing is not enabled for this site"));
      }
      return balancer.rebalance(id).map(allocation -> Reply.ok(new JsonObject().put("stationId", id.toString())
          .put("rebalanced", true).put("allocations", new JsonObject(new java.util.LinkedHashMap<>(allocation)))));
    }));
  }
}
