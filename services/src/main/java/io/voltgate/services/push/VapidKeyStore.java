package io.voltgate.services.push;

import com.interaso.webpush.VapidKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.voltgate.store.drivers.VapidKeyRepository;
import io.voltgate.store.drivers.VapidKeyRepository.StoredVapidKeys;
import io.voltgate.store.security.SecretBox;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment's VAPID key pair (P-256): made once, by whichever node needs it first, and kept in
 * Postgres with the private key sealed by the {@link SecretBox} (as the driver token keys are).
 * Browsers bind a subscription to the public key it was made with, so the pair is never rotated
 * automatically: a new pair would silently orphan every subscription.
 */
final class VapidKeyStore {

  private static final Logger LOG = LoggerFactory.getLogger(VapidKeyStore.class);

  private final Vertx vertx;
  private final VapidKeyRepository repository;
  private final SecretBox box;

  VapidKeyStore(Vertx vertx, VapidKeyRepository repository, SecretBox box) {
    this.vertx = Objects.requireNonNull(vertx);
    this.repository = Objects.requireNonNull(repository);
    this.box = Objects.requireNonNull(box);
  }

  /** The stored pair; makes and stores one first when there is none. */
  Future<VapidKeys> load() {
    return repository.stored()
        .compose(found -> found != null ? Future.succeededFuture(found) : generate().compose(repository::keepFirst))
        // Parsing and unsealing are CPU work: off the event loop.
        .compose(stored -> vertx.executeBlocking(() -> VapidKeys.create(stored.publicKey(),
            box.open(stored.privateKeySealed())), false))
        .onSuccess(keys -> LOG.info("event=vapid_keys_loaded applicationServerKey={}", applicationServerKey(keys)));
  }

  /** The public key as browsers take it ({@code applicationServerKey}): uncompressed point, base64url. */
  static String applicationServerKey(VapidKeys keys) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
  }

  private Future<StoredVapidKeys> generate() {
    return vertx.executeBlocking(() -> {
      VapidKeys pair = VapidKeys.generate();
      return new StoredVapidKeys(pair.getX509PublicKey(), box.seal(pair.getPkcs8PrivateKey()));
    }, false);
  }
}
