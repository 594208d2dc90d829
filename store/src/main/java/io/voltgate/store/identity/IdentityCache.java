package io.voltgate.store.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.voltgate.store.model.ChargerRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The process's cache of charger identities (chargePointId → charger, or "no such charger") and of
 * the last Basic-auth credential verified per charger. Thread-safe (Caffeine) and shared by the
 * gateway verticles of one process: a charger that reconnects on another event loop is still a hit.
 *
 * <p>Bounded in size. Known chargers expire after {@code ttl} (a safety net should an invalidation
 * message be lost), unknown ids after {@code negativeTtl} (they are also invalidated when a charger
 * is created). A verified credential is remembered as an HMAC under a key that lives only in this
 * process, never as the password, and is dropped whenever the charger changes (e.g. a rotation).
 */
public final class IdentityCache {

  private final Cache<String, Optional<ChargerRecord>> chargers;
  private final Cache<String, String> verified;
  private final SecretKeySpec macKey;

  public IdentityCache(long maximumSize, Duration ttl, Duration negativeTtl) {
    long ttlNanos = ttl.toNanos();
    long negativeNanos = negativeTtl.toNanos();
    this.chargers = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfter(new Expiry<String, Optional<ChargerRecord>>() {
          @Override
          public long expireAfterCreate(String key, Optional<ChargerRecord> value, long currentTime) {
            return value.isPresent() ? ttlNanos : negativeNanos;
          }

          @Override
          public long expireAfterUpdate(String key, Optional<ChargerRecord> value, long currentTime,
              long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
          }

          @Override
          public long expireAfterRead(String key, Optional<ChargerRecord> value, long currentTime,
              long currentDuration) {
            return currentDuration;
          }
        })
        .build();
    this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.macKey = new SecretKeySpec(key, "HmacSHA256");
  }

  /** The cached answer: a charger, {@code Optional.empty()} for a known-unknown id, null when not cached. */
  @SuppressWarnings("OptionalAssignedToNull")
  public Optional<ChargerRecord> get(String chargePointId) {
    return chargers.getIfPresent(chargePointId);
  }

  public void put(String chargePointId, Optional<ChargerRecord> charger) {
    chargers.put(chargePointId, charger);
  }

  /** Forgets the charger and its verified credential (it changed somewhere in the deployment). */
  public void invalidate(String chargePointId) {
    chargers.invalidate(chargePointId);
    verified.invalidate(chargePointId);
  }

  /** Forgets that the id was unknown (a charger with it was just created); a known charger stays. */
  public void forgetUnknown(String chargePointId) {
    chargers.asMap().computeIfPresent(chargePointId, (k, v) -> v.isEmpty() ? null : v);
  }

  /** Forgets everything (invalidations may have been missed, e.g. while the subscription was down). */
  public void invalidateAll() {
    chargers.invalidateAll();
    verified.invalidateAll();
  }

  /** True when this exact (stored hash, password) pair was verified before for the charger. */
  public boolean wasVerified(String chargePointId, String passwordHash, String password) {
    String seen = verified.getIfPresent(chargePointId);
    return seen != null && seen.equals(credentialMac(passwordHash, password));
  }

  public void rememberVerified(String chargePointId, String passwordHash, String password) {
    verified.put(chargePointId, credentialMac(passwordHash, password));
  }

  public long size() {
    return chargers.estimatedSize();
  }

  private String credentialMac(String passwordHash, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(macKey);
      mac.update(passwordHash.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
