package io.voltgate.services.notifications;

import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Mail settings (see the README's configuration table).
 *
 * @param smtpHost null: no SMTP server, mail goes to the outbox
 * @param tls {@code starttls}, {@code tls} or {@code none}
 */
public record MailOptions(String smtpHost, int smtpPort, String tls, String username, String password, String from) {

  public MailOptions {
    Objects.requireNonNull(from);
    if (!"starttls".equals(tls) && !"tls".equals(tls) && !"none".equals(tls)) {
      throw new IllegalArgumentException("tls must be starttls, tls or none: " + tls);
    }
  }

  public static MailOptions from(Settings s) {
    String tls = s.string(ConfigKey.SMTP_TLS).toLowerCase(Locale.ROOT);
    if (!"starttls".equals(tls) && !"tls".equals(tls) && !"none".equals(tls)) {
      throw new Settings.ConfigException(ConfigKey.SMTP_TLS.envName() + "=" + tls + " is not starttls, tls or none");
    }
    return new MailOptions(s.get(ConfigKey.SMTP_HOST).orElse(null), s.integer(ConfigKey.SMTP_PORT, 1, 65_535), tls,
        s.get(ConfigKey.SMTP_USERNAME).orElse(null), s.get(ConfigKey.SMTP_PASSWORD).orElse(null),
        s.string(ConfigKey.MAIL_FROM));
  }

  /** The vertx-mail-client configuration, or empty when no SMTP server is configured. */
  public Optional<MailConfig> smtp() {
    if (smtpHost == null) {
      return Optional.empty();
    }
    MailConfig c = new MailConfig().setHostname(smtpHost).setPort(smtpPort)
        .setStarttls("starttls".equals(tls) ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setSsl("tls".equals(tls))
        .setKeepAlive(true);
    if (username != null) {
      c.setUsername(username).setPassword(password).setLogin(LoginOption.REQUIRED);
    } else {
      c.setLogin(LoginOption.DISABLED);
    }
    return Optional.of(c);
  }

  @Override
  public String toString() {
    // Never print the SMTP password.
    return "MailOptions[smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", tls=" + tls + ", username=" + username
        + ", from=" + from + "]";
  }
}
