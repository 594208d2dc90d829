package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.voltgate.store.drivers.SigningKeyRepository;
import io.voltgate.store.drivers.StoredSigningKey;
import io.voltgate.store.security.SecretBox;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access-token keys of every API node, kept in Postgres: each node loads them at start and
 * every {@link #REFRESH_PERIOD}, makes a new signing key when the current one is older than
 * {@link TokenOptions#keyRotation()} (one node wins, under a Postgres lock), and keeps verifying
 * with a retired key until the last token it may have signed has expired.
 */
public final class SigningKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  /** How often a node reloads the keys (and so picks up another node's rotation). */
  static final Duration REFRESH_PERIOD = Duration.ofSeconds(60);
  // A node may sign with a just-retired key until its next reload: keep that key this much longer.
  private static final Duration RETIRED_MARGIN = REFRESH_PERIOD.multipliedBy(3);
  // An unknown kid may be a key another node just made: reload, but not more often than this.
  private static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(5);
  private static final DateTimeFormatter KID_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final SigningKeyRepository repository;
  private final SecretBox box;
  private final TokenOptions options;
  private final Clock clock;
  private final AtomicReference<KeyRing> ring = new AtomicReference<>();
  private volatile Instant lastLoad = Instant.EPOCH;
  private volatile long timer = -1;

  public SigningKeys(Vertx vertx, SigningKeyRepository repository, SecretBox box, TokenOptions options, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx);
    this.repository = Objects.requireNonNull(repository);
    this.box = Objects.requireNonNull(box);
    this.options = Objects.requireNonNull(options);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Loads the keys (making the first one if there is none) and reloads them periodically. */
  public Future<Void> start() {
    return refresh().onSuccess(v -> timer = vertx.setPeriodic(REFRESH_PERIOD.toMillis(), id -> refresh()
        .onFailure(e -> LOG.warn("event=driver_keys_refresh_failed error={}", e.toString()))));
  }

  /** Stops the periodic reload. */
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Rotates when the signing key is due (or there is none), deletes keys that can no longer verify
   * anything, and loads what is usable.
   */
  public Future<Void> refresh() {
    Instant now = clock.instant();
    return repository.usable(verifiesUntil(now))
        .compose(keys -> due(keys, now) ? rotate(now.minus(options.keyRotation())) : Future.succeededFuture())
        .compose(v -> repository.deleteRetiredBefore(verifiesUntil(now)))
        .compose(v -> load());
  }

  /**
   * Makes a new signing key now, whatever the age of the current one (a suspected leak, a test);
   * the previous keys keep verifying what they signed.
   */
  public Future<Void> rotateNow() {
    return rotate(clock.instant().plus(Duration.ofDays(1))).compose(v -> load());
  }

  /** The keys loaded last; fails if {@link #start()} has not completed. */
  KeyRing ring() {
    KeyRing r = ring.get();
    if (r == null) {
      throw new IllegalStateException("driver signing keys not loaded: SigningKeys.start() first");
    }
    return r;
  }

  /** Reloads if the last load is older than a few seconds (an unknown kid may be brand new). */
  Future<Boolean> reloadForUnknownKid() {
    if (Duration.between(lastLoad, clock.instant()).compareTo(UNKNOWN_KID_RELOAD) < 0) {
      return Future.succeededFuture(false);
    }
    return load().map(true);
  }

  private Future<Void> load() {
    Instant now = clock.instant();
    lastLoad = now;
    return repository.usable(verifiesUntil(now)).map(keys -> {
      KeyRing current = ring.get();
      if (current == null || !current.sameKeys(keys)) {
        KeyRing next = KeyRing.of(vertx, keys, box, options.issuer());
        ring.set(next);
        LOG.info("event=driver_keys_loaded signing={} alg={} verifying={}", next.signingKey().kid(),
            next.signingKey().alg(), keys.size());
      }
      return null;
    });
  }

  private boolean due(List<StoredSigningKey> keys, Instant now) {
    return keys.stream().filter(k -> k.retiredAt() == null).findFirst()
        .map(k -> !k.alg().equals(options.algorithm()) || !k.createdAt().plus(options.keyRotation()).isAfter(now))
        .orElse(true);
  }

  /** Retired keys at or after this instant still verify. */
  private Instant verifiesUntil(Instant now) {
    return now.minus(options.accessTtl()).minus(RETIRED_MARGIN);
  }

  private Future<Void> rotate(Instant dueBefore) {
    Instant now = clock.instant();
    // Key generation is CPU work (RSA especially): never on the event loop.
    return vertx.executeBlocking(() -> generate(options.algorithm(), now), false)
        .compose(candidate -> repository.rotateIfDue(candidate, dueBefore).map(made -> {
          if (made) {
            LOG.info("event=driver_key_rotated kid={} alg={}", candidate.kid(), candidate.alg());
          }
          return null;
        }));
  }

  private StoredSigningKey generate(String alg, Instant now) throws Exception {
    KeyPairGenerator generator;
    if ("ES256".equals(alg)) {
      generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    } else {
      generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
    }
    KeyPair pair = generator.generateKeyPair();
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    String kid = KID_DATE.format(now) + "-" + HexFormat.of().formatHex(suffix);
    return new StoredSigningKey(kid, alg, pem("PUBLIC KEY", pair.getPublic().getEncoded()),
        box.seal(pem("PRIVATE KEY", pair.getPrivate().getEncoded())), now, null);
  }

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + kind + "-----\n";
  }
}
