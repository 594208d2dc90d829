package io.voltgate.gateway.core;

import java.time.Clock;
import io.voltgate.store.pg.SessionRepository;
import io.voltgate.store.pg.IdTokenRepository;
import io.vertx.redis.client.Redis;
import io.voltgate.store.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.store.model.Authorization;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token authorisation at a charger of a network: Postgres is the truth, Redis caches answers for
 * {@link #CACHE_SECONDS} so a busy charger park does not query Postgres for every Authorize. The API
 * deletes {@code vg:idtoken:<token>} when it changes a token. A token of another network is
 * {@code Invalid}: the cached answer names the network it was given for and is used only there.
 */
public final class AuthorizationService {

  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationService.class);
  static final int CACHE_SECONDS = 60;

  private final Clock clock;
  private final SessionRepository sessions;
  private final IdTokenRepository idTokens;
  private final Redis redis;

  public AuthorizationService(Clock clock, SessionRepository sessions, IdTokenRepository idTokens, Redis redis) {
    this.clock = Objects.requireNonNull(clock);
    this.sessions = Objects.requireNonNull(sessions);
    this.idTokens = Objects.requireNonNull(idTokens);
    this.redis = Objects.requireNonNull(redis);
  }

  public static String cacheKey(String token) {
    return RedisKeys.idToken(token);
  }

  public Future<Authorization> authorize(UUID network, String token) {
    return redis.send(Request.cmd(Command.GET).arg(cacheKey(token)))
        .map(r -> r == null ? null : fromJson(new JsonObject(r.toString()), network))
        .otherwise(e -> {
          LOG.debug("token cache unavailable: {}", e.getMessage());
          return null;
        })
        .compose(cached -> cached != null ? Future.succeededFuture(cached)
            : idTokens.authorize(token, network).onSuccess(auth -> redis
                .send(Request.cmd(Command.SET).arg(cacheKey(token)).arg(toJson(auth, network).encode())
                    .arg("EX").arg(CACHE_SECONDS))
                .onFailure(e -> LOG.debug("token cache write failed: {}", e.getMessage()))))
        .map(this::checkExpiry)
        .onSuccess(auth -> {
          if (auth.accepted()) {
            // Not awaited: when a token was last used is for people reading the API, not for the charger.
            idTokens.touch(token, network).onFailure(e -> LOG.debug("last use of a token not recorded: {}", e.getMessage()));
          }
        });
  }

  /**
   * Authorisation of the token that started {@code session}: like {@link #authorize} but an accepted
   * token that already has another active session answers {@code ConcurrentTx}.
   */
  public Future<Authorization> authorizeStart(UUID network, String token, UUID session) {
    return authorize(network, token).compose(auth -> !auth.accepted() ? Future.succeededFuture(auth)
        : sessions.countOtherActiveByToken(token, session).map(active -> active > 0
            ? new Authorization("ConcurrentTx", auth.parentToken(), auth.groupToken(), auth.expiresAt())
            : auth));
  }

  private Authorization checkExpiry(Authorization a) {
    if (a.accepted() && a.expiresAt() != null && a.expiresAt().isBefore(clock.instant())) {
      return new Authorization("Expired", a.parentToken(), a.groupToken(), a.expiresAt());
    }
    return a;
  }

  private static JsonObject toJson(Authorization a, UUID network) {
    return new JsonObject().put("network", network.toString()).put("status", a.status()).put("parent", a.parentToken())
        .put("group", a.groupToken()).put("expires", a.expiresAt() == null ? null : a.expiresAt().toString());
  }

  /** The cached answer, or null (a miss) when it was given at another network's charger. */
  private static Authorization fromJson(JsonObject j, UUID network) {
    if (!network.toString().equals(j.getString("network"))) {
      return null;
    }
    String expires = j.getString("expires");
    return new Authorization(j.getString("status"), j.getString("parent"), j.getString("group"),
        expires == null ? null : Instant.parse(expires));
  }
}
