package io.voltgate.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Raw configuration values from, in order of precedence: explicit overrides (command line),
 * environment variables, the optional config file, the key's default. Immutable.
 */
public final class Settings {

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Settings from the process environment plus {@code overrides} (e.g. from command-line flags). */
  public static Settings load(Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>();
    String file = Optional.ofNullable(overrides.get(ConfigKey.CONFIG_FILE.envName()))
        .orElse(environment.get(ConfigKey.CONFIG_FILE.envName()));
    if (file != null && !file.isBlank()) {
      merged.putAll(readFile(Path.of(file)));
    }
    environment.forEach((k, v) -> {
      if (k.startsWith("VOLTGATE_")) {
        merged.put(k, v);
      }
    });
    merged.putAll(overrides);
    return new Settings(merged);
  }

  /** Settings made of exactly these values (tests, embedded use). */
  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /** A copy with some values replaced. */
  public Settings with(Map<String, String> replacements) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(replacements);
    return new Settings(merged);
  }

  private static Map<String, String> readFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
    Map<String, String> out = new HashMap<>();
    properties.forEach((k, v) -> out.put(k.toString().trim(), v.toString().trim()));
    return out;
  }

  public Optional<String> get(ConfigKey key) {
    String v = values.get(key.envName());
    if (v == null || v.isBlank()) {
      return key.defaultValue();
    }
    return Optional.of(v.trim());
  }

  public String string(ConfigKey key) {
    return get(key).orElseThrow(() -> new ConfigException(key.envName() + " is required"));
  }

  public int integer(ConfigKey key, int min, int max) {
    String raw = string(key);
    try {
      int v = Integer.parseInt(raw);
      if (v < min || v > max) {
        throw new ConfigException(key.envName() + "=" + raw + " is outside " + min + ".." + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigException(key.envName() + "=" + raw + " is not an integer");
    }
  }

  /** {@code true} or {@code false} (case-insensitive); anything else is a configuration error. */
  public boolean bool(ConfigKey key) {
    String raw = string(key).toLowerCase(java.util.Locale.ROOT);
    return switch (raw) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key.envName() + "=" + raw + " is not true or false");
    };
  }

  /** Thrown for a missing or malformed setting; the launcher prints it and exits. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message);
    }
  }
}
