package io.voltgate.services.loadbalancing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A location's load-balancing settings (stored in {@code locations.load_balancing}): enabled, site
 * maximum, safety margin (15–40 %), strategy, per-EVSE priorities and time-windowed rules. A rule
 * that is active now (its day and time window, in the location's time zone) lowers the limit to its
 * {@code loadLimitKw} and may change the strategy.
 */
public record SiteConfig(JsonObject json) {

  public static SiteConfig of(JsonObject stored) {
    return new SiteConfig(stored == null ? new JsonObject() : stored);
  }

  public boolean enabled() {
    return json.getBoolean("enabled", false);
  }

  public double siteMaxKw() {
    return json.getDouble("siteMaxPowerKw", 0.0);
  }

  public double marginPct() {
    return json.getDouble("safetyMarginPct", 15.0);
  }

  public JsonObject priorities() {
    return json.getJsonObject("priorities", new JsonObject());
  }

  public JsonArray rules() {
    return json.getJsonArray("rules", new JsonArray());
  }

  /** The rule in force at {@code now}, the highest priority first; null when none applies. */
  public JsonObject activeRule(ZonedDateTime now) {
    JsonObject best = null;
    for (Object o : rules()) {
      JsonObject rule = (JsonObject) o;
      if (!rule.getBoolean("isActive", true)) {
        continue;
      }
      String days = rule.getString("daysOfWeek", "0123456");
      int day = now.getDayOfWeek().getValue() % 7; // 0 = Sunday
      LocalTime t = now.toLocalTime();
      LocalTime start = LocalTime.parse(rule.getString("startTime", "00:00"));
      LocalTime end = LocalTime.parse(rule.getString("endTime", "23:59"));
      boolean inWindow = start.isAfter(end) ? !t.isBefore(start) || !t.isAfter(end) : !t.isBefore(start) && !t.isAfter(end);
      if (days.indexOf((char) ('0' + day)) >= 0 && inWindow
          && (best == null || rule.getInteger("priority", 0) > best.getInteger("priority", 0))) {
        best = rule;
      }
    }
    return best;
  }

  /** The limit (kW) in force: the site maximum, lowered by an active rule. */
  public double limitKw(ZonedDateTime now) {
    JsonObject rule = activeRule(now);
    double limit = siteMaxKw();
    if (rule != null && rule.getDouble("loadLimitKw", 0.0) > 0) {
      limit = Math.min(limit, rule.getDouble("loadLimitKw"));
    }
    return limit;
  }

  public LoadAllocator.Strategy strategy(ZonedDateTime now) {
    JsonObject rule = activeRule(now);
    String s = rule != null && rule.getString("strategy") != null ? rule.getString("strategy") : json.getString("strategy", "equal");
    return "priority".equalsIgnoreCase(s) ? LoadAllocator.Strategy.PRIORITY : LoadAllocator.Strategy.EQUAL;
  }

  public static ZonedDateTime now(java.time.Clock clock, String timezone) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timezone == null ? "UTC" : timezone);
    } catch (RuntimeException e) {
      zone = ZoneId.of("UTC");
    }
    return ZonedDateTime.now(clock.withZone(zone));
  }
}
