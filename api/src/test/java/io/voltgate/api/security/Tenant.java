package io.voltgate.api.security;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.Scopes;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A network with a full-scope key confined to it and one of each of its resources, made through
 * the API with that key wherever the API can make them. Sessions, their CDR and webhook deliveries
 * come from chargers and events, not from the API, so they are written as the gateway, billing and
 * fan-out write them; the diagnostics file is put where an upload lands.
 */
final class Tenant {

  final UUID network;
  final String key;
  /** A partner back end's key of the eMSP family (server-side, every emsp scope) for the network. */
  final String emspKey;
  /** A driver app's key of the eMSP family (publishable, the app vocabulary) for the network. */
  final String emspAppKey;
  /** A charging-key partner's key of the EMP family ({@code /emp/v1}, every emp scope) for the network. */
  final String empKey;
  /** A charging key of the network ({@code /emp/v1/charging-keys}), by the little-endian identifier it was created with. */
  final String chargingKey;
  /** A charging-key order of the network, recorded by the operator ({@code POST /cpms/v1/emp-orders}). */
  final String empOrder;
  /** How the API shows {@link #chargingKey} (the idTag, bytes reversed). */
  private final String chargingKeyShown;
  /** A driver registered through the app's key, with the access token the registration gave. */
  final String driverToken;
  final String chargePointId;
  final String email;
  /** The charger model of the network's private firmware image (private to the network since V6). */
  final UUID firmwareModel;
  /** The name of a diagnostics file the network's charger uploaded. */
  final String diagnosticsFile;
  /** A CSMS-to-charger CALL in the network's charger's OCPP message log: its log id and message id. */
  final String ocppMessageLogId;
  final String ocppMessageId;
  private final Map<Resource, UUID> ids = new EnumMap<>(Resource.class);
  /** Resources each family keeps apart (webhook subscriptions): the eMSP family's, where they differ. */
  private final Map<Resource, UUID> emspIds = new EnumMap<>(Resource.class);

  Tenant(ApiTestServer api, String name, Path uploadDir) {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    network = api.network(name + "-" + unique);
    key = api.key(List.of(network), Scopes.CPMS);
    ids.put(Resource.NETWORK, network);
    emspKey = created(api, "/cpms/v1/api-keys", new JsonObject().put("name", name + " eMSP").put("apiFamily", "emsp"))
        .getString("key");
    emspAppKey = created(api, "/cpms/v1/api-keys", new JsonObject().put("name", name + " app").put("apiFamily", "emsp")
        .put("keyClass", "Publishable")).getString("key");
    empKey = created(api, "/cpms/v1/api-keys", new JsonObject().put("name", name + " EMP").put("apiFamily", "emp"))
        .getString("key");
    UUID user = id(createdWith(api, emspKey, "/emsp/v1/users", new JsonObject().put("email", "driver-" + unique + "@example.com")
        .put("firstName", name).put("lastName", "Driver")));
    ids.put(Resource.USER, user);
    ids.put(Resource.ID_TOKEN, id(createdWith(api, emspKey, "/emsp/v1/auth/tokens",
        new JsonObject().put("userId", user.toString()))));
    UUID location = id(created(api, "/cpms/v1/locations", new JsonObject().put("name", name + " depot")));
    ids.put(Resource.LOCATION, location);
    JsonObject driver = createdWith(api, emspAppKey, "/emsp/v1/auth/driver/register", new JsonObject()
        .put("email", "app-driver-" + unique + "@example.com").put("password", "correct horse 1")
        .put("firstName", name).put("lastName", "App"));
    driverToken = driver.getString("accessToken");
    ids.put(Resource.FAVORITE, id(createdAs(api, "/emsp/v1/favorites", new JsonObject().put("targetId", location.toString()))));
    chargePointId = "SEC-" + name + "-" + unique;
    UUID charger = id(created(api, "/cpms/v1/chargers", new JsonObject().put("serial", chargePointId)
        .put("locationUuid", location.toString())));
    ids.put(Resource.CHARGER, charger);
    ids.put(Resource.CHARGING_SCHEDULE, id(createdAs(api, "/emsp/v1/charging/schedule", new JsonObject()
        .put("chargerId", charger.toString()).put("connectorNumber", 1)
        .put("scheduledTime", java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString()))));
    UUID connector = id(created(api, "/cpms/v1/chargers/" + charger + "/connectors", new JsonObject()));
    ids.put(Resource.CONNECTOR, connector);
    ids.put(Resource.RESERVATION, reservation(api, charger, UUID.fromString(driver.getJsonObject("driver").getString("id"))));
    UUID tariff = id(created(api, "/cpms/v1/tariffs", new JsonObject().put("name", name + " AC").put("energyRate", 0.30)));
    ids.put(Resource.TARIFF, tariff);
    ids.put(Resource.TARIFF_ASSIGNMENT, UUID.fromString(created(api, "/cpms/v1/tariffs/" + tariff + "/assign",
        new JsonObject().put("chargerUuid", charger.toString())).getString("assignmentId")));
    email = "sec-" + unique + "@example.com";
    ids.put(Resource.TEAM_MEMBER, id(created(api, "/cpms/v1/team", new JsonObject().put("email", email))));
    ids.put(Resource.API_KEY, id(created(api, "/cpms/v1/api-keys", new JsonObject().put("name", name + " integration")
        .put("scopes", List.of("cpms:chargers:read")))));
    JsonObject firmware = created(api, "/cpms/v1/firmware", new JsonObject().put("vendor", "Voltgate")
        .put("model", "SEC-" + unique).put("version", "1.0.0").put("fileUrl", "https://example.com/sec-" + unique + ".bin"));
    ids.put(Resource.FIRMWARE, id(firmware));
    firmwareModel = UUID.fromString(firmware.getString("modelId"));
    ids.put(Resource.CHARGER_MODEL, firmwareModel);
    UUID webhook = id(created(api, "/cpms/v1/webhooks", new JsonObject().put("url", "https://93.184.216.34/" + unique)
        .put("events", "reservation.status")));
    ids.put(Resource.WEBHOOK, webhook);

    ids.put(Resource.SESSION, activeSession(api, charger, connector));
    UUID completed = completedSession(api, charger, connector);
    await(new SessionBilling(api.pg).bill(completed));
    ids.put(Resource.TRANSACTION, await(api.pg.preparedQuery("SELECT id FROM transactions WHERE session_id = $1")
        .execute(Tuple.of(completed))).iterator().next().getUUID("id"));
    ids.put(Resource.WEBHOOK_DELIVERY, failedDelivery(api, webhook));
    UUID emspWebhook = id(createdWith(api, emspKey, "/emsp/v1/webhooks", new JsonObject()
        .put("url", "https://93.184.216.34/emsp-" + unique).put("events", "reservation.status")));
    emspIds.put(Resource.WEBHOOK, emspWebhook);
    emspIds.put(Resource.WEBHOOK_DELIVERY, failedDelivery(api, emspWebhook));
    diagnosticsFile = uploaded(uploadDir, charger);
    ocppMessageId = "sec-" + unique;
    ocppMessageLogId = Long.toString(await(api.pg.preparedQuery("INSERT INTO ocpp_messages (logged_at, network_id,"
        + " charger_id, charge_point_id, node, connection_id, ocpp_version, direction, message_type, message_id, action,"
        + " payload_bytes, frame) VALUES (now(), $1, $2, $3, 'sec', 'sec', '1.6', 'out', 'CALL', $4, 'ClearCache', 30, $5)"
        + " RETURNING id").execute(Tuple.of(network, charger, chargePointId, ocppMessageId,
            "[2,\"" + ocppMessageId + "\",\"ClearCache\",{}]"))).iterator().next().getLong("id"));
    chargingKey = unique; // eight hex digits: a 4-byte key identifier
    Result key = api.post("/emp/v1/charging-keys", empKey, new JsonObject().put("keyIdentifier", chargingKey)
        .put("visualNumber", "SEC-" + unique));
    assertEquals(200, key.status(), "POST /emp/v1/charging-keys: " + key.raw());
    chargingKeyShown = key.json().getString("keyIdentifier");
    empOrder = created(api, "/cpms/v1/emp-orders", new JsonObject().put("quantity", 1)
        .put("product", new JsonObject().put("id", "card"))).getString("id");
  }

  /** The tenant's driver, as its app calls: the app's key with the driver's token. */
  Probe.Caller driver() {
    return new Probe.Caller(emspAppKey, driverToken);
  }

  UUID id(Resource resource) {
    return ids.get(resource);
  }

  /** The resource as an operation of this path reaches it (an eMSP path: the eMSP family's webhooks). */
  UUID id(Resource resource, String path) {
    return path.startsWith("/emsp/") && emspIds.containsKey(resource) ? emspIds.get(resource) : ids.get(resource);
  }

  /** Strings that would betray one of this network's resources in another network's answer. */
  Set<String> fingerprints() {
    Set<String> out = new HashSet<>();
    ids.values().forEach(id -> out.add(id.toString()));
    emspIds.values().forEach(id -> out.add(id.toString()));
    out.add(chargePointId);
    out.add(email);
    out.add(chargingKeyShown);
    out.add(empOrder);
    out.add(ocppMessageId);
    return out;
  }

  private JsonObject created(ApiTestServer api, String path, JsonObject body) {
    return createdWith(api, key, path, body);
  }

  private static JsonObject createdWith(ApiTestServer api, String key, String path, JsonObject body) {
    Result r = api.post(path, key, body);
    assertEquals(201, r.status(), "POST " + path + ": " + r.raw());
    return r.data();
  }

  private JsonObject createdAs(ApiTestServer api, String path, JsonObject body) {
    Result r = api.call("POST", path, emspAppKey, driverToken, body);
    assertEquals(201, r.status(), "POST " + path + " as the driver: " + r.raw());
    return r.data();
  }

  private static UUID id(JsonObject data) {
    return UUID.fromString(data.getString("id"));
  }

  /**
   * The driver's accepted reservation of the charger's connector, as ReserveNow leaves it (no charger
   * answers in this server, so it is written as the API and gateway write it).
   */
  private UUID reservation(ApiTestServer api, UUID charger, UUID driver) {
    UUID id = UUID.randomUUID();
    await(api.pg.preparedQuery("INSERT INTO reservations (id, network_id, charger_id, evse_id, connector_id, id_token,"
            + " driver_id, expires_at, status) VALUES ($1, $2, $3, 1, 1, $4, $5, now() + interval '1 day', 'Accepted')")
        .execute(Tuple.of(id, network, charger, "SEC-" + id.toString().substring(0, 8), driver)));
    return id;
  }

  /** A session as the gateway opens it on StartTransaction. */
  private UUID activeSession(ApiTestServer api, UUID charger, UUID connector) {
    UUID id = UUID.randomUUID();
    await(api.pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, connector_pk, evse_id,"
            + " connector_id, ocpp_version, transaction_ref, status, started_at, meter_start_wh)"
            + " VALUES ($1, $2, $3, $4, 1, 1, '1.6', $5, 'ACTIVE', now(), 1000)")
        .execute(Tuple.of(id, network, charger, connector, id.toString())));
    return id;
  }

  /** A session as the gateway closes it on StopTransaction: 10 kWh in an hour. */
  private UUID completedSession(ApiTestServer api, UUID charger, UUID connector) {
    UUID id = UUID.randomUUID();
    await(api.pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, connector_pk, evse_id,"
            + " connector_id, ocpp_version, transaction_ref, id_token, id_token_type, status, started_at, stopped_at,"
            + " meter_start_wh, meter_stop_wh, energy_wh) VALUES ($1, $2, $3, $4, 1, 1, '1.6', $5, 'TAG1', 'ISO14443',"
            + " 'COMPLETED', now() - interval '2 hours', now() - interval '1 hour', 1000, 11000, 10000)")
        .execute(Tuple.of(id, network, charger, connector, id.toString())));
    return id;
  }

  /** A delivery the fan-out wrote and the dispatcher gave up on (not due, so never picked up). */
  private static UUID failedDelivery(ApiTestServer api, UUID webhook) {
    UUID id = UUID.randomUUID();
    await(api.pg.preparedQuery("INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, payload,"
            + " status, attempts, last_error) VALUES ($1, $2, $3, 'reservation.status', $4, 'failed', 5, 'HTTP 500')")
        .execute(Tuple.of(id, webhook, UUID.randomUUID().toString(), new JsonObject().put("at", Instant.now().toString()))));
    return id;
  }

  /** A file where the upload route stores a charger's diagnostics. */
  private static String uploaded(Path uploadDir, UUID charger) {
    String name = "diag-" + charger.toString().substring(0, 8) + ".log";
    try {
      Path dir = Files.createDirectories(uploadDir.resolve(charger.toString()));
      Files.writeString(dir.resolve(name), "diagnostics of " + charger);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }
}
