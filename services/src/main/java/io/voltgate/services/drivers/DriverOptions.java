package io.voltgate.services.drivers;

import io.voltgate.config.Settings;
import io.voltgate.services.notifications.MailOptions;
import java.time.Duration;
import io.voltgate.services.push.PushOptions;
import java.util.Objects;

/** Every setting of driver accounts, read once: tokens, login throttling, password resets, mail and web push. */
public record DriverOptions(TokenOptions tokens, LoginLimits login, ResetOptions resets, MailOptions mail,
    PushOptions push) {

  public DriverOptions {
    Objects.requireNonNull(tokens);
    Objects.requireNonNull(login);
    Objects.requireNonNull(resets);
    Objects.requireNonNull(mail);
    Objects.requireNonNull(push);
  }

  public static DriverOptions from(Settings s) {
    return new DriverOptions(TokenOptions.from(s), LoginLimits.from(s), ResetOptions.from(s), MailOptions.from(s),
        PushOptions.from(s));
  }

  /** The defaults with no SMTP server (mail goes to the outbox) and no reset link. */
  public static DriverOptions defaults() {
    return new DriverOptions(TokenOptions.defaults(), LoginLimits.defaults(), new ResetOptions(Duration.ofMinutes(30), null),
        new MailOptions(null, 587, "starttls", null, null, "no-reply@localhost"), PushOptions.defaults());
  }

  /** These options with other web-push settings. */
  public DriverOptions withPush(PushOptions push) {
    return new DriverOptions(tokens, login, resets, mail, push);
  }
}
