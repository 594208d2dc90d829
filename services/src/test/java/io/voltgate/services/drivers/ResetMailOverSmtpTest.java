package io.voltgate.services.drivers;

import static io.voltgate.services.drivers.DriverBackends.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.voltgate.services.notifications.MailOptions;
import io.voltgate.services.notifications.Mailers;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Forgot password end to end through a real SMTP server on loopback: the link mailed resets. */
@Timeout(120)
class ResetMailOverSmtpTest {

  @TempDir
  static Path dataDir;

  private static DriverBackends db;
  private static GreenMail smtp;

  @BeforeAll
  static void start() {
    db = DriverBackends.start(dataDir);
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
  }

  @AfterAll
  static void stop() {
    if (smtp != null) {
      smtp.stop();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theMailedLinkResetsThePassword() throws Exception {
    SigningKeys keys = db.signingKeys(TokenOptions.defaults(), Clock.systemUTC());
    DriverAccounts accounts = db.accounts(db.tokens(keys, TokenOptions.defaults(), Clock.systemUTC()), LoginLimits.defaults());
    MailOptions mail = new MailOptions("127.0.0.1", smtp.getSmtp().getPort(), "none", null, null, "no-reply@voltgate.test");
    PasswordResets resets = db.resets(Mailers.create(db.vertx, mail, db.outbox()),
        new ResetOptions(Duration.ofMinutes(30), "https://app.example.com/reset?token={token}"), Clock.systemUTC());
    UUID net = db.network("SMTP");
    await(accounts.register(net, DriverRegistration.of("smtp@example.com", "old password 1", "Lea", "Roy")));

    await(resets.forgotPassword(net, "smtp@example.com", "192.0.2.9"));

    assertTrue(smtp.waitForIncomingEmail(10_000, 1));
    MimeMessage m = smtp.getReceivedMessages()[0];
    assertEquals("smtp@example.com", m.getAllRecipients()[0].toString());
    String body = GreenMailUtil.getBody(m);
    Matcher link = Pattern.compile("https://app\\.example\\.com/reset\\?token=([A-Za-z0-9_-]{43})").matcher(body);
    assertTrue(link.find(), body);
    await(resets.resetPassword(net, link.group(1), "new password 2"));
    await(accounts.login(net, "smtp@example.com", "new password 2", null));
    assertEquals(0, db.count("SELECT count(*) FROM mail_outbox"), "sent, so nothing kept");
  }
}
