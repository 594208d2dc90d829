package io.voltgate.api.emsp;

import static io.voltgate.api.support.ApiTestServer.await;
import static io.voltgate.api.support.ApiTestServer.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.services.events.DriverEvents;
import io.voltgate.services.events.StreamEvent;
import io.voltgate.store.query.DriverStreamQueries;
import io.voltgate.store.query.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A driver's stream filter follows the driver's changes without a query per event: a favourite
 * saved, a token issued and a session charged with it after the stream opened count from the next
 * refresh; a favourite removed stops counting. Real Postgres, a short refresh period.
 */
@Timeout(60)
class DriverEventsRefreshTest {

  private static ApiTestServer api;
  private static UUID network;
  private static String serverKey;
  private static String appKey;
  private static UUID charger;
  private static Context context;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    network = api.network("Refresh " + UUID.randomUUID().toString().substring(0, 8));
    String operator = api.key(List.of(network), Scopes.CPMS);
    serverKey = api.emspKey(operator, network, new JsonObject());
    appKey = api.emspKey(operator, network, new JsonObject().put("keyClass", "Publishable"));
    UUID location = api.created(operator, "/cpms/v1/locations", new JsonObject().put("name", "Plaza"));
    charger = api.created(operator, "/cpms/v1/chargers", new JsonObject().put("serial", "RF-" + UUID.randomUUID().toString()
        .substring(0, 8)).put("locationUuid", location.toString()).put("securityProfile", 0));
    // The filter lives on one event loop, like the stream it serves.
    context = api.vertx.getOrCreateContext();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void changesAfterTheStreamOpenedCountFromTheNextRefresh() throws Exception {
    Result registered = api.post("/emsp/v1/auth/driver/register", appKey, new JsonObject()
        .put("email", "refresh-" + UUID.randomUUID() + "@example.com").put("password", "correct horse 1")
        .put("firstName", "Ines").put("lastName", "Rivera"));
    assertEquals(201, registered.status(), registered.raw());
    UUID driver = UUID.fromString(registered.data().getJsonObject("driver").getString("id"));
    String token = registered.data().getString("accessToken");
    DriverEvents filter = onContext(() -> DriverEvents.open(api.vertx, new DriverStreamQueries(api.pg),
        new Scope.Driver(network, driver), Set.of(), Duration.ofMillis(200)));
    StreamEvent availability = event("connector.status", new JsonObject().put("chargerId", charger.toString()));
    UUID session = UUID.randomUUID();
    StreamEvent sessionUpdate = event("session.updated", new JsonObject().put("sessionId", session.toString()));
    assertFalse(wants(filter, availability), "nothing saved yet");
    assertFalse(wants(filter, sessionUpdate), "no session yet");

    Result saved = api.call("POST", "/emsp/v1/favorites", appKey, token, new JsonObject().put("targetType", "charger")
        .put("targetId", charger.toString()));
    assertEquals(201, saved.status(), saved.raw());
    eventually("the favourite counts", () -> wants(filter, availability));

    String uid = "RF" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    assertEquals(201, api.post("/emsp/v1/auth/tokens", serverKey, new JsonObject().put("userId", driver.toString())
        .put("tokenType", "RFID").put("uid", uid)).status());
    await(api.pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, evse_id, connector_id,"
            + " ocpp_version, transaction_ref, id_token, started_at) VALUES ($1, $2, $3, 1, 1, '1.6', $4, $5, now())")
        .execute(Tuple.of(session, network, charger, session.toString(), uid)));
    eventually("the session of the new token counts", () -> wants(filter, sessionUpdate));

    assertEquals(200, api.call("DELETE", "/emsp/v1/favorites/" + saved.data().getString("id"), appKey, token, null)
        .status());
    eventually("the removed favourite no longer counts", () -> !wants(filter, availability));
    onContext(() -> {
      filter.close();
      return Future.succeededFuture();
    });
  }

  private static StreamEvent event(String type, JsonObject data) {
    return new StreamEvent("1-0", UUID.randomUUID().toString(), type, network, "RF-CP", "2026-11-21T10:00:00Z", data);
  }

  private static boolean wants(DriverEvents filter, StreamEvent e) {
    return onContext(() -> Future.succeededFuture(filter.wants(e)));
  }

  private static <T> T onContext(Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return await(done.future());
  }
}
