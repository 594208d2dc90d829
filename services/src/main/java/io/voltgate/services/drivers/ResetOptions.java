package io.voltgate.services.drivers;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * Password reset settings.
 *
 * @param ttl how long a reset token is valid
 * @param urlTemplate the link mailed, with {@value #TOKEN} for the token; null: the mail carries
 *     the token itself
 */
public record ResetOptions(Duration ttl, String urlTemplate) {

  public static final String TOKEN = "{token}";

  public ResetOptions {
    Objects.requireNonNull(ttl);
    if (urlTemplate != null && !urlTemplate.contains(TOKEN)) {
      throw new IllegalArgumentException("the reset URL must contain " + TOKEN);
    }
  }

  public static ResetOptions from(Settings s) {
    String url = s.get(ConfigKey.DRIVER_RESET_URL).orElse(null);
    if (url != null && !url.contains(TOKEN)) {
      throw new Settings.ConfigException(ConfigKey.DRIVER_RESET_URL.envName() + " must contain " + TOKEN);
    }
    return new ResetOptions(Duration.ofSeconds(s.integer(ConfigKey.DRIVER_RESET_TOKEN_TTL_S, 60, 86_400)), url);
  }

  /** The link for {@code token}, or null when no URL is configured. */
  public String link(String token) {
    return urlTemplate == null ? null : urlTemplate.replace(TOKEN, token);
  }
}
