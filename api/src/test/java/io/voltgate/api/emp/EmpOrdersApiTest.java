package io.voltgate.api.emp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer.Result;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /emp/v1/orders} and {@code /emp/v1/order/{orderId}/assign} over HTTP, with orders the
 * operator records through {@code POST /cpms/v1/emp-orders}: the seed's shapes, filters, cursor
 * pages, assignment, and one partner never seeing another's orders.
 */
@Timeout(120)
class EmpOrdersApiTest extends EmpApiTestBase {

  private static JsonObject order(UUID network, String product) {
    Result r = api.post("/cpms/v1/emp-orders", api.adminKey, new JsonObject().put("networkId", network.toString())
        .put("quantity", 1).put("product", new JsonObject().put("id", product))
        .put("address", new JsonObject().put("country", "Austria").put("additionalInformation", "test test")
            .put("firstName", "Frans").put("lastName", "Anderson").put("address", "First Way 261b")
            .put("city", "Wistful Vista").put("postalCode", "85960").put("companyName", "Low area Corp.")
            .put("addressLine2", "Suite 9")));
    assertEquals(201, r.status(), r.raw());
    return r.data();
  }

  @Test
  void anOrderTheOperatorRecordedIsListedAndAssignedInTheSeedsShape() {
    JsonObject created = order(networkA, "Am07b6Q7JZ");
    String id = created.getString("id");
    assertTrue(id.matches("[0-9A-Za-z]{10}"), id);
    assertEquals("ORDER_CREATED", created.getString("status"));

    Result listed = api.get("/emp/v1/orders?status=ORDER_CREATED&pageSize=500", partnerA);
    assertEquals(200, listed.status(), listed.raw());
    JsonObject shown = listed.json().getJsonArray("products").stream().map(o -> (JsonObject) o)
        .filter(o -> id.equals(o.getString("id"))).findFirst().orElseThrow();
    assertEquals("Frans", shown.getJsonObject("address").getString("firstName"));
    assertEquals("Suite 9", shown.getJsonObject("address").getString("addressLine2"));
    assertEquals(1, shown.getInteger("quantity"));
    assertEquals("Am07b6Q7JZ", shown.getJsonObject("product").getString("id"));
    assertEquals(networkA.toString(), shown.getString("organizationId"));
    assertTrue(shown.containsKey("created") && shown.containsKey("updated"), shown.encode());

    Result assigned = api.post("/emp/v1/order/" + id + "/assign", partnerA, null);
    assertEquals(200, assigned.status(), assigned.raw());
    assertEquals("ORDER_ASSIGNED", assigned.json().getString("status"));
    assertEquals(id, assigned.json().getString("id"));
    Result again = api.post("/emp/v1/order/" + id + "/assign", partnerA, null);
    assertEquals(200, again.status(), "assigning twice is harmless");
    assertEquals(assigned.json().getString("updated"), again.json().getString("updated"));
    assertTrue(api.get("/emp/v1/orders?status=ORDER_ASSIGNED", partnerA).json().getJsonArray("products").stream()
        .anyMatch(o -> id.equals(((JsonObject) o).getString("id"))));
    assertTrue(api.get("/emp/v1/orders?status=ORDER_CREATED&pageSize=500", partnerA).json().getJsonArray("products")
        .stream().noneMatch(o -> id.equals(((JsonObject) o).getString("id"))));

    assertEquals(404, api.post("/emp/v1/order/" + id + "/assign", partnerB, null).status(), "another partner's order");
    assertEquals(404, api.post("/emp/v1/order/nosuchorder/assign", partnerA, null).status());
    assertTrue(api.get("/emp/v1/orders?pageSize=500", partnerB).json().getJsonArray("products").stream()
        .noneMatch(o -> id.equals(((JsonObject) o).getString("id"))));
  }

  @Test
  void pagesFollowTheCursorUnderInsertsAndDatesFilter() {
    UUID network = api.network("orders paging");
    String partner = empKey(network);
    Instant before = Instant.now().minusSeconds(1);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      made.add(order(network, "P" + i).getString("id"));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Result page = api.get("/emp/v1/orders?pageSize=3"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), partner);
      assertEquals(200, page.status(), page.raw());
      page.json().getJsonArray("products").forEach(o -> assertTrue(seen.add(((JsonObject) o).getString("id"))));
      cursor = page.json().getString("cursor");
      if (pages++ == 0) {
        made.add(order(network, "late").getString("id"));
      }
    } while (cursor != null && pages < 10);
    assertEquals(new HashSet<>(made), seen);
    assertEquals(3, pages);

    String from = URLEncoder.encode(before.toString(), StandardCharsets.UTF_8);
    assertEquals(8, api.get("/emp/v1/orders?fromDate=" + from, partner).json().getJsonArray("products").size());
    assertEquals(0, api.get("/emp/v1/orders?toDate=" + from, partner).json().getJsonArray("products").size());
    assertFalse(api.get("/emp/v1/orders", partner).json().containsKey("cursor"));
  }

  @Test
  void clientInputErrorsAre400() {
    for (String bad : new String[] {"status=SHIPPED", "pageSize=0", "pageSize=x", "fromDate=yesterday", "cursor=bm90LW91cnM"}) {
      Result r = api.get("/emp/v1/orders?" + bad, partnerA);
      assertEquals(400, r.status(), bad + ": " + r.raw());
    }
    Result noNetwork = api.post("/cpms/v1/emp-orders", api.adminKey, new JsonObject().put("quantity", 1)
        .put("product", new JsonObject().put("id", "p")));
    assertEquals(400, noNetwork.status(), noNetwork.raw());
    Result zero = api.post("/cpms/v1/emp-orders", api.adminKey, new JsonObject().put("networkId", networkA.toString())
        .put("quantity", 0).put("product", new JsonObject().put("id", "p")));
    assertEquals(400, zero.status(), zero.raw());
    assertNotEquals(200, api.get("/emp/v1/orders", api.adminKey).status(), "an operator key is not an EMP key");
  }
}
