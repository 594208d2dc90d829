package io.voltgate.store.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.voltgate.store.model.ChargerRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's cache of charger identities (chargePointId → charger, or "no such charger") and of
 * the last Basic-auth credential verified per charger. Thread-safe (Caffeine) and shared by the
 * gateway verticles of one process: a charger that reconnects on another event loop is still a hit.
 *
 * <p>Known chargers and unknown ids live in two caches, so a stream of unknown ids can never evict a
 * known charger. Known chargers expire after {@code ttl} unless refreshed (the periodic resync of
 * {@code ChargerChangesVerticle} refreshes them well before), unknown ids after {@code negativeTtl}.
 *
 * <p><b>Authoritative.</b> Once the whole live fleet has been loaded and fits the bound, and as long
 * as every change is followed ({@code vg:chargers:changed}), an id that is not cached is an id with no
 * charger: {@link #get} answers "unknown" without any I/O. Authority is lost (misses go back to
 * Redis/Postgres) the moment an entry is evicted for size or expires (the cache then no longer holds
 * the whole fleet), or the change subscription is re-established ({@link #invalidateAll}); the next
 * complete resync restores it. An id whose change was announced but not yet reloaded is
 * {@linkplain #reloading(String) reloading}: neither hit nor authoritative miss.
 *
 * <p>A verified credential is remembered as an HMAC, never as the password, and is dropped whenever
 * the charger changes (e.g. a rotation). The HMAC key is the deployment's (derived from its secret key,
 * so {@link VerifiedCredentials} can share digests with other nodes and with this node after a restart
 * through Redis), or a random key of this process's when none is given.
 */
public final class IdentityCache {

  private final Cache<String, ChargerRecord> known;
  private final Cache<String, Boolean> unknown;
  private final Cache<String, String> verified;
  private final Set<String> reloading = ConcurrentHashMap.newKeySet();
  private final long maximumSize;
  private final CredentialDigest digests;
  private volatile boolean authoritative;

  public IdentityCache(long maximumSize, Duration ttl, Duration negativeTtl) {
    this(maximumSize, ttl, negativeTtl, CredentialDigest.processLocal());
  }

  /** @param digests the keyed digests of verified credentials (the deployment's key, see the class comment) */
  public IdentityCache(long maximumSize, Duration ttl, Duration negativeTtl, CredentialDigest digests) {
    this.maximumSize = maximumSize;
    this.known = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterWrite(ttl)
        // Runs on the writing thread: the very eviction that makes the cache incomplete ends its authority.
        .evictionListener((String cp, ChargerRecord c, RemovalCause cause) -> authoritative = false)
        .build();
    this.unknown = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(negativeTtl).build();
    this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
    this.digests = java.util.Objects.requireNonNull(digests);
  }


  /**
   * The cached answer: a charger, {@code Optional.empty()} for an id known to have none (remembered, or
   * an authoritative miss), null when the backends must be asked.
   */
  @SuppressWarnings("OptionalAssignedToNull")
  public Optional<ChargerRecord> get(String chargePointId) {
    ChargerRecord hit = known.getIfPresent(chargePointId);
    if (hit != null) {
      return Optional.of(hit);
    }
    if (reloading.contains(chargePointId)) {
      return null;
    }
    if (unknown.getIfPresent(chargePointId) != null || authoritative) {
      return Optional.empty();
    }
    return null;
  }

  public void put(String chargePointId, Optional<ChargerRecord> charger) {
    if (charger.isPresent()) {
      unknown.invalidate(chargePointId);
      known.put(chargePointId, charger.get());
    } else {
      known.invalidate(chargePointId);
      unknown.put(chargePointId, Boolean.TRUE);
    }
  }

  /**
   * Forgets the charger and its verified credential (it changed somewhere in the deployment) and
   * marks it {@linkplain #reloading(String) reloading} until {@link #reloaded} brings the new state.
   */
  public void changed(String chargePointId) {
    reloading.add(chargePointId);
    invalidate(chargePointId);
  }

  /** The state read from Postgres after a change: cached, and no longer reloading. */
  public void reloaded(String chargePointId, Optional<ChargerRecord> charger) {
    put(chargePointId, charger);
    reloading.remove(chargePointId);
  }

  /** True between a change notice and the reload of the charger. */
  public boolean reloading(String chargePointId) {
    return reloading.contains(chargePointId);
  }

  /** Forgets the charger and its verified credential. */
  public void invalidate(String chargePointId) {
    known.invalidate(chargePointId);
    unknown.invalidate(chargePointId);
    verified.invalidate(chargePointId);
  }

  /** Forgets everything (invalidations may have been missed, e.g. while the subscription was down). */
  public void invalidateAll() {
    authoritative = false;
    known.invalidateAll();
    unknown.invalidateAll();
    verified.invalidateAll();
    reloading.clear();
  }

  /** Called after a complete load of the live fleet of {@code fleetSize} chargers. */
  public void fleetLoaded(long fleetSize) {
    // Headroom for registrations until the next resync; an eviction would end the authority anyway.
    authoritative = fleetSize < maximumSize / 2;
  }

  /** Misses answered "unknown" without I/O (see the class comment). */
  public boolean authoritative() {
    return authoritative;
  }

  /** The ids of the known chargers cached now (for reconciling against a full load). */
  public Set<String> knownIds() {
    return Set.copyOf(known.asMap().keySet());
  }

  /** True when this exact (stored hash, password) pair was verified before for the charger. */
  public boolean wasVerified(String chargePointId, String passwordHash, String password) {
    String seen = verified.getIfPresent(chargePointId);
    return seen != null && seen.equals(credentialDigest(passwordHash, password));
  }

  /** Remembers a verified credential by its {@linkplain #credentialDigest digest}. */
  public void rememberVerified(String chargePointId, String digest) {
    verified.put(chargePointId, digest);
  }

  /** Known chargers plus remembered unknown ids. */
  public long size() {
    return known.estimatedSize() + unknown.estimatedSize();
  }

  /**
   * The keyed digest of a (stored hash, password) pair: equal digests mean the same password checked
   * against the same stored hash; a rotated password has another hash, so no old digest matches it.
   */
  public String credentialDigest(String passwordHash, String password) {
    return digests.of(passwordHash, password);
  }
}
