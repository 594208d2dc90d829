package io.voltgate.services.loadbalancing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.store.redis.RedisKeys;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Site load balancing for a location: reads its EVSEs with their live state, allocates the budget
 * ({@link LoadAllocator}) and pushes each charging EVSE its share as a charging profile (in watts,
 * profile id {@link #PROFILE_ID_BASE} + connector, stack level 1, so operator caps stay separate).
 */
public final class LoadBalancer {

  public static final int PROFILE_ID_BASE = 91_000;
  static final double DEFAULT_EVSE_KW = 22.0;
  private static final Set<String> DRAWING = Set.of("Charging", "SuspendedEV", "SuspendedEVSE", "Occupied", "Preparing", "Finishing");

  private final Pool pg;
  private final Redis redis;
  private final CommandClient commands;
  private final Clock clock;
  private final long commandTimeoutMs;

  public LoadBalancer(Pool pg, Redis redis, CommandClient commands, Clock clock, long commandTimeoutMs) {
    this.pg = Objects.requireNonNull(pg);
    this.redis = Objects.requireNonNull(redis);
    this.commands = Objects.requireNonNull(commands);
    this.clock = Objects.requireNonNull(clock);
    this.commandTimeoutMs = commandTimeoutMs;
  }

  /** One EVSE of the site with what is known about it now. */
  public record SiteEvse(UUID connectorId, UUID chargerId, String chargePointId, int evseId, String physicalRef,
      double maxKw, String status, Double drawKw, boolean charging) {
  }

  /** A site: its location, settings, time zone and EVSEs. */
  public record Site(UUID locationId, UUID networkId, String timezone, SiteConfig config, List<SiteEvse> evses) {
  }

  public Future<Site> site(UUID locationId) {
    Future<Row> location = pg.preparedQuery("SELECT id, network_id, timezone, load_balancing FROM locations WHERE id = $1"
        + " AND deleted_at IS NULL").execute(Tuple.of(locationId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    Future<List<Row>> connectors = pg.preparedQuery("SELECT x.id, x.charger_id, c.charge_point_id, x.evse_id, x.connector_id,"
            + " c.physical_reference, x.max_power_kw FROM connectors x JOIN chargers c ON c.id = x.charger_id"
            + " WHERE c.location_id = $1 AND c.deleted_at IS NULL AND x.deleted_at IS NULL AND x.evse_id > 0"
            + " ORDER BY c.charge_point_id, x.evse_id, x.connector_id")
        .execute(Tuple.of(locationId)).map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(out::add);
          return out;
        });
    return Future.all(location, connectors).compose(all -> {
      Row loc = location.result();
      if (loc == null) {
        return Future.succeededFuture(null);
      }
      List<Row> rows = connectors.result();
      List<Request> reads = new ArrayList<>();
      for (Row r : rows) {
        reads.add(Request.cmd(Command.HGET).arg(RedisKeys.status(r.getString("charge_point_id")))
            .arg(r.getInteger("evse_id") + "/" + r.getInteger("connector_id")));
        reads.add(Request.cmd(Command.HGET).arg(RedisKeys.live(r.getString("charge_point_id"))).arg(Integer.toString(r.getInteger("evse_id"))));
      }
      Future<List<Response>> live = reads.isEmpty() ? Future.succeededFuture(List.of()) : redis.batch(reads);
      return live.map(replies -> {
        List<SiteEvse> evses = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
          Row r = rows.get(i);
          Response status = replies.get(2 * i);
          Response session = replies.get(2 * i + 1);
          String st = status == null ? null : new JsonObject(status.toString()).getString("status");
          Double draw = session == null ? null : new JsonObject(session.toString()).getDouble("powerKw");
          double max = r.getBigDecimal("max_power_kw") == null ? DEFAULT_EVSE_KW : r.getBigDecimal("max_power_kw").doubleValue();
          evses.add(new SiteEvse(r.getUUID("id"), r.getUUID("charger_id"), r.getString("charge_point_id"), r.getInteger("evse_id"),
              r.getString("physical_reference"), max, st, draw, session != null || (st != null && DRAWING.contains(st))));
        }
        return new Site(loc.getUUID("id"), loc.getUUID("network_id"), loc.getString("timezone"),
            SiteConfig.of((JsonObject) loc.getValue("load_balancing")), evses);
      });
    });
  }

  /** Allocates the site's budget now. */
  public Map<String, Double> allocate(Site site) {
    ZonedDateTime now = SiteConfig.now(clock, site.timezone());
    double budget = LoadAllocator.budget(site.config().limitKw(now), site.config().marginPct());
    JsonObject priorities = site.config().priorities();
    List<LoadAllocator.Evse> evses = site.evses().stream().map(e -> new LoadAllocator.Evse(e.connectorId().toString(),
        e.maxKw(), priorities.getInteger(e.connectorId().toString(), priorities.getInteger(e.chargePointId() + "/" + e.evseId(), 0)),
        e.charging())).toList();
    return LoadAllocator.allocate(budget, evses, site.config().strategy(now));
  }

  /** Computes and pushes the allocation; stores it; completes with it (kW per connector id). */
  public Future<Map<String, Double>> rebalance(UUID locationId) {
    return site(locationId).compose(site -> {
      if (site == null || !site.config().enabled()) {
        return Future.succeededFuture(Map.<String, Double>of());
      }
      Map<String, Double> allocation = allocate(site);
      List<Future<?>> pushes = new ArrayList<>();
      for (SiteEvse e : site.evses()) {
        if (!e.charging()) {
          continue;
        }
        double kw = allocation.getOrDefault(e.connectorId().toString(), 0.0);
        pushes.add(commands.send(new io.voltgate.store.commands.Command(e.chargePointId(), Op.SET_LIMIT, null, new JsonObject()
            .put("connectorNumber", e.evseId()).put("unit", "W").put("limit", Math.round(kw * 1000.0) * 1.0)
            .put("profileId", PROFILE_ID_BASE + e.evseId()).put("stackLevel", 1).put("track", false), commandTimeoutMs)));
      }
      JsonObject stored = site.config().json().copy()
          .put("lastAllocation", new JsonObject(new java.util.LinkedHashMap<>(allocation)))
          .put("lastRebalancedAt", clock.instant().toString());
      return Future.join(pushes)
          .eventually(() -> pg.preparedQuery("UPDATE locations SET load_balancing = $2, updated_at = now() WHERE id = $1")
              .execute(Tuple.of(locationId, stored)))
          .map(allocation);
    });
  }

  /** The location of a charger (for triggers that know only the charger). */
  public Future<UUID> locationOf(String chargePointId) {
    return pg.preparedQuery("SELECT location_id FROM chargers WHERE charge_point_id = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(chargePointId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("location_id"));
  }

  public static JsonArray evsesJson(Site site, Map<String, Double> last) {
    JsonArray out = new JsonArray();
    for (SiteEvse e : site.evses()) {
      out.add(new JsonObject().put("evseId", e.chargePointId() + "-" + e.evseId()).put("connectorId", e.connectorId().toString())
          .put("chargerId", e.chargerId().toString()).put("physicalRef", e.physicalRef()).put("maxPowerKw", e.maxKw())
          .put("allocatedKw", last.getOrDefault(e.connectorId().toString(), 0.0)).put("currentDrawKw", e.drawKw() == null ? 0.0 : e.drawKw())
          .put("status", e.status()).put("priority", site.config().priorities().getInteger(e.connectorId().toString(), 0)));
    }
    return out;
  }
}
