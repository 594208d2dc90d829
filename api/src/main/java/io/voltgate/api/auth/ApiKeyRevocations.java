package io.voltgate.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.RedisSubscription;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation of API keys on every API node at once, over the Redis channel
 * {@link RedisKeys#API_KEY_REVOCATIONS}: the node that revokes a key publishes its id; each HTTP
 * verticle follows the channel, evicts the key from its {@link ApiKeyAuth} cache and ends the key's
 * open event streams. The cache is trusted only while the subscription stands; after a
 * (re)subscription the streams still open are checked against Postgres, since revocations published
 * meanwhile were missed.
 */
public final class ApiKeyRevocations {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyRevocations.class);

  private final ApiKeyAuth auth;
  private final Consumer<UUID> endStreams;
  private final Supplier<Set<UUID>> openStreamKeys;
  private RedisSubscription subscription;

  private ApiKeyRevocations(ApiKeyAuth auth, Consumer<UUID> endStreams, Supplier<Set<UUID>> openStreamKeys) {
    this.auth = Objects.requireNonNull(auth);
    this.endStreams = Objects.requireNonNull(endStreams);
    this.openStreamKeys = Objects.requireNonNull(openStreamKeys);
  }

  /**
   * Announces a revoked key to every API node. Completes when Redis has passed the message to the
   * subscribers; fails when Redis is unreachable (then no node is subscribed either, so none trusts
   * its cache).
   */
  public static Future<Void> publish(Redis redis, UUID keyId) {
    return redis.send(Request.cmd(Command.PUBLISH).arg(RedisKeys.API_KEY_REVOCATIONS).arg(keyId.toString()))
        .mapEmpty();
  }

  /**
   * Follows revocations for one HTTP verticle; completes once subscribed, fails when Redis cannot
   * be reached.
   *
   * @param endStreams ends the open event streams of a revoked key
   * @param openStreamKeys the keys with event streams open on this verticle
   */
  public static Future<ApiKeyRevocations> follow(Vertx vertx, String redisUrl, ApiKeyAuth auth,
      Consumer<UUID> endStreams, Supplier<Set<UUID>> openStreamKeys) {
    ApiKeyRevocations r = new ApiKeyRevocations(auth, endStreams, openStreamKeys);
    return RedisSubscription.open(vertx, redisUrl, List.of(RedisKeys.API_KEY_REVOCATIONS), "api-key-revocations",
            r::onMessage, r::onSubscribed, auth::unsubscribed)
        .map(s -> {
          r.subscription = s;
          return r;
        });
  }

  private void onMessage(RedisSubscription.Message message) {
    UUID keyId;
    try {
      keyId = UUID.fromString(message.payload());
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring malformed api-key revocation message");
      return;
    }
    auth.evict(keyId);
    endStreams.accept(keyId);
  }

  private void onSubscribed() {
    auth.subscribed();
    Set<UUID> open = openStreamKeys.get();
    if (!open.isEmpty()) {
      auth.invalidAmong(open)
          .onSuccess(invalid -> invalid.forEach(endStreams))
          .onFailure(e -> LOG.warn("could not re-check the keys of open event streams: {}", e.getMessage()));
    }
  }

  public Future<Void> close() {
    return subscription == null ? Future.succeededFuture() : subscription.close();
  }
}
