package io.voltgate.gateway.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per vendor/model/firmware rules under which schema violations are tolerated (logged and counted,
 * the message accepted). Syntax: {@code vendor[/model[/firmwarePrefix]]} entries separated by
 * {@code ;}, case-insensitive; {@code *} matches anything.
 */
public final class Leniency {

  private record Rule(String vendor, String model, String firmwarePrefix) {
  }

  private final List<Rule> rules;

  private Leniency(List<Rule> rules) {
    this.rules = rules;
  }

  public static Leniency parse(String spec) {
    List<Rule> rules = new ArrayList<>();
    if (spec != null) {
      for (String entry : spec.split(";")) {
        if (entry.isBlank()) {
          continue;
        }
        String[] parts = entry.trim().split("/", 3);
        rules.add(new Rule(norm(parts[0]), parts.length > 1 ? norm(parts[1]) : "*",
            parts.length > 2 ? norm(parts[2]) : "*"));
      }
    }
    return new Leniency(List.copyOf(rules));
  }

  private static String norm(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    return t.isEmpty() ? "*" : t;
  }

  public boolean matches(String vendor, String model, String firmware) {
    for (Rule r : rules) {
      if (eq(r.vendor, vendor) && eq(r.model, model)
          && ("*".equals(r.firmwarePrefix) || (firmware != null
              && firmware.toLowerCase(Locale.ROOT).startsWith(r.firmwarePrefix)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean eq(String rule, String value) {
    return "*".equals(rule) || (value != null && rule.equals(value.toLowerCase(Locale.ROOT)));
  }
}
