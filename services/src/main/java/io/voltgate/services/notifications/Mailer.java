package io.voltgate.services.notifications;

import io.vertx.core.Future;

/** Sends mail. */
public interface Mailer {

  /**
   * Completes when the message was handed over (to the SMTP server, or kept in the outbox when
   * none is configured); fails when the SMTP server refused it or could not be reached (the
   * message is then kept in the outbox with its error).
   */
  Future<Void> send(Mail mail);
}
