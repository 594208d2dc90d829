package io.voltgate.services.notifications;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.voltgate.store.notifications.MailOutboxRepository;

/** Picks the mailer the settings ask for. */
public final class Mailers {

  private Mailers() {
  }

  /** SMTP when a host is configured, else the outbox. */
  public static Mailer create(Vertx vertx, MailOptions options, MailOutboxRepository outbox) {
    return options.smtp()
        .<Mailer>map(config -> new SmtpMailer(MailClient.createShared(vertx, config, "voltgate-smtp"), options.from(), outbox))
        .orElseGet(() -> new OutboxMailer(outbox));
  }
}
