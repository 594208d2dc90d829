package io.voltgate.services.loadbalancing;

import io.voltgate.services.loadbalancing.LoadAllocator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voltgate.services.loadbalancing.LoadAllocator.Evse;
import io.voltgate.services.loadbalancing.LoadAllocator.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the allocation over thousands of random sites (seeded, so failures replay). */
class LoadAllocatorPropertyTest {

  private static final double EPS = 1e-6;

  private static List<Evse> randomSite(Random r) {
    int n = r.nextInt(40);
    List<Evse> evses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double max = r.nextInt(10) == 0 ? 0 : new double[] {3.7, 7.4, 11, 22, 50, 150, 350}[r.nextInt(7)];
      evses.add(new Evse("e" + i, max, r.nextInt(4), r.nextInt(5) > 0));
    }
    return evses;
  }

  @Test
  void theSumNeverExceedsTheBudgetAndNoEvseGetsMoreThanItsMaximum() {
    Random r = new Random(42);
    for (int run = 0; run < 5_000; run++) {
      List<Evse> site = randomSite(r);
      double siteMax = r.nextInt(1000);
      double margin = 15 + r.nextInt(26);
      double budget = LoadAllocator.budget(siteMax, margin);
      for (Strategy strategy : Strategy.values()) {
        Map<String, Double> a = LoadAllocator.allocate(budget, site, strategy);
        double sum = a.values().stream().mapToDouble(Double::doubleValue).sum();
        assertTrue(sum <= (1 - margin / 100) * siteMax + EPS, "run " + run + ": " + sum + " > " + budget);
        for (Evse e : site) {
          double got = a.get(e.id());
          assertTrue(got >= 0 && got <= e.maxKw() + EPS, "run " + run + ": " + e + " got " + got);
          if (!e.active()) {
            assertEquals(0.0, got, "idle EVSEs get nothing");
          }
        }
      }
    }
  }

  @Test
  void equalIsFairWithinRoundingAndLeavesNoUsablePowerUnused() {
    Random r = new Random(7);
    for (int run = 0; run < 5_000; run++) {
      List<Evse> site = randomSite(r);
      double budget = r.nextInt(800);
      Map<String, Double> a = LoadAllocator.allocate(budget, site, Strategy.EQUAL);
      List<Evse> active = site.stream().filter(e -> e.active() && e.maxKw() > 0).toList();
      double minUncapped = Double.MAX_VALUE;
      double maxGiven = 0;
      for (Evse e : active) {
        double got = a.get(e.id());
        if (got < e.maxKw() - LoadAllocator.STEP.doubleValue() - EPS) {
          minUncapped = Math.min(minUncapped, got);
        }
        maxGiven = Math.max(maxGiven, got);
      }
      if (minUncapped != Double.MAX_VALUE) {
        // Whoever is below its maximum has at least everyone else's share, within one rounding step.
        assertTrue(maxGiven - minUncapped <= LoadAllocator.STEP.doubleValue() + EPS,
            "run " + run + ": unfair " + minUncapped + " vs " + maxGiven);
        double sum = a.values().stream().mapToDouble(Double::doubleValue).sum();
        assertTrue(budget - sum <= active.size() * LoadAllocator.STEP.doubleValue() + EPS,
            "run " + run + ": left " + (budget - sum) + " kW unused");
      }
    }
  }

  @Test
  void priorityServesHigherPrioritiesFirst() {
    List<Evse> site = List.of(new Evse("low", 22, 0, true), new Evse("high", 22, 5, true), new Evse("mid", 22, 2, true));
    Map<String, Double> a = LoadAllocator.allocate(30, site, Strategy.PRIORITY);
    assertEquals(22.0, a.get("high"));
    assertEquals(8.0, a.get("mid"));
    assertEquals(0.0, a.get("low"));
  }
}
