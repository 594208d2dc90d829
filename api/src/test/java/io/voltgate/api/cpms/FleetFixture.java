package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.List;
import java.util.UUID;

/** Test data for the fleet endpoints: a network with a key confined to it, made over HTTP where possible. */
final class FleetFixture {

  static final List<String> FLEET_SCOPES = List.of("cpms:locations:read", "cpms:locations:write",
      "cpms:chargers:read", "cpms:chargers:write", "cpms:settings:read", "cpms:settings:write",
      "cpms:team:read", "cpms:team:write", "cpms:firmware:read", "cpms:firmware:write");

  final ApiTestServer api;
  final UUID network;
  final String key;

  FleetFixture(ApiTestServer api, String name) {
    this.api = api;
    this.network = api.network(name);
    this.key = api.key(List.of(network), FLEET_SCOPES);
  }

  /** A unique charge point id. */
  static String uid() {
    return "CP-" + UUID.randomUUID().toString().substring(0, 12);
  }

  UUID location(String name) {
    Result r = api.post("/cpms/v1/locations", key, new JsonObject().put("name", name));
    assertEquals(201, r.status(), r.raw());
    return UUID.fromString(r.data().getString("id"));
  }

  JsonObject charger(JsonObject body) {
    Result r = api.post("/cpms/v1/chargers", key, body);
    assertEquals(201, r.status(), r.raw());
    return r.data();
  }

  JsonObject charger(String uid) {
    return charger(new JsonObject().put("serial", uid));
  }

  UUID connector(UUID charger, JsonObject body) {
    Result r = api.post("/cpms/v1/chargers/" + charger + "/connectors", key, body);
    assertEquals(201, r.status(), r.raw());
    return UUID.fromString(r.data().getString("id"));
  }

  /** The gateway's connection registry entry, as a connected charger has it. */
  void connected(String cp, long lastSeenMs, Long lastHeartbeatMs) {
    Request hset = Request.cmd(Command.HSET).arg("vg:{cp:" + cp + "}:conn").arg("node").arg("test-node")
        .arg("connId").arg("c1").arg("protocol").arg("ocpp1.6").arg("lastSeen").arg(lastSeenMs);
    if (lastHeartbeatMs != null) {
      hset.arg("lastHeartbeat").arg(lastHeartbeatMs);
    }
    ApiTestServer.await(api.redis.send(hset));
  }

  /** A status the charger reported, as the gateway writes it ("0" or "evse/connector"). */
  void reported(String cp, String field, String status) {
    JsonObject value = new JsonObject().put("status", status).put("errorCode", "NoError").put("ts", "2026-06-19T18:42:07Z");
    ApiTestServer.await(api.redis.send(Request.cmd(Command.HSET).arg("vg:{cp:" + cp + "}:status").arg(field).arg(value.encode())));
  }

  /** An ACTIVE charging session on a charger's EVSE, as the gateway stores it. */
  void activeSession(UUID charger, UUID connector, int evse) {
    ApiTestServer.await(api.pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, connector_pk, evse_id,"
            + " connector_id, ocpp_version, transaction_ref, started_at) VALUES ($1, $2, $3, $4, $5, 1, '1.6', $6, now())")
        .execute(Tuple.of(UUID.randomUUID(), network, charger, connector, evse, UUID.randomUUID().toString())));
  }

  /** A tariff assigned to a charger or connector; returns the assignment id. */
  UUID assignment(String scopeType, UUID scopeId) {
    UUID tariff = UUID.randomUUID();
    UUID id = UUID.randomUUID();
    ApiTestServer.await(api.pg.preparedQuery("INSERT INTO tariffs (id, network_id, name, currency) VALUES ($1, $2, 't', 'EUR')")
        .execute(Tuple.of(tariff, network)));
    ApiTestServer.await(api.pg.preparedQuery("INSERT INTO tariff_assignments (id, tariff_id, scope_type, scope_id) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(id, tariff, scopeType, scopeId)));
    return id;
  }
}
