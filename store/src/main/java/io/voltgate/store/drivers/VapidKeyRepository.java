package io.voltgate.store.drivers;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;

/**
 * The deployment's one VAPID key pair for web push ({@code push_vapid_keys}). The first node to
 * store a pair wins; every node then uses the stored one, so subscriptions made against its public
 * key stay valid across nodes and restarts.
 */
public final class VapidKeyRepository {

  /**
   * The stored pair.
   *
   * @param publicKey the public key as the Web Push library exports it (X.509, base64)
   * @param privateKeySealed the private key (PKCS #8, base64) sealed with the deployment's SecretBox
   */
  public record StoredVapidKeys(String publicKey, String privateKeySealed) {
  }

  private final Pool pg;

  public VapidKeyRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Stores the candidate unless a pair is stored already; completes with the pair in use. */
  public Future<StoredVapidKeys> keepFirst(StoredVapidKeys candidate) {
    return pg.preparedQuery("INSERT INTO push_vapid_keys (id, public_key, private_key_sealed) VALUES (1, $1, $2)"
            + " ON CONFLICT (id) DO NOTHING")
        .execute(Tuple.of(candidate.publicKey(), candidate.privateKeySealed()))
        .compose(v -> stored())
        .map(found -> {
          if (found == null) {
            throw new IllegalStateException("VAPID keys missing right after they were stored");
          }
          return found;
        });
  }

  /** The stored pair, or null when none was made yet. */
  public Future<StoredVapidKeys> stored() {
    return pg.preparedQuery("SELECT public_key, private_key_sealed FROM push_vapid_keys WHERE id = 1").execute()
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new StoredVapidKeys(r.getString("public_key"), r.getString("private_key_sealed"));
        });
  }
}
