package io.voltgate.services.notifications;

import io.vertx.core.Future;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.voltgate.store.notifications.MailOutboxRepository;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through the configured SMTP server. A message the server does not take is kept in the
 * outbox (status {@code failed}, with the error) so it can be delivered by hand, and the send fails.
 */
public final class SmtpMailer implements Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);

  private final MailClient client;
  private final String from;
  private final MailOutboxRepository outbox;

  public SmtpMailer(MailClient client, String from, MailOutboxRepository outbox) {
    this.client = Objects.requireNonNull(client);
    this.from = Objects.requireNonNull(from);
    this.outbox = Objects.requireNonNull(outbox);
  }

  @Override
  public Future<Void> send(Mail mail) {
    MailMessage message = new MailMessage().setFrom(from).setTo(mail.to()).setSubject(mail.subject()).setText(mail.text());
    return client.sendMail(message)
        .<Void>map(result -> {
          LOG.info("event=mail_sent kind={} to={} id={}", mail.kind(), mail.maskedRecipient(), result.getMessageID());
          return null;
        })
        .recover(e -> {
          LOG.warn("event=mail_failed kind={} to={} error={}", mail.kind(), mail.maskedRecipient(), e.toString());
          return outbox.insert(mail.networkId(), mail.kind(), mail.to(), mail.subject(), mail.text(), "failed",
                  String.valueOf(e.getMessage()))
              .transform(kept -> Future.failedFuture(e));
        });
  }
}
