package io.voltgate.api.webhooks;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;

/** Webhook delivery settings (see the README's configuration table). */
public record WebhookOptions(boolean allowLoopback, long timeoutMs, int maxAttempts, long retryBaseMs, int disableAfter) {

  public static WebhookOptions from(Settings s) {
    return new WebhookOptions(
        Boolean.parseBoolean(s.string(ConfigKey.WEBHOOK_ALLOW_HTTP_LOOPBACK)),
        s.integer(ConfigKey.WEBHOOK_TIMEOUT_MS, 100, 120_000),
        s.integer(ConfigKey.WEBHOOK_MAX_ATTEMPTS, 1, 50),
        s.integer(ConfigKey.WEBHOOK_RETRY_BASE_MS, 10, 3_600_000),
        s.integer(ConfigKey.WEBHOOK_DISABLE_AFTER, 1, 10_000));
  }

  public static WebhookOptions defaults() {
    return new WebhookOptions(false, 10_000, 5, 10_000, 10);
  }
}
