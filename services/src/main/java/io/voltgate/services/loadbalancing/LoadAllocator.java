package io.voltgate.services.loadbalancing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a site's power budget between EVSEs (pure; no I/O). The budget is
 * {@code siteMax × (1 − margin)}; idle EVSEs get nothing; no EVSE gets more than it can take.
 * {@code equal} water-fills: every active EVSE gets the same share unless its maximum is lower, and
 * what a capped EVSE cannot take goes to the others. {@code priority} serves higher priorities
 * first (water-filling within one priority). Allocations are rounded down to 0.1 kW, so their sum
 * never exceeds the budget.
 */
public final class LoadAllocator {

  /** Allocation granularity (kW). */
  static final BigDecimal STEP = new BigDecimal("0.1");

  /** One EVSE's demand. */
  public record Evse(String id, double maxKw, int priority, boolean active) {
  }

  public enum Strategy { EQUAL, PRIORITY }

  private LoadAllocator() {
  }

  public static double budget(double siteMaxKw, double marginPct) {
    return Math.max(0, siteMaxKw * (1 - marginPct / 100.0));
  }

  /** kW per EVSE id, in input order. */
  public static Map<String, Double> allocate(double budgetKw, List<Evse> evses, Strategy strategy) {
    Map<String, Double> out = new LinkedHashMap<>();
    evses.forEach(e -> out.put(e.id(), 0.0));
    List<Evse> active = evses.stream().filter(e -> e.active() && e.maxKw() > 0).toList();
    double remaining = Math.max(0, budgetKw);
    if (strategy == Strategy.PRIORITY) {
      TreeMap<Integer, List<Evse>> groups = new TreeMap<>(Comparator.reverseOrder());
      active.forEach(e -> groups.computeIfAbsent(e.priority(), k -> new ArrayList<>()).add(e));
      for (List<Evse> group : groups.values()) {
        remaining -= waterFill(remaining, group, out);
      }
    } else {
      waterFill(remaining, active, out);
    }
    return out;
  }

  /** Shares {@code budget} equally within {@code group}, respecting maxima; returns what it used. */
  private static double waterFill(double budget, List<Evse> group, Map<String, Double> out) {
    List<Evse> open = new ArrayList<>(group);
    open.sort(Comparator.comparingDouble(Evse::maxKw));
    double left = budget;
    double used = 0;
    while (!open.isEmpty() && left > 1e-9) {
      double share = left / open.size();
      Evse smallest = open.get(0);
      if (smallest.maxKw() <= share) {
        double give = floor(smallest.maxKw());
        out.put(smallest.id(), give);
        left -= give;
        used += give;
        open.remove(0);
      } else {
        double give = floor(share);
        for (Evse e : open) {
          out.put(e.id(), give);
          left -= give;
          used += give;
        }
        open.clear();
      }
    }
    return used;
  }

  private static double floor(double kw) {
    return BigDecimal.valueOf(kw).divide(STEP, 0, RoundingMode.FLOOR).multiply(STEP).doubleValue();
  }
}
