package io.voltgate.services.notifications;

import java.util.Objects;
import java.util.UUID;

/**
 * One plain-text message to one recipient.
 *
 * @param networkId the network it is sent for, or null
 * @param kind what it is ({@code password_reset} ...), for the outbox and the logs
 * @param text the body; may hold a secret (a reset link), so it is never logged
 */
public record Mail(UUID networkId, String kind, String to, String subject, String text) {

  public Mail {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(to);
    Objects.requireNonNull(subject);
    Objects.requireNonNull(text);
  }

  /** The recipient as a log line may show it: first character and domain ({@code m***@example.com}). */
  public String maskedRecipient() {
    int at = to.indexOf('@');
    return at <= 0 ? "***" : to.charAt(0) + "***" + to.substring(at);
  }
}
