package io.voltgate.services.drivers;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How many failed logins are tolerated within a window, per account and per source address.
 * The account limit stops guessing one driver's password from many addresses; the address limit
 * stops one address trying a few passwords on many accounts.
 */
public record LoginLimits(int maxFailuresPerAccount, int maxFailuresPerAddress, Duration window) {

  public LoginLimits {
    Objects.requireNonNull(window);
    if (maxFailuresPerAccount < 1 || maxFailuresPerAddress < 1 || window.toSeconds() < 1) {
      throw new IllegalArgumentException("login limits must be positive");
    }
  }

  public static LoginLimits from(Settings s) {
    return new LoginLimits(
        s.integer(ConfigKey.DRIVER_LOGIN_MAX_FAILURES, 1, 1_000),
        s.integer(ConfigKey.DRIVER_LOGIN_MAX_FAILURES_PER_IP, 1, 100_000),
        Duration.ofSeconds(s.integer(ConfigKey.DRIVER_LOGIN_WINDOW_S, 1, 86_400)));
  }

  public static LoginLimits defaults() {
    return new LoginLimits(10, 50, Duration.ofMinutes(15));
  }
}
