package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.services.notifications.Mailer;
import io.voltgate.services.notifications.Mailers;
import io.voltgate.store.drivers.DriverRepository;
import io.voltgate.store.drivers.PasswordResetRepository;
import io.voltgate.store.drivers.RefreshTokenRepository;
import io.voltgate.store.drivers.SigningKeyRepository;
import io.voltgate.store.notifications.MailOutboxRepository;
import io.voltgate.store.security.SecretBox;
import io.voltgate.services.push.DriverPush;
import java.time.Clock;

/**
 * Driver identity as an HTTP verticle serves it: accounts, password resets, and the token service
 * with its signing keys (started before use, stopped with the verticle).
 */
public record DriverServices(DriverAccounts accounts, PasswordResets resets, DriverTokens tokens, SigningKeys keys,
    DriverPush push) {

  /** Hashing threads per verticle: Argon2id is memory-hard and slow on purpose, off the event loop. */
  private static final int HASH_THREADS = 2;

  /** Builds the services; {@link #start()} loads (or creates) the signing keys. */
  public static DriverServices create(Vertx vertx, Pool pg, Redis redis, SecretBox secrets, DriverOptions options,
      Clock clock) {
    SigningKeys keys = new SigningKeys(vertx, new SigningKeyRepository(pg), secrets, options.tokens(), clock);
    DriverTokens tokens = new DriverTokens(keys, new RefreshTokenRepository(pg), options.tokens(), clock);
    PasswordHasher hasher = new PasswordHasher(vertx, PasswordHasher.Params.DEFAULT, HASH_THREADS);
    DriverRepository drivers = new DriverRepository(pg);
    DriverAccounts accounts = new DriverAccounts(drivers, hasher, tokens, new LoginThrottle(redis, options.login()));
    Mailer mailer = Mailers.create(vertx, options.mail(), new MailOutboxRepository(pg));
    PasswordResets resets = new PasswordResets(drivers, new PasswordResetRepository(pg), hasher,
        new ResetMail(mailer, options.resets()), clock);
    return new DriverServices(accounts, resets, tokens, keys, DriverPush.create(vertx, pg, secrets, options.push(), clock));
  }

  /** Loads the token signing keys and the web-push VAPID keys (making them the first time). */
  public Future<Void> start() {
    return keys.start().compose(v -> push.start());
  }

  public void stop() {
    keys.stop();
    push.stop();
  }
}
