package io.voltgate.services.notifications;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.voltgate.store.notifications.MailOutboxRepository;

/** Picks the mailer the settings ask for. */
public final class Mailers {

  private Mailers() {
  }

  /**
   * SMTP when a host is configured, else the outbox. Mailers of one server share their connection
   * pool (the pool is named after the server: vertx-mail-client hands out the pool of an existing
   * name whatever configuration comes with it).
   */
  public static Mailer create(Vertx vertx, MailOptions options, MailOutboxRepository outbox) {
    return options.smtp()
        .<Mailer>map(config -> new SmtpMailer(MailClient.createShared(vertx, config,
            "voltgate-smtp-" + options.smtpHost() + ":" + options.smtpPort() + ":" + options.username()), options.from(), outbox))
        .orElseGet(() -> new OutboxMailer(outbox));
  }
}
