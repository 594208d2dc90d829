package io.voltgate.services.drivers;

import static io.voltgate.services.drivers.DriverBackends.await;
import static io.voltgate.services.drivers.DriverBackends.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.services.Refusal;
import io.voltgate.services.drivers.DriverAuthFailure.Reason;
import io.voltgate.services.notifications.OutboxMailer;
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
import org.slf4j.LoggerFactory;

/** Forgot and reset password with mail kept in the outbox (no SMTP configured). */
@Timeout(120)
class PasswordResetsTest {

  private static final ResetOptions LINKS = new ResetOptions(Duration.ofMinutes(30),
      "https://app.example.com/reset?token={token}");
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

  @TempDir
  static Path dataDir;

  private static DriverBackends db;
  private static DriverAccounts accounts;
  private static PasswordResets resets;

  @BeforeAll
  static void start() {
    db = DriverBackends.start(dataDir);
    SigningKeys keys = db.signingKeys(TokenOptions.defaults(), Clock.systemUTC());
    accounts = db.accounts(db.tokens(keys, TokenOptions.defaults(), Clock.systemUTC()), LoginLimits.defaults());
    resets = db.resets(new OutboxMailer(db.outbox()), LINKS, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  /** The outbox mails to {@code email}, waiting up to 10 s for {@code expected} of them. */
  private static long mails(String email, long expected) {
    long deadline = System.currentTimeMillis() + 10_000;
    long n;
    while ((n = db.count("SELECT count(*) FROM mail_outbox WHERE recipient = $1", email)) < expected
        && System.currentTimeMillis() < deadline) {
      sleep(50);
    }
    return n;
  }

  private static String tokenMailedTo(String email) {
    mails(email, 1);
    Row r = await(db.pg.preparedQuery("SELECT kind, subject, body, status FROM mail_outbox WHERE recipient = $1"
        + " ORDER BY created_at DESC LIMIT 1").execute(Tuple.of(email))).iterator().next();
    assertEquals("password_reset", r.getString("kind"));
    assertEquals("queued", r.getString("status"));
    Matcher m = TOKEN.matcher(r.getString("body"));
    assertTrue(m.find(), r.getString("body"));
    return m.group(1);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static DriverRegistration driver(String email) {
    return DriverRegistration.of(email, "old password 1", "Ana", "Diaz");
  }

  @Test
  void aResetSetsTheNewPasswordAndEndsEverySession() {
    UUID net = db.network("Reset");
    DriverSession s = await(accounts.register(net, driver("ana@example.com")));
    await(resets.forgotPassword(net, "ANA@example.com", "192.0.2.1"));
    String token = tokenMailedTo("ana@example.com");

    await(resets.resetPassword(net, token, "new password 2"));
    await(accounts.login(net, "ana@example.com", "new password 2", "192.0.2.1"));
    assertEquals(Reason.INVALID_CREDENTIALS,
        assertInstanceOf(DriverAuthFailure.class, failure(accounts.login(net, "ana@example.com", "old password 1", "192.0.2.1"))).reason());
    assertEquals(Reason.INVALID_REFRESH_TOKEN,
        assertInstanceOf(DriverAuthFailure.class, failure(accounts.refresh(net, s.refreshToken()))).reason());
  }

  @Test
  void aResetTokenWorksOnce() {
    UUID net = db.network("Once");
    await(accounts.register(net, driver("once@example.com")));
    await(resets.forgotPassword(net, "once@example.com", null));
    String token = tokenMailedTo("once@example.com");
    await(resets.resetPassword(net, token, "new password 2"));

    Refusal again = assertInstanceOf(Refusal.class, failure(resets.resetPassword(net, token, "new password 3")));
    assertEquals("token", again.field());
    await(accounts.login(net, "once@example.com", "new password 2", null));
  }

  @Test
  void aResetTokenExpires() {
    UUID net = db.network("Expiry");
    await(accounts.register(net, driver("late@example.com")));
    await(resets.forgotPassword(net, "late@example.com", null));
    String token = tokenMailedTo("late@example.com");

    PasswordResets later = db.resets(new OutboxMailer(db.outbox()), LINKS, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(31)));
    assertEquals("token", assertInstanceOf(Refusal.class, failure(later.resetPassword(net, token, "new password 2"))).field());
    await(accounts.login(net, "late@example.com", "old password 1", null));
  }

  @Test
  void aResetTokenOfOneNetworkDoesNothingInAnother() {
    UUID net = db.network("Token home");
    UUID other = db.network("Token foreign");
    await(accounts.register(net, driver("roam@example.com")));
    await(accounts.register(other, driver("roam@example.com")));
    await(resets.forgotPassword(net, "roam@example.com", null));
    String token = tokenMailedTo("roam@example.com");

    assertInstanceOf(Refusal.class, failure(resets.resetPassword(other, token, "new password 2")));
    await(accounts.login(other, "roam@example.com", "old password 1", null));
  }

  @Test
  void anUnknownEmailIsAnsweredAlikeAndSendsNothing() {
    UUID net = db.network("Unknown");
    await(resets.forgotPassword(net, "ghost@example.com", "192.0.2.2"));
    sleep(300);
    assertEquals(0, mails("ghost@example.com", 0));
    assertEquals("email", assertInstanceOf(Refusal.class, failure(resets.forgotPassword(net, "not an email", null))).field());
  }

  @Test
  void aNewPasswordMustFollowThePolicy() {
    UUID net = db.network("Policy");
    await(accounts.register(net, driver("policy@example.com")));
    await(resets.forgotPassword(net, "policy@example.com", null));
    String token = tokenMailedTo("policy@example.com");

    assertEquals("password", assertInstanceOf(Refusal.class, failure(resets.resetPassword(net, token, "short"))).field());
    // The refused attempt did not spend the token.
    await(resets.resetPassword(net, token, "long enough now"));
  }

  @Test
  void resetMailsArePerAccountLimitedPerHour() {
    UUID net = db.network("Limit");
    await(accounts.register(net, driver("flood@example.com")));
    for (int i = 0; i < PasswordResets.MAILS_PER_HOUR + 2; i++) {
      await(resets.forgotPassword(net, "flood@example.com", null));
      mails("flood@example.com", Math.min(i + 1, PasswordResets.MAILS_PER_HOUR));
    }
    sleep(300);
    assertEquals(PasswordResets.MAILS_PER_HOUR, mails("flood@example.com", PasswordResets.MAILS_PER_HOUR));
  }

  @Test
  void theOutboxLogLineCarriesNeitherTheTokenNorTheAddress() {
    Logger logger = (Logger) LoggerFactory.getLogger(OutboxMailer.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      UUID net = db.network("Logs");
      await(accounts.register(net, driver("secretive@example.com")));
      await(resets.forgotPassword(net, "secretive@example.com", null));
      String token = tokenMailedTo("secretive@example.com");

      assertFalse(appender.list.isEmpty());
      for (ILoggingEvent e : appender.list) {
        assertFalse(e.getFormattedMessage().contains(token), e.getFormattedMessage());
        assertFalse(e.getFormattedMessage().contains("secretive@"), e.getFormattedMessage());
      }
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void withoutAResetUrlTheMailCarriesTheToken() {
    UUID net = db.network("No link");
    PasswordResets bare = db.resets(new OutboxMailer(db.outbox()), new ResetOptions(Duration.ofMinutes(30), null),
        Clock.systemUTC());
    await(accounts.register(net, driver("bare@example.com")));
    await(bare.forgotPassword(net, "bare@example.com", null));
    mails("bare@example.com", 1);
    String body = await(db.pg.preparedQuery("SELECT body FROM mail_outbox WHERE recipient = $1")
        .execute(Tuple.of("bare@example.com"))).iterator().next().getString(0);
    Matcher m = Pattern.compile("\n\n([A-Za-z0-9_-]{43})\n").matcher(body);
    assertTrue(m.find(), body);
    await(bare.resetPassword(net, m.group(1), "new password 2"));
  }
}
