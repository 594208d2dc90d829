package io.voltgate.api.control;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.store.query.ControlQueries;
import io.voltgate.store.redis.RedisKeys;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The charger a control request targets, looked up by its public UUID and confined to the key's
 * networks (another network's charger answers 404, like an unknown one). Its OCPP version is the one
 * its open connection speaks (Redis connection registry), else the one it last booted with: boot
 * info reaches Postgres in batches, a moment after the charger is answered.
 */
public record ChargerTarget(UUID id, UUID networkId, String chargePointId, String ocppVersion,
    String firmwareVersion, String serialNumber, String firmwareStatus, OffsetDateTime firmwareStatusAt) {

  public static Future<ChargerTarget> find(ControlQueries queries, Redis redis, ApiPrincipal p, UUID id) {
    return queries.charger(p.scope(), id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("Charger"));
      }
      ControlQueries.Charger c = found.get();
      return redis.send(Request.cmd(Command.HGET).arg(RedisKeys.connection(c.chargePointId())).arg("protocol"))
          .map(protocol -> version(protocol == null ? null : protocol.toString()))
          .otherwise((String) null)
          .map(live -> new ChargerTarget(c.id(), c.networkId(), c.chargePointId(),
              live != null ? live : c.ocppVersion(), c.firmwareVersion(), c.serialNumber(), c.firmwareStatus(),
              c.firmwareStatusAt()));
    });
  }

  /** "ocpp2.0.1" → "2.0.1", "ocpp1.6" → "1.6" (the subprotocol the connection negotiated). */
  private static String version(String subprotocol) {
    return subprotocol != null && subprotocol.startsWith("ocpp") ? subprotocol.substring(4) : null;
  }

  public boolean speaks201() {
    return "2.0.1".equals(ocppVersion);
  }
}
