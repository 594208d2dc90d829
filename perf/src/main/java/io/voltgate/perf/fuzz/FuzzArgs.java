package io.voltgate.perf.fuzz;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} arguments of the fuzzers, with defaults; unknown keys are refused. */
final class FuzzArgs {

  private final Map<String, String> values = new HashMap<>();
  private final Map<String, String> defaults;

  FuzzArgs(Map<String, String> defaults, Map<String, String> given) {
    this.defaults = defaults;
    for (Map.Entry<String, String> e : given.entrySet()) {
      if (!defaults.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown option " + e.getKey() + " (known: " + defaults.keySet() + ")");
      }
      values.put(e.getKey(), e.getValue());
    }
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got " + a);
      }
      m.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return m;
  }

  String get(String key) {
    return values.getOrDefault(key, defaults.get(key));
  }

  int integer(String key) {
    return Integer.parseInt(get(key));
  }

  long longValue(String key) {
    return Long.parseLong(get(key));
  }

  double dbl(String key) {
    return Double.parseDouble(get(key));
  }

  @Override
  public String toString() {
    Map<String, String> all = new java.util.TreeMap<>(defaults);
    all.putAll(values);
    all.remove("apiKey");
    return all.toString();
  }
}
