package io.voltgate.services.push;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import io.voltgate.services.webhooks.PrivateTargets;
import java.util.Objects;

/**
 * Web-push settings (see the README's configuration table).
 *
 * @param subject the VAPID {@code sub} contact ({@code mailto:} or {@code https:})
 * @param allowedPrivateTargets non-public push endpoints the operator allows (none by default), the
 *     webhook rules' allowlist: plain {@code http} only for these
 * @param timeoutMs timeout of one request to a push service
 */
public record PushOptions(String subject, PrivateTargets allowedPrivateTargets, long timeoutMs) {

  public PushOptions {
    Objects.requireNonNull(subject);
    Objects.requireNonNull(allowedPrivateTargets);
    // The push service needs a way to reach us (RFC 8292 section 2.1); the library insists on these two forms.
    if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
      throw new Settings.ConfigException(ConfigKey.PUSH_SUBJECT.envName() + " must start with mailto: or https://");
    }
  }

  public static PushOptions from(Settings s) {
    PrivateTargets allowed;
    try {
      allowed = PrivateTargets.parse(s.get(ConfigKey.PUSH_ALLOWED_PRIVATE_TARGETS).orElse(""));
    } catch (IllegalArgumentException e) {
      throw new Settings.ConfigException(ConfigKey.PUSH_ALLOWED_PRIVATE_TARGETS.envName() + ": " + e.getMessage());
    }
    return new PushOptions(s.get(ConfigKey.PUSH_SUBJECT).orElse("mailto:no-reply@localhost"), allowed,
        s.integer(ConfigKey.PUSH_TIMEOUT_MS, 100, 120_000));
  }

  /** Public https push services only. */
  public static PushOptions defaults() {
    return new PushOptions("mailto:no-reply@localhost", PrivateTargets.NONE, 10_000);
  }

  /** These options with another allowlist (tests: a push service on loopback). */
  public PushOptions allowingPrivateTargets(PrivateTargets allowed) {
    return new PushOptions(subject, allowed, timeoutMs);
  }
}
