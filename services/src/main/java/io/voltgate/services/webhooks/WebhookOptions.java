package io.voltgate.services.webhooks;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.util.Objects;

/**
 * Webhook delivery settings (see the README's configuration table).
 *
 * @param allowedPrivateTargets non-public targets the operator allows (none by default)
 */
public record WebhookOptions(PrivateTargets allowedPrivateTargets, long timeoutMs, int maxAttempts, long retryBaseMs,
    int disableAfter) {

  public WebhookOptions {
    Objects.requireNonNull(allowedPrivateTargets);
  }

  public static WebhookOptions from(Settings s) {
    PrivateTargets allowed;
    try {
      allowed = PrivateTargets.parse(s.get(ConfigKey.WEBHOOK_ALLOWED_PRIVATE_TARGETS).orElse(""));
    } catch (IllegalArgumentException e) {
      throw new Settings.ConfigException(ConfigKey.WEBHOOK_ALLOWED_PRIVATE_TARGETS.envName() + ": " + e.getMessage());
    }
    return new WebhookOptions(
        allowed,
        s.integer(ConfigKey.WEBHOOK_TIMEOUT_MS, 100, 120_000),
        s.integer(ConfigKey.WEBHOOK_MAX_ATTEMPTS, 1, 50),
        s.integer(ConfigKey.WEBHOOK_RETRY_BASE_MS, 10, 3_600_000),
        s.integer(ConfigKey.WEBHOOK_DISABLE_AFTER, 1, 10_000));
  }

  public static WebhookOptions defaults() {
    return new WebhookOptions(PrivateTargets.NONE, 10_000, 5, 10_000, 10);
  }
}
