package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.voltgate.store.identity.ChargerChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a committed charger change to the gateway nodes (identity caches, open sockets). The
 * change itself is already durable: if Redis cannot take the notice the request still succeeds, and
 * the nodes' caches catch up when their entries expire.
 */
final class ChargerChangeNotice {

  private static final Logger LOG = LoggerFactory.getLogger(ChargerChangeNotice.class);

  private ChargerChangeNotice() {
  }

  /** A charger was created (only "unknown" answers cached for its id are stale). */
  static Future<Void> created(Redis redis, String chargePointId) {
    return tolerant(new ChargerChanges(redis).created(chargePointId), chargePointId);
  }

  /** A charger changed or was deleted. */
  static Future<Void> changed(Redis redis, String chargePointId) {
    if (chargePointId == null) {
      return Future.succeededFuture();
    }
    return tolerant(new ChargerChanges(redis).changed(chargePointId), chargePointId);
  }

  private static Future<Void> tolerant(Future<Void> notice, String chargePointId) {
    return notice.recover(e -> {
      LOG.warn("change of charger {} not announced to the gateways (Redis: {}); their caches expire on their own",
          chargePointId, e.getMessage());
      return Future.succeededFuture();
    });
  }
}
