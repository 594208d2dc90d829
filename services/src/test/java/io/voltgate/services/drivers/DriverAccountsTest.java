package io.voltgate.services.drivers;

import static io.voltgate.services.drivers.DriverBackends.await;
import static io.voltgate.services.drivers.DriverBackends.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voltgate.services.Refusal;
import io.voltgate.services.drivers.DriverAuthFailure.Reason;
import io.voltgate.store.drivers.AppToken;
import io.voltgate.store.pg.IdTokenRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Registration, login with throttling, refresh and profile against real Postgres and Redis. */
@Timeout(120)
class DriverAccountsTest {

  private static final LoginLimits LIMITS = new LoginLimits(3, 6, Duration.ofMinutes(15));

  @TempDir
  static Path dataDir;

  private static DriverBackends db;
  private static DriverTokens tokens;
  private static DriverAccounts accounts;

  @BeforeAll
  static void start() {
    db = DriverBackends.start(dataDir);
    SigningKeys keys = db.signingKeys(TokenOptions.defaults(), Clock.systemUTC());
    tokens = db.tokens(keys, TokenOptions.defaults(), Clock.systemUTC());
    accounts = db.accounts(tokens, LIMITS);
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  private static DriverRegistration maya(String email) {
    return new DriverRegistration(email, "correct horse battery", "Maya", "Rivera", "+17875551234", "123 Calle Sol",
        "San Juan", "PR", "00901", "us");
  }

  private static Refusal refusal(Throwable e) {
    return assertInstanceOf(Refusal.class, e);
  }

  private static Reason reason(Throwable e) {
    return assertInstanceOf(DriverAuthFailure.class, e).reason();
  }

  @Test
  void registrationAnswersASessionWithTheDriverAndTheirAppToken() {
    UUID net = db.network("Register");
    DriverSession s = await(accounts.register(net, maya("maya@example.com")));

    assertEquals("maya@example.com", s.driver().email());
    assertEquals("Maya", s.driver().firstName());
    assertEquals("Rivera", s.driver().lastName());
    assertTrue(s.driver().tokenUid().matches("[0-9A-F]{12}"), s.driver().tokenUid());
    assertEquals(3600, s.expiresIn());
    assertEquals(s.driver().id(), await(tokens.verify(net, s.accessToken())).driverId());

    DriverProfile me = await(accounts.me(net, s.driver().id()));
    assertEquals("+17875551234", me.phoneNumber());
    assertEquals("San Juan", me.city());
    assertEquals("PR", me.state());
    assertEquals("00901", me.postalCode());
    assertEquals("US", me.country());
    assertEquals(1, me.tokens().size());
    assertEquals(s.driver().tokenUid(), me.tokens().get(0).uid());
    assertEquals(AppToken.APP_USER, me.tokens().get(0).tokenType());
    assertTrue(db.count("SELECT count(*) FROM drivers WHERE id = $1 AND password_hash LIKE '$argon2id$v=19$%'",
        s.driver().id()) == 1, "the password is stored as an Argon2id hash");
  }

  @Test
  void theAppTokenAuthorizesAtTheNetworksChargersOnly() {
    UUID net = db.network("Authorize");
    UUID other = db.network("Elsewhere");
    String uid = await(accounts.register(net, maya("auth@example.com"))).driver().tokenUid();
    IdTokenRepository idTokens = new IdTokenRepository(db.pg, Clock.systemUTC());

    assertEquals("Accepted", await(idTokens.authorize(uid, net)).status());
    assertEquals("Invalid", await(idTokens.authorize(uid, other)).status());
  }

  @Test
  void anEmailIsUniquePerNetworkInAnyCase() {
    UUID net = db.network("Unique");
    UUID other = db.network("Unique too");
    await(accounts.register(net, maya("same@example.com")));

    Refusal r = refusal(failure(accounts.register(net, maya("  SAME@Example.com "))));
    assertEquals(Refusal.Kind.CONFLICT, r.kind());
    assertEquals("email_taken", r.code());
    DriverSession elsewhere = await(accounts.register(other, maya("same@example.com")));
    assertEquals(other, await(tokens.verify(other, elsewhere.accessToken())).networkId());
  }

  @Test
  void registrationRefusesMissingOrMalformedFields() {
    UUID net = db.network("Validation");
    assertEquals("email", refusal(failure(accounts.register(net, DriverRegistration.of("not-an-email", "long enough pw", "A", "B")))).field());
    assertEquals("password", refusal(failure(accounts.register(net, DriverRegistration.of("a@example.com", "short", "A", "B")))).field());
    assertEquals("firstName", refusal(failure(accounts.register(net, DriverRegistration.of("a@example.com", "long enough pw", " ", "B")))).field());
    assertEquals("lastName", refusal(failure(accounts.register(net, DriverRegistration.of("a@example.com", "long enough pw", "A", null)))).field());
    assertEquals("country", refusal(failure(accounts.register(net, new DriverRegistration("a@example.com", "long enough pw",
        "A", "B", null, null, null, null, null, "USA")))).field());
    assertEquals(0, db.count("SELECT count(*) FROM drivers WHERE network_id = $1", net));
  }

  @Test
  void loginAnswersTheSameForAWrongPasswordAndAnUnknownEmail() {
    UUID net = db.network("Login");
    DriverSession registered = await(accounts.register(net, maya("login@example.com")));

    DriverSession s = await(accounts.login(net, "Login@Example.com", "correct horse battery", "192.0.2.10"));
    assertEquals(registered.driver().id(), s.driver().id());
    assertEquals(registered.driver().tokenUid(), s.driver().tokenUid());
    assertNotEquals(registered.refreshToken(), s.refreshToken());
    DriverAuthFailure wrong = assertInstanceOf(DriverAuthFailure.class,
        failure(accounts.login(net, "login@example.com", "wrong password!", "192.0.2.10")));
    DriverAuthFailure unknown = assertInstanceOf(DriverAuthFailure.class,
        failure(accounts.login(net, "nobody@example.com", "wrong password!", "192.0.2.10")));
    assertEquals(Reason.INVALID_CREDENTIALS, wrong.reason());
    assertEquals(wrong.reason(), unknown.reason());
    assertEquals(wrong.getMessage(), unknown.getMessage());
    assertEquals(401, wrong.status());
  }

  @Test
  void anAccountOfOneNetworkCannotLogInThroughAnother() {
    UUID net = db.network("Home");
    UUID other = db.network("Foreign");
    DriverSession s = await(accounts.register(net, maya("isolated@example.com")));

    assertEquals(Reason.INVALID_CREDENTIALS, reason(failure(accounts.login(other, "isolated@example.com",
        "correct horse battery", "192.0.2.11"))));
    assertEquals(Reason.UNKNOWN_DRIVER, reason(failure(accounts.me(other, s.driver().id()))));
  }

  @Test
  void anAccountIsThrottledAfterRepeatedFailuresEvenWithTheRightPassword() {
    UUID net = db.network("Throttle account");
    await(accounts.register(net, maya("guessed@example.com")));
    for (int i = 0; i < LIMITS.maxFailuresPerAccount(); i++) {
      // Each from its own address: the account limit is what stops them.
      assertEquals(Reason.INVALID_CREDENTIALS, reason(failure(accounts.login(net, "guessed@example.com", "guess " + i + "xyz",
          "198.51.100." + i))));
    }

    DriverAuthFailure throttled = assertInstanceOf(DriverAuthFailure.class,
        failure(accounts.login(net, "guessed@example.com", "correct horse battery", "198.51.100.99")));
    assertEquals(Reason.TOO_MANY_ATTEMPTS, throttled.reason());
    assertEquals(429, throttled.status());
    assertTrue(throttled.retryAfterSeconds() > 0 && throttled.retryAfterSeconds() <= 900, "" + throttled.retryAfterSeconds());
    // Another account of the network is not affected.
    await(accounts.register(net, maya("bystander@example.com")));
    await(accounts.login(net, "bystander@example.com", "correct horse battery", "198.51.100.98"));
  }

  @Test
  void anAddressIsThrottledAfterFailuresAcrossAccounts() {
    UUID net = db.network("Throttle address");
    await(accounts.register(net, maya("victim@example.com")));
    String address = "203.0.113.7";
    for (int i = 0; i < LIMITS.maxFailuresPerAddress(); i++) {
      assertEquals(Reason.INVALID_CREDENTIALS, reason(failure(accounts.login(net, "spray" + i + "@example.com",
          "password123", address))));
    }

    assertEquals(Reason.TOO_MANY_ATTEMPTS, reason(failure(accounts.login(net, "victim@example.com", "correct horse battery", address))));
    await(accounts.login(net, "victim@example.com", "correct horse battery", "203.0.113.8"));
  }

  @Test
  void aSuccessfulLoginClearsTheAccountsFailures() {
    UUID net = db.network("Clear");
    await(accounts.register(net, maya("forgetful@example.com")));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < LIMITS.maxFailuresPerAccount() - 1; i++) {
        failure(accounts.login(net, "forgetful@example.com", "not it at all", "192.0.2." + (20 + round)));
      }
      await(accounts.login(net, "forgetful@example.com", "correct horse battery", "192.0.2." + (20 + round)));
    }
  }

  @Test
  void refreshAnswersNewTokensWithoutTheDriverBlock() {
    UUID net = db.network("Refresh");
    DriverSession s = await(accounts.register(net, maya("refresh@example.com")));

    DriverSession refreshed = await(accounts.refresh(net, s.refreshToken()));
    assertNull(refreshed.driver());
    assertEquals(3600, refreshed.expiresIn());
    assertEquals(s.driver().id(), await(tokens.verify(net, refreshed.accessToken())).driverId());
    assertEquals(Reason.REFRESH_TOKEN_REUSED, reason(failure(accounts.refresh(net, s.refreshToken()))));
    assertEquals(Reason.INVALID_REFRESH_TOKEN, reason(failure(accounts.refresh(net, refreshed.refreshToken()))));
  }

  @Test
  void aHashMadeWithOlderParametersIsUpgradedAtLogin() {
    UUID net = db.network("Rehash");
    DriverSession s = await(accounts.register(net, maya("rehash@example.com")));
    String weaker = PasswordHasher.encode("correct horse battery", new PasswordHasher.Params(512, 1, 1));
    await(db.pg.preparedQuery("UPDATE drivers SET password_hash = $1 WHERE id = $2")
        .execute(io.vertx.sqlclient.Tuple.of(weaker, s.driver().id())));

    await(accounts.login(net, "rehash@example.com", "correct horse battery", "192.0.2.30"));
    long deadline = System.currentTimeMillis() + 10_000;
    while (db.count("SELECT count(*) FROM drivers WHERE id = $1 AND password_hash LIKE '%m=1024,t=1,p=1%'", s.driver().id()) == 0) {
      assertTrue(System.currentTimeMillis() < deadline, "hash upgraded");
      Thread.onSpinWait();
    }
    await(accounts.login(net, "rehash@example.com", "correct horse battery", "192.0.2.30"));
  }
}
