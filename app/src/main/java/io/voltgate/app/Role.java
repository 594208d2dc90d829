package io.voltgate.app;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.util.Locale;

/** What a process runs: gateway and API together (default), or one of them. */
public enum Role {
  ALL, GATEWAY, API;

  public boolean runsGateway() {
    return this != API;
  }

  public boolean servesApi() {
    return this != GATEWAY;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Role parse(String raw) {
    try {
      return valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Settings.ConfigException(ConfigKey.ROLE.envName() + "=" + raw
          + " is not one of all, gateway, api");
    }
  }
}
