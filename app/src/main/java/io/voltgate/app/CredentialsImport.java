package io.voltgate.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import io.vertx.redis.client.Redis;
import io.voltgate.store.Backends;
import io.voltgate.store.identity.ChargerChanges;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.pg.NetworkRepository;
import io.voltgate.store.pg.PgClients;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.security.ChargerPasswords;
import io.voltgate.store.security.CredentialsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code VOLTGATE_CHARGER_CREDENTIALS_FILE}: chargers' security profiles and passwords provisioned at
 * start. The file is read and passwords are bcrypt-hashed on the launcher thread ({@link #prepare}),
 * never on an event loop; {@link #apply} then upserts the chargers.
 */
final class CredentialsImport {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialsImport.class);

  private final String file;
  private final List<CredentialsFile.Entry> entries;
  private final List<String> hashes;

  private CredentialsImport(String file, List<CredentialsFile.Entry> entries, List<String> hashes) {
    this.file = file;
    this.entries = entries;
    this.hashes = hashes;
  }

  /** Reads and hashes (blocking). */
  static CredentialsImport prepare(Settings settings) {
    String file = settings.get(ConfigKey.CHARGER_CREDENTIALS_FILE).orElse(null);
    if (file == null) {
      return new CredentialsImport(null, List.of(), List.of());
    }
    List<CredentialsFile.Entry> entries = CredentialsFile.read(Path.of(file));
    List<String> hashes = new ArrayList<>();
    for (CredentialsFile.Entry e : entries) {
      hashes.add(e.password() == null ? null : ChargerPasswords.hash(e.password()));
    }
    return new CredentialsImport(file, entries, hashes);
  }

  /** Upserts the chargers' security settings; new chargers join the default network. */
  Future<?> apply(Vertx vertx, Backends backends) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Pool pg = PgClients.pool(vertx, backends.pgUrl(), 2);
    ChargerRepository chargers = new ChargerRepository(pg);
    return new NetworkRepository(pg).ensureDefault().compose(network -> {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        CredentialsFile.Entry e = entries.get(i);
        writes.add(chargers.provisionSecurity(e.chargePointId(), network, e.securityProfile(), hashes.get(i)));
      }
      return Future.all(writes);
    }).compose(ok -> {
      // Nodes already running (other processes) must not keep the old credentials cached.
      Redis redis = RedisClients.client(vertx, backends.redisUrl(), 1);
      return new ChargerChanges(redis).changed(entries.stream().map(CredentialsFile.Entry::chargePointId).toList())
          .eventually(redis::close);
    }).onSuccess(ok -> LOG.info("provisioned security of {} charger(s) from {}", entries.size(), file))
        .eventually(pg::close);
  }
}
