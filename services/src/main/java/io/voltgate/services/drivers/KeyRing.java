package io.voltgate.services.drivers;

import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.voltgate.store.drivers.StoredSigningKey;
import io.voltgate.store.security.SecretBox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One immutable set of keys: the signing key and every key that may still verify. Two providers,
 * so signing can only ever use the current key (vertx-auth-jwt picks among all private keys of an
 * algorithm at random) and verifying holds no private key at all.
 */
final class KeyRing {

  private final StoredSigningKey signing;
  private final JWTAuth signer;
  private final JWTAuth verifier;
  private final Map<String, StoredSigningKey> byKid;

  private KeyRing(StoredSigningKey signing, JWTAuth signer, JWTAuth verifier, Map<String, StoredSigningKey> byKid) {
    this.signing = signing;
    this.signer = signer;
    this.verifier = verifier;
    this.byKid = byKid;
  }

  /** From the stored keys, newest first; the first unretired one signs. */
  static KeyRing of(Vertx vertx, List<StoredSigningKey> keys, SecretBox box, String issuer) {
    StoredSigningKey signing = keys.stream().filter(k -> k.retiredAt() == null).findFirst()
        .orElseThrow(() -> new IllegalStateException("no driver signing key"));
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(signing.alg()).setId(signing.kid())
            .setBuffer(box.open(signing.privateKeySealed()))));
    JWTAuthOptions verifying = new JWTAuthOptions()
        // Expiry is checked against our Clock by DriverTokens, the audience per request there too.
        .setJWTOptions(new JWTOptions().setIssuer(issuer).setIgnoreExpiration(true));
    keys.stream().filter(k -> TokenOptions.ALGORITHMS.contains(k.alg())).forEach(k -> verifying.addPubSecKey(
        new PubSecKeyOptions().setAlgorithm(k.alg()).setId(k.kid()).setBuffer(k.publicKeyPem())));
    Map<String, StoredSigningKey> byKid = keys.stream()
        .filter(k -> TokenOptions.ALGORITHMS.contains(k.alg()))
        .collect(Collectors.toUnmodifiableMap(StoredSigningKey::kid, Function.identity()));
    return new KeyRing(signing, signer, JWTAuth.create(vertx, verifying), byKid);
  }

  StoredSigningKey signingKey() {
    return signing;
  }

  JWTAuth signer() {
    return signer;
  }

  JWTAuth verifier() {
    return verifier;
  }

  /** The key with this id, if it may verify. */
  Optional<StoredSigningKey> key(String kid) {
    return Optional.ofNullable(kid == null ? null : byKid.get(kid));
  }

  boolean sameKeys(List<StoredSigningKey> keys) {
    return !keys.isEmpty() && keys.size() == byKid.size() && keys.get(0).kid().equals(signing.kid())
        && keys.stream().allMatch(k -> byKid.containsKey(k.kid()) && sameRetirement(byKid.get(k.kid()).retiredAt(), k.retiredAt()));
  }

  private static boolean sameRetirement(Instant a, Instant b) {
    return a == null ? b == null : a.equals(b);
  }
}
