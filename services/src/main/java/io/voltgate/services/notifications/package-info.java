/**
 * Outgoing notifications. {@link io.voltgate.services.notifications.Mailer} is the port services
 * send mail through: SMTP (vertx-mail-client) when {@code VOLTGATE_SMTP_HOST} is set, otherwise the
 * {@code mail_outbox} table and a log line that never carries the message itself.
 */
package io.voltgate.services.notifications;
