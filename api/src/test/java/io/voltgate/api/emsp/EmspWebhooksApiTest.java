package io.voltgate.api.emsp;

import static io.voltgate.api.support.ApiTestServer.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.WebhookReceiver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /emsp/v1/webhooks*} over real HTTP with a real receiver on loopback: the eMSP seed's snake
 * case shapes in the family envelope, the operator's engine (catalog, address policy, signing, delivery,
 * retries), subscriptions confined to the key's network and to back ends.
 */
@Timeout(120)
class EmspWebhooksApiTest {

  /** The family's envelope around the seed's {@code data} (DESIGN: the eMSP envelope for every endpoint). */
  private static final Set<String> ENVELOPE = Set.of("data", "success", "timestamp");
  private static final Set<String> LISTED = Set.of("id", "url", "events", "description", "is_active",
      "consecutive_failures", "disabled_at", "disabled_reason", "created_at", "updated_at");

  private static ApiTestServer api;
  private static Vertx receiverVertx;
  private static UUID networkA;
  private static UUID networkB;
  private static String operatorA;
  private static String serverA;
  private static String serverB;
  private static String appA;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    receiverVertx = Vertx.vertx();
    String unique = UUID.randomUUID().toString().substring(0, 8);
    networkA = api.network("Hooks A " + unique);
    networkB = api.network("Hooks B " + unique);
    operatorA = api.key(List.of(networkA), Scopes.CPMS);
    String operatorB = api.key(List.of(networkB), Scopes.CPMS);
    serverA = api.emspKey(operatorA, networkA, new JsonObject());
    serverB = api.emspKey(operatorB, networkB, new JsonObject());
    appA = api.emspKey(operatorA, networkA, new JsonObject().put("keyClass", "Publishable"));
  }

  @AfterAll
  static void stop() {
    api.close();
    ApiTestServer.await(receiverVertx.close());
  }

  @Test
  void aSubscriptionIsCreatedListedUpdatedAndDeletedInTheSeedsShapes() {
    try (WebhookReceiver r = new WebhookReceiver(receiverVertx)) {
      Result created = subscribe(serverA, r, "session.started,session.completed");
      assertEquals(ENVELOPE, created.json().fieldNames(), created.raw());
      JsonObject sub = created.data();
      assertEquals(Set.of("id", "url", "events", "description", "hmac_secret", "is_active", "created_at"),
          sub.fieldNames(), sub.encode());
      assertEquals(r.url(), sub.getString("url"));
      assertEquals("session.started,session.completed", sub.getString("events"));
      assertEquals("Billing pipeline hook", sub.getString("description"));
      assertTrue(sub.getString("hmac_secret").startsWith("whsec_"));
      assertTrue(sub.getBoolean("is_active"));
      String id = sub.getString("id");

      Result listed = api.get("/emsp/v1/webhooks", serverA);
      assertEquals(200, listed.status(), listed.raw());
      assertEquals(ENVELOPE, listed.json().fieldNames());
      JsonObject item = byId(listed.list(), id);
      assertEquals(LISTED, item.fieldNames(), item.encode());
      assertEquals(0, item.getInteger("consecutive_failures"));
      assertFalse(listed.raw().contains(sub.getString("hmac_secret")), "the secret is shown once only");

      Result patched = api.call("PATCH", "/emsp/v1/webhooks/" + id, serverA, new JsonObject()
          .put("is_active", false).put("events", new JsonArray().add("session.completed")).put("description", "paused"));
      assertEquals(200, patched.status(), patched.raw());
      assertEquals(LISTED, patched.data().fieldNames());
      assertFalse(patched.data().getBoolean("is_active"));
      assertEquals("session.completed", patched.data().getString("events"));
      assertEquals("paused", patched.data().getString("description"));

      Result deleted = api.call("DELETE", "/emsp/v1/webhooks/" + id, serverA, null);
      assertEquals(200, deleted.status(), deleted.raw());
      assertTrue(deleted.data().getBoolean("deleted"));
      Result again = api.call("DELETE", "/emsp/v1/webhooks/" + id, serverA, null);
      assertEquals(404, again.status());
      assertEquals("not_found", again.error());
      assertEquals("Webhook subscription not found", again.json().getString("message"));
      assertTrue(api.get("/emsp/v1/webhooks", serverA).list().stream()
          .noneMatch(o -> id.equals(((JsonObject) o).getString("id"))));
    }
  }

  @Test
  void theKeysNetworksEventsAreDeliveredSignedLoggedAndRetried() throws Exception {
    try (WebhookReceiver r = new WebhookReceiver(receiverVertx)) {
      JsonObject sub = subscribe(serverA, r, "session.completed").data();
      String id = sub.getString("id");
      String eventA = publish("session.completed", networkA);
      publish("session.started", networkA);
      publish("session.completed", networkB);
      eventually("the delivery of A's event", () -> r.headers.size() >= 1);
      Thread.sleep(500);
      assertEquals(1, r.headers.size(), "only the subscribed type of the key's network");
      Map<String, String> h = r.headers.get(0);
      assertEquals(eventA, r.bodies.get(0).getString("id"));
      assertEquals(networkA.toString(), r.bodies.get(0).getString("networkId"));
      assertEquals(WebhookReceiver.hmac(sub.getString("hmac_secret"), h.get("x-voltgate-timestamp"), h.get("raw-body")),
          h.get("x-voltgate-signature"), "signed like the operator's webhooks");

      eventually("recorded as delivered", () -> "Delivered".equals(deliveries(id).list().getJsonObject(0).getString("status")));
      Result page = deliveries(id);
      assertEquals(Set.of("data", "success", "timestamp", "pagination"), page.json().fieldNames(), page.raw());
      assertEquals(new JsonObject().put("page", 1).put("page_size", 20).put("total_count", 1).put("total_pages", 1),
          page.json().getJsonObject("pagination"));
      JsonObject summary = page.list().getJsonObject(0);
      assertEquals(Set.of("id", "event_type", "http_status", "success", "status", "attempts", "created_at", "completed_at"),
          summary.fieldNames(), summary.encode());
      assertEquals("session.completed", summary.getString("event_type"));
      assertEquals(200, summary.getInteger("http_status"));
      assertTrue(summary.getBoolean("success"));
      assertEquals(1, summary.getInteger("attempts"));

      String deliveryId = summary.getString("id");
      Result detail = api.get("/emsp/v1/webhooks/" + id + "/deliveries/" + deliveryId, serverA);
      assertEquals(200, detail.status(), detail.raw());
      JsonObject d = detail.data();
      assertEquals(Set.of("id", "event_type", "payload", "http_status", "response_body", "success", "status", "attempts",
          "max_attempts", "duration_ms", "next_retry_at", "created_at", "completed_at"), d.fieldNames(), d.encode());
      assertEquals(eventA, new JsonObject(d.getString("payload")).getString("id"), "the payload, as a string");
      assertEquals("ok", d.getString("response_body"));
      assertEquals("Delivered", d.getString("status"));
      assertNull(d.getValue("next_retry_at"), "no attempt is due");
      assertEquals(404, api.get("/emsp/v1/webhooks/" + id + "/deliveries/" + UUID.randomUUID(), serverA).status());

      Result retried = api.post("/emsp/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/retry", serverA, null);
      assertEquals(202, retried.status(), retried.raw());
      assertEquals(new JsonObject().put("delivery_id", deliveryId).put("retry_enqueued", true), retried.data());
      eventually("delivered again", () -> r.headers.size() == 2);
      assertEquals(eventA, r.bodies.get(1).getString("id"), "the same event, to deduplicate on");

      Result test = api.post("/emsp/v1/webhooks/" + id + "/test", serverA, null);
      assertEquals(200, test.status(), test.raw());
      assertEquals(new JsonObject().put("webhook_id", id).put("test_enqueued", true), test.data());
      eventually("the test event", () -> r.headers.size() == 3);
      assertEquals("webhook.test", r.headers.get(2).get("x-voltgate-event-type"));
      assertEquals(2, api.get("/emsp/v1/webhooks/" + id + "/deliveries?page_size=1", serverA).json()
          .getJsonObject("pagination").getInteger("total_pages"));
    }
  }

  @Test
  void anotherNetworksSubscriptionIsNotFoundAndTheFamiliesKeepTheirOwn() {
    try (WebhookReceiver r = new WebhookReceiver(receiverVertx)) {
      String id = subscribe(serverA, r, "*").data().getString("id");
      String one = "/emsp/v1/webhooks/" + id;
      String delivery = one + "/deliveries/" + UUID.randomUUID();
      for (String[] op : List.of(new String[] {"PATCH", one}, new String[] {"DELETE", one},
          new String[] {"POST", one + "/test"}, new String[] {"GET", one + "/deliveries"},
          new String[] {"GET", delivery}, new String[] {"POST", delivery + "/retry"})) {
        Object body = op[0].equals("PATCH") ? new JsonObject().put("is_active", false) : null;
        Result foreign = api.call(op[0], op[1], serverB, body);
        assertEquals(404, foreign.status(), op[0] + " " + op[1] + ": " + foreign.raw());
        assertEquals("Webhook subscription not found", foreign.json().getString("message"));
      }
      assertTrue(api.get("/emsp/v1/webhooks", serverB).list().stream()
          .noneMatch(o -> id.equals(((JsonObject) o).getString("id"))), "B lists none of A's");
      // The operator's family keeps its own subscriptions, though one engine delivers both.
      assertTrue(api.get("/cpms/v1/webhooks", operatorA).list().stream()
          .noneMatch(o -> id.equals(((JsonObject) o).getString("id"))));
      assertEquals(404, api.call("DELETE", "/cpms/v1/webhooks/" + id, operatorA, null).status());
      assertTrue(api.get("/emsp/v1/webhooks", serverA).list().stream()
          .anyMatch(o -> id.equals(((JsonObject) o).getString("id"))), "still A's");
    }
  }

  @Test
  void onlyABackEndsKeyManagesWebhooks() {
    String driverToken = driverToken(appA);
    String withoutScope = api.emspKey(operatorA, networkA, new JsonObject()
        .put("scopes", new JsonArray().add("emsp:chargers:read")));
    String one = "/emsp/v1/webhooks/" + UUID.randomUUID();
    for (String[] op : List.of(new String[] {"GET", "/emsp/v1/webhooks"}, new String[] {"POST", "/emsp/v1/webhooks"},
        new String[] {"GET", "/emsp/v1/webhooks/event-types"}, new String[] {"PATCH", one},
        new String[] {"DELETE", one}, new String[] {"POST", one + "/test"}, new String[] {"GET", one + "/deliveries"},
        new String[] {"GET", one + "/deliveries/" + UUID.randomUUID()},
        new String[] {"POST", one + "/deliveries/" + UUID.randomUUID() + "/retry"})) {
      String what = op[0] + " " + op[1];
      JsonObject body = op[0].equals("POST") && op[1].endsWith("webhooks")
          ? new JsonObject().put("url", "https://93.184.216.34/h").put("events", "*")
          : op[0].equals("PATCH") ? new JsonObject().put("is_active", true) : null;
      assertForbidden(api.call(op[0], op[1], appA, body), what + " with an app key");
      assertForbidden(api.call(op[0], op[1], appA, driverToken, body), what + " with an app key and a driver");
      assertForbidden(api.call(op[0], op[1], serverA, driverToken, body), what + " with a driver's token");
      assertForbidden(api.call(op[0], op[1], withoutScope, body), what + " without the scope");
      assertEquals(401, api.call(op[0], op[1], operatorA, body).status(), what + " with an operator key");
    }
  }

  @Test
  void badInputIsRefusedInTheErrorShape() {
    assertInvalid(api.post("/emsp/v1/webhooks", serverA, new JsonObject().put("url", "http://93.184.216.34/h")
        .put("events", "*")), "url");
    assertInvalid(api.post("/emsp/v1/webhooks", serverA, new JsonObject().put("url", "https://169.254.169.254/latest")
        .put("events", "*")), "url");
    assertInvalid(api.post("/emsp/v1/webhooks", serverA, new JsonObject().put("url", "https://93.184.216.34/h")
        .put("events", "charger.exploded")), "events");
    assertInvalid(api.post("/emsp/v1/webhooks", serverA, new JsonObject().put("url", "https://93.184.216.34/h")), null);
    assertInvalid(api.post("/emsp/v1/webhooks", serverA, new JsonObject().put("url", "https://93.184.216.34/h")
        .put("events", "*").put("isActive", true)), null);
    assertInvalid(api.post("/emsp/v1/webhooks", serverA, new JsonObject().put("url", "https://93.184.216.34/h")
        .put("events", "*").put("network_id", "nope")), null);
    assertEquals(404, api.post("/emsp/v1/webhooks", serverA, new JsonObject().put("url", "https://93.184.216.34/h")
        .put("events", "*").put("network_id", networkB.toString())).status(), "another network is unknown");
    assertInvalid(api.call("PATCH", "/emsp/v1/webhooks/" + UUID.randomUUID(), serverA, new JsonObject()), null);
    assertInvalid(api.call("PATCH", "/emsp/v1/webhooks/not-a-uuid", serverA, new JsonObject().put("is_active", true)), null);
    assertInvalid(api.get("/emsp/v1/webhooks/" + UUID.randomUUID() + "/deliveries/not-a-uuid", serverA), null);
    assertInvalid(api.get("/emsp/v1/webhooks/" + UUID.randomUUID() + "/deliveries?page_size=0", serverA), null);

    Result types = api.get("/emsp/v1/webhooks/event-types", serverA);
    assertEquals(200, types.status(), types.raw());
    assertEquals(ENVELOPE, types.json().fieldNames());
    assertEquals(api.get("/cpms/v1/webhooks/event-types", operatorA).list(), types.list(), "one catalog");
    assertTrue(types.list().contains("session.completed"));
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Result subscribe(String key, WebhookReceiver r, String events) {
    Result created = api.post("/emsp/v1/webhooks", key, new JsonObject().put("url", r.url()).put("events", events)
        .put("description", "Billing pipeline hook"));
    assertEquals(201, created.status(), created.raw());
    return created;
  }

  private static Result deliveries(String webhookId) {
    return api.get("/emsp/v1/webhooks/" + webhookId + "/deliveries", serverA);
  }

  private static String publish(String type, UUID network) {
    return api.publish(type, network, "EH-CP", new JsonObject().put("sessionId", UUID.randomUUID().toString()));
  }


  private static void assertForbidden(Result r, String what) {
    assertEquals(403, r.status(), what + ": " + r.raw());
    assertEquals("forbidden", r.error(), what);
  }

  private static void assertInvalid(Result r, String field) {
    assertEquals(400, r.status(), r.raw());
    assertEquals("validation_error", r.error(), r.raw());
    if (field != null) {
      assertEquals(field, r.json().getString("field"), r.raw());
    }
  }

  private static JsonObject byId(JsonArray items, String id) {
    return items.stream().map(JsonObject.class::cast).filter(o -> id.equals(o.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + items.encode()));
  }

  private static String driverToken(String appKey) {
    Result r = api.post("/emsp/v1/auth/driver/register", appKey, new JsonObject()
        .put("email", "hooks-" + UUID.randomUUID() + "@example.com").put("password", "correct horse 1")
        .put("firstName", "Ana").put("lastName", "Rivera"));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("accessToken");
  }
}
