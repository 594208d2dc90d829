package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.voltgate.services.drivers.DriverAuthFailure.Reason;
import io.voltgate.store.drivers.RefreshTokenRepository;
import io.voltgate.store.drivers.RefreshTokenRepository.Rotation;
import io.voltgate.store.drivers.RefreshTokenRow;
import io.voltgate.store.drivers.StoredSigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Drivers' tokens. The access token is a JWT signed with the current {@link SigningKeys} key
 * ({@code kid} in its header), {@code aud} = the network id, {@code sub} = the driver id, {@code iss}
 * = the configured issuer, {@code exp} = issue time + {@link TokenOptions#accessTtl()}. The refresh
 * token is opaque (256 random bits), stored as SHA-256, and replaced on every use; a used one
 * presented again revokes its whole family.
 *
 * <p>Verification accepts only the algorithm recorded for the token's {@code kid}, so {@code none},
 * HMAC (the public key used as a secret) and a key of another algorithm are refused before any
 * signature is checked; expiry is checked against this class's {@link Clock}.
 */
public final class DriverTokens {

  // Longer than any token we sign; a bigger "token" is refused before it is decoded.
  private static final int MAX_TOKEN_CHARS = 4096;
  // A token "issued" further in the future than this comes from a wrong clock, not from us.
  private static final long MAX_CLOCK_SKEW_S = 60;

  private final SigningKeys keys;
  private final RefreshTokenRepository refreshTokens;
  private final TokenOptions options;
  private final Clock clock;

  public DriverTokens(SigningKeys keys, RefreshTokenRepository refreshTokens, TokenOptions options, Clock clock) {
    this.keys = Objects.requireNonNull(keys);
    this.refreshTokens = Objects.requireNonNull(refreshTokens);
    this.options = Objects.requireNonNull(options);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Completes with an access token and the first refresh token of a new family (a login). */
  public Future<IssuedTokens> issue(UUID networkId, UUID driverId) {
    Instant now = clock.instant();
    String refresh = OpaqueTokens.generate();
    RefreshTokenRow row = new RefreshTokenRow(UUID.randomUUID(), OpaqueTokens.hash(refresh), UUID.randomUUID(),
        driverId, networkId, now, now.plus(options.refreshTtl()));
    return refreshTokens.insert(row).map(v -> tokens(networkId, driverId, refresh, now));
  }

  /**
   * Spends {@code refreshToken} and completes with a new access token and its successor. Fails with
   * {@link Reason#REFRESH_TOKEN_REUSED} when it had been spent already (its family is then revoked,
   * the successor handed out with it included), else {@link Reason#INVALID_REFRESH_TOKEN} when it
   * is unknown in this network, expired or revoked, or its driver is gone.
   */
  public Future<IssuedTokens> refresh(UUID networkId, String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > MAX_TOKEN_CHARS) {
      return Future.failedFuture(new DriverAuthFailure(Reason.INVALID_REFRESH_TOKEN, "The refresh token is not valid."));
    }
    Instant now = clock.instant();
    String next = OpaqueTokens.generate();
    // Family and driver are the presented token's: the repository fills them in.
    RefreshTokenRow successor = new RefreshTokenRow(UUID.randomUUID(), OpaqueTokens.hash(next), new UUID(0, 0),
        new UUID(0, 0), networkId, now, now.plus(options.refreshTtl()));
    return refreshTokens.rotate(networkId, OpaqueTokens.hash(refreshToken.trim()), successor, now)
        .compose(outcome -> {
          if (outcome instanceof Rotation.Rotated rotated) {
            return Future.succeededFuture(tokens(networkId, rotated.driverId(), next, now));
          }
          if (outcome instanceof Rotation.Reused) {
            return Future.failedFuture(new DriverAuthFailure(Reason.REFRESH_TOKEN_REUSED,
                "The refresh token was already used; every session of this login is ended. Log in again."));
          }
          return Future.failedFuture(new DriverAuthFailure(Reason.INVALID_REFRESH_TOKEN, "The refresh token is not valid."));
        });
  }

  /**
   * Completes with the claims of {@code accessToken} (the bearer, without {@code Bearer }) when it is
   * ours, for {@code networkId} and not expired; fails with {@link Reason#INVALID_ACCESS_TOKEN}
   * otherwise.
   */
  public Future<DriverClaims> verify(UUID networkId, String accessToken) {
    Objects.requireNonNull(networkId);
    Optional<JsonObject> header = header(accessToken);
    if (header.isEmpty()) {
      return refused("malformed");
    }
    String kid = header.get().getString("kid");
    if (kid == null) {
      return refused("no kid");
    }
    Optional<StoredSigningKey> key = keys.ring().key(kid);
    if (key.isPresent()) {
      return verify(networkId, accessToken, header.get(), key.get());
    }
    return keys.reloadForUnknownKid().compose(reloaded -> {
      Optional<StoredSigningKey> fresh = reloaded ? keys.ring().key(kid) : Optional.empty();
      return fresh.isPresent() ? verify(networkId, accessToken, header.get(), fresh.get()) : refused("unknown kid");
    });
  }

  /** Seconds an access token lives: the {@code expiresIn} of every answer. */
  public long accessTokenSeconds() {
    return options.accessTtl().toSeconds();
  }

  private Future<DriverClaims> verify(UUID networkId, String token, JsonObject header, StoredSigningKey key) {
    // The header's alg must be the key's own: this is what refuses alg confusion (HS256 keyed with
    // our public key, an RS256 token under an EC kid) before any signature is computed.
    if (!key.alg().equals(header.getString("alg"))) {
      return refused("algorithm");
    }
    return keys.ring().verifier().authenticate(new TokenCredentials(token))
        .recover(e -> refused("signature"))
        .compose(user -> claims(networkId, user, key.kid()));
  }

  private Future<DriverClaims> claims(UUID networkId, User user, String kid) {
    JsonObject p = user.attributes().getJsonObject("accessToken");
    if (p == null || !(p.getValue("aud") instanceof String aud) || !aud.equals(networkId.toString())) {
      return refused("audience");
    }
    Long exp = number(p, "exp");
    Long iat = number(p, "iat");
    long now = clock.instant().getEpochSecond();
    if (exp == null || exp <= now) {
      return refused("expired");
    }
    if (iat != null && iat > now + MAX_CLOCK_SKEW_S) {
      return refused("issued in the future");
    }
    UUID driver;
    try {
      driver = UUID.fromString(p.getString("sub"));
    } catch (RuntimeException e) {
      return refused("subject");
    }
    return Future.succeededFuture(new DriverClaims(networkId, driver, kid, Instant.ofEpochSecond(exp)));
  }

  private IssuedTokens tokens(UUID networkId, UUID driverId, String refresh, Instant now) {
    KeyRing ring = keys.ring();
    JsonObject claims = new JsonObject()
        .put("iss", options.issuer())
        .put("sub", driverId.toString())
        .put("aud", networkId.toString())
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(options.accessTtl()).getEpochSecond())
        .put("jti", UUID.randomUUID().toString());
    // noTimestamp: iat and exp come from our Clock above, not from vertx-auth-jwt's system time.
    String access = ring.signer().generateToken(claims,
        new JWTOptions().setAlgorithm(ring.signingKey().alg()).setNoTimestamp(true));
    return new IssuedTokens(driverId, access, refresh, options.accessTtl().toSeconds());
  }

  private static Optional<JsonObject> header(String token) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Long number(JsonObject p, String name) {
    return p.getValue(name) instanceof Number n ? n.longValue() : null;
  }

  private static <T> Future<T> refused(String why) {
    return Future.failedFuture(new DriverAuthFailure(Reason.INVALID_ACCESS_TOKEN, "The access token is not valid (" + why + ")."));
  }
}
