package io.voltgate.api.control;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
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

  public static Future<ChargerTarget> find(Pool pg, Redis redis, ApiPrincipal p, UUID id) {
    return pg.preparedQuery("SELECT id, network_id, charge_point_id, ocpp_version, firmware_version,"
            + " COALESCE(serial_number, charge_box_serial_number) AS serial, firmware_status, firmware_status_at"
            + " FROM chargers WHERE id = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Charger"));
          }
          Row r = rows.iterator().next();
          if (!p.sees(r.getUUID("network_id"))) {
            return Future.failedFuture(ApiException.notFound("Charger"));
          }
          String cp = r.getString("charge_point_id");
          return redis.send(Request.cmd(Command.HGET).arg(RedisKeys.connection(cp)).arg("protocol"))
              .map(protocol -> version(protocol == null ? null : protocol.toString()))
              .otherwise((String) null)
              .map(live -> new ChargerTarget(r.getUUID("id"), r.getUUID("network_id"), cp,
                  live != null ? live : r.getString("ocpp_version"), r.getString("firmware_version"),
                  r.getString("serial"), r.getString("firmware_status"), r.getOffsetDateTime("firmware_status_at")));
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
