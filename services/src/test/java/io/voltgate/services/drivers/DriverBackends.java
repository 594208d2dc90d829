package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.voltgate.store.drivers.DriverRepository;
import io.voltgate.store.drivers.PasswordResetRepository;
import io.voltgate.store.drivers.RefreshTokenRepository;
import io.voltgate.store.drivers.SigningKeyRepository;
import io.voltgate.store.notifications.MailOutboxRepository;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.security.SecretBox;
import io.voltgate.services.notifications.Mailer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real embedded Postgres (migrated) and Redis for one test class, and the driver services wired on
 * them as the composition root would.
 */
final class DriverBackends implements AutoCloseable {

  // Cheaper than production so the suite stays quick; PasswordHasherTest covers the defaults.
  static final PasswordHasher.Params TEST_PARAMS = new PasswordHasher.Params(1024, 1, 1);

  final Backends backends;
  final Vertx vertx;
  final Pool pg;
  final Redis redis;
  final SecretBox box;

  private DriverBackends(Backends backends, Vertx vertx) {
    this.backends = backends;
    this.vertx = vertx;
    this.pg = backends.pgPool(vertx);
    this.redis = RedisClients.client(vertx, backends.redisUrl(), 4);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.box = SecretBox.load(Base64.getEncoder().encodeToString(key), Path.of("unused"));
  }

  static DriverBackends start(Path dataDir) {
    Backends b = Backends.start(new BackendOptions(Optional.empty(), Optional.empty(), dataDir, 0, 0, 8, 4, 10_000, false));
    return new DriverBackends(b, Vertx.vertx());
  }

  UUID network(String name) {
    UUID id = UUID.randomUUID();
    await(pg.preparedQuery("INSERT INTO networks (id, name) VALUES ($1, $2)").execute(Tuple.of(id, name)));
    return id;
  }

  SigningKeys signingKeys(TokenOptions options, Clock clock) {
    SigningKeys keys = new SigningKeys(vertx, new SigningKeyRepository(pg), box, options, clock);
    await(keys.start());
    return keys;
  }

  DriverTokens tokens(SigningKeys keys, TokenOptions options, Clock clock) {
    return new DriverTokens(keys, new RefreshTokenRepository(pg), options, clock);
  }

  PasswordHasher hasher() {
    return new PasswordHasher(vertx, TEST_PARAMS, 2);
  }

  DriverAccounts accounts(DriverTokens tokens, LoginLimits limits) {
    return new DriverAccounts(new DriverRepository(pg), hasher(), tokens, new LoginThrottle(redis, limits));
  }

  PasswordResets resets(Mailer mailer, ResetOptions options, Clock clock) {
    return new PasswordResets(new DriverRepository(pg), new PasswordResetRepository(pg), hasher(),
        new ResetMail(mailer, options), clock);
  }

  MailOutboxRepository outbox() {
    return new MailOutboxRepository(pg);
  }

  long count(String sql, Object... params) {
    return await(pg.preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure of {@code f}, which must fail. */
  static Throwable failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure, got a success");
  }

  @Override
  public void close() {
    try {
      await(pg.close());
      redis.close();
      await(vertx.close());
    } finally {
      backends.close();
    }
  }
}
