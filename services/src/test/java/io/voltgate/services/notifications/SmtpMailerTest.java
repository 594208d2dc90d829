package io.voltgate.services.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.config.Settings;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.voltgate.store.notifications.MailOutboxRepository;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP path against a real SMTP server (GreenMail) on loopback, and the outbox when it fails. */
@Timeout(60)
class SmtpMailerTest {

  @TempDir
  static Path dataDir;

  private static Backends backends;
  private static Vertx vertx;
  private static Pool pg;
  private static GreenMail smtp;

  @BeforeAll
  static void start() {
    backends = Backends.start(new BackendOptions(Optional.empty(), Optional.empty(), dataDir, 0, 0, 4, 2, 1000, false));
    vertx = Vertx.vertx();
    pg = backends.pgPool(vertx);
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
  }

  @AfterAll
  static void stop() {
    if (smtp != null) {
      smtp.stop();
    }
    if (vertx != null) {
      await(pg.close());
      await(vertx.close());
    }
    if (backends != null) {
      backends.close();
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Mailer mailer(int port) {
    MailOptions options = MailOptions.from(Settings.of(Map.of("VOLTGATE_SMTP_HOST", "127.0.0.1",
        "VOLTGATE_SMTP_PORT", String.valueOf(port), "VOLTGATE_SMTP_TLS", "none",
        "VOLTGATE_MAIL_FROM", "Voltgate <no-reply@voltgate.test>")));
    return Mailers.create(vertx, options, new MailOutboxRepository(pg));
  }

  @Test
  void aConfiguredSmtpServerReceivesTheMessage() throws Exception {
    Mailer mailer = mailer(smtp.getSmtp().getPort());
    assertTrue(mailer instanceof SmtpMailer);

    await(mailer.send(new Mail(null, "password_reset", "maya@example.com", "Reset your password", "Hello Maya\nline two")));

    assertTrue(smtp.waitForIncomingEmail(10_000, 1));
    MimeMessage received = smtp.getReceivedMessagesForDomain("example.com")[0];
    assertEquals("Reset your password", received.getSubject());
    assertEquals("maya@example.com", received.getAllRecipients()[0].toString());
    assertTrue(received.getFrom()[0].toString().contains("no-reply@voltgate.test"));
    assertTrue(GreenMailUtil.getBody(received).contains("Hello Maya"), GreenMailUtil.getBody(received));
  }

  @Test
  void aMessageTheServerDoesNotTakeIsKeptInTheOutboxWithItsError() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Mailer mailer = mailer(closed);
    String to = "lost-" + UUID.randomUUID() + "@example.com";

    try {
      mailer.send(new Mail(null, "password_reset", to, "Subject", "Body")).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      throw new AssertionError("the send should fail");
    } catch (ExecutionException expected) {
      // refused
    }
    Row row = await(pg.preparedQuery("SELECT status, error, body FROM mail_outbox WHERE recipient = $1").execute(Tuple.of(to)))
        .iterator().next();
    assertEquals("failed", row.getString("status"));
    assertEquals("Body", row.getString("body"));
    assertTrue(row.getString("error") != null && !row.getString("error").isBlank());
  }

  @Test
  void withoutAnSmtpHostMailGoesToTheOutbox() {
    Mailer mailer = Mailers.create(vertx, MailOptions.from(Settings.of(Map.of())), new MailOutboxRepository(pg));
    assertTrue(mailer instanceof OutboxMailer);
    String to = "queued-" + UUID.randomUUID() + "@example.com";

    await(mailer.send(new Mail(null, "password_reset", to, "Subject", "Body")));

    assertEquals("queued", await(pg.preparedQuery("SELECT status FROM mail_outbox WHERE recipient = $1")
        .execute(Tuple.of(to))).iterator().next().getString(0));
  }
}
