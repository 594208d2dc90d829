package io.voltgate.services.notifications;

import io.vertx.core.Future;
import io.voltgate.store.notifications.MailOutboxRepository;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailer of a deployment without SMTP: each message becomes a {@code mail_outbox} row (status
 * {@code queued}) for an operator or a relay to deliver, and a log line naming it, without its
 * body, which may hold a reset link.
 */
public final class OutboxMailer implements Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxMailer.class);

  private final MailOutboxRepository outbox;

  public OutboxMailer(MailOutboxRepository outbox) {
    this.outbox = Objects.requireNonNull(outbox);
  }

  @Override
  public Future<Void> send(Mail mail) {
    return outbox.insert(mail.networkId(), mail.kind(), mail.to(), mail.subject(), mail.text(), "queued", null)
        .map(id -> {
          LOG.info("event=mail_queued outbox={} kind={} to={} (no SMTP server configured: VOLTGATE_SMTP_HOST)",
              id, mail.kind(), mail.maskedRecipient());
          return null;
        });
  }
}
