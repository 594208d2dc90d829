package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.voltgate.services.notifications.Mail;
import io.voltgate.services.notifications.Mailer;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/** The password reset message: the link (or the bare token when no link is configured) and its validity. */
public final class ResetMail {

  static final String KIND = "password_reset";

  private final Mailer mailer;
  private final ResetOptions options;

  public ResetMail(Mailer mailer, ResetOptions options) {
    this.mailer = Objects.requireNonNull(mailer);
    this.options = Objects.requireNonNull(options);
  }

  Duration ttl() {
    return options.ttl();
  }

  Future<Void> send(UUID networkId, String email, String firstName, String token) {
    long minutes = Math.max(1, options.ttl().toMinutes());
    String link = options.link(token);
    String how = link != null
        ? "To choose a new password, open this link within " + minutes + " minutes:\n\n" + link + "\n"
        : "To choose a new password, enter this code in the app within " + minutes + " minutes:\n\n" + token + "\n";
    String text = "Hello" + (firstName == null ? "" : " " + firstName) + ",\n\n"
        + "someone (hopefully you) asked to reset the password of your charging account.\n" + how
        + "\nThe link works once. If you did not ask for it, ignore this message: your password stays as it is.\n";
    return mailer.send(new Mail(networkId, KIND, email, "Reset your password", text));
  }
}
