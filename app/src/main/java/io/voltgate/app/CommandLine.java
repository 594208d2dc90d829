package io.voltgate.app;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.util.HashMap;
import java.util.Map;

/**
 * Command-line flags as setting overrides: {@code --role=gateway}, {@code --config=file}, or any
 * key as {@code --VOLTGATE_X=value}.
 */
final class CommandLine {

  private CommandLine() {
  }

  /** Usage and every configuration key with its default. */
  static String usage() {
    StringBuilder sb = new StringBuilder("Usage: ./voltgate [--role=all|gateway|api] [--config=FILE] [--node-id=ID] [--VOLTGATE_KEY=value ...]\n\n"
        + "Configuration (environment variables, config file or flags):\n");
    for (ConfigKey key : ConfigKey.values()) {
      sb.append(String.format("  %-40s default %-16s %s%n", key.envName(), key.defaultValue().map(d -> d.isEmpty() ? "(empty)" : d).orElse("(unset)"),
          key.description().replace("`", "")));
    }
    return sb.toString();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> overrides = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        continue; // handled by Main before anything starts
      }
      if (!arg.startsWith("--")) {
        throw new Settings.ConfigException("unexpected argument '" + arg + "' (try --role=gateway)");
      }
      String body = arg.substring(2);
      String name;
      String value;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        name = body.substring(0, eq);
        value = body.substring(eq + 1);
      } else if (i + 1 < args.length) {
        name = body;
        value = args[++i];
      } else {
        throw new Settings.ConfigException("flag --" + body + " needs a value");
      }
      overrides.put(keyFor(name), value);
    }
    return overrides;
  }

  private static String keyFor(String name) {
    return switch (name) {
      case "role" -> ConfigKey.ROLE.envName();
      case "config" -> ConfigKey.CONFIG_FILE.envName();
      case "node-id" -> ConfigKey.NODE_ID.envName();
      default -> {
        if (name.startsWith("VOLTGATE_")) {
          yield name;
        }
        throw new Settings.ConfigException("unknown flag --" + name);
      }
    };
  }
}
