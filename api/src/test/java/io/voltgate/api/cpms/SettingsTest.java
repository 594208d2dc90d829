package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GET/PUT /cpms/v1/settings over real HTTP. */
@Timeout(60)
class SettingsTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aFreshNetworkShowsTheDefaults() {
    FleetFixture f = new FleetFixture(api, "Set fresh");
    Result r = api.get("/cpms/v1/settings", f.key);
    assertEquals(200, r.status(), r.raw());
    JsonObject d = r.data();
    assertEquals(f.network.toString(), d.getString("id"));
    assertEquals("Set fresh", d.getString("name"));
    assertEquals("EUR", d.getString("currency"));
    assertEquals("UTC", d.getString("timeZone"));
    assertTrue(d.getBoolean("isActive"));
    assertEquals("INV", d.getJsonObject("billing").getString("invoicePrefix"));
    assertEquals(30, d.getJsonObject("billing").getInteger("paymentTermsDays"));
    assertEquals(0, d.getJsonObject("billing").getDouble("vatRate"));
    assertNull(d.getJsonObject("branding").getString("logoUrl"));
  }

  @Test
  void anUpdateMergesBrandingAndBillingKeyByKey() {
    FleetFixture f = new FleetFixture(api, "Set merge");
    Result first = api.call("PUT", "/cpms/v1/settings", f.key, new JsonObject().put("name", "Isla Verde Charging")
        .put("contactEmail", "ops@islaverde.example.com").put("timeZone", "America/Puerto_Rico").put("currency", "USD")
        .put("branding", new JsonObject().put("primaryColor", "#E2231A").put("logoUrl", "https://cdn.example.com/logo.svg"))
        .put("billing", new JsonObject().put("vatRate", 11.5).put("invoicePrefix", "IVC")));
    assertEquals(200, first.status(), first.raw());
    assertTrue(first.data().getBoolean("updated"));
    Result second = api.call("PUT", "/cpms/v1/settings", f.key, new JsonObject()
        .put("branding", new JsonObject().put("secondaryColor", "#1A1A1A"))
        .put("billing", new JsonObject().put("paymentTermsDays", 14)));
    assertEquals(200, second.status(), second.raw());
    JsonObject d = api.get("/cpms/v1/settings", f.key).data();
    assertEquals("Isla Verde Charging", d.getString("name"));
    assertEquals("ops@islaverde.example.com", d.getString("contactEmail"));
    assertEquals("America/Puerto_Rico", d.getString("timeZone"));
    assertEquals("USD", d.getString("currency"));
    assertEquals("#E2231A", d.getJsonObject("branding").getString("primaryColor"));
    assertEquals("#1A1A1A", d.getJsonObject("branding").getString("secondaryColor"));
    assertEquals(11.5, d.getJsonObject("billing").getDouble("vatRate"));
    assertEquals("IVC", d.getJsonObject("billing").getString("invoicePrefix"));
    assertEquals(14, d.getJsonObject("billing").getInteger("paymentTermsDays"));
  }

  @Test
  void aKeyWithSeveralNetworksMustNameOne() {
    UUID a = api.network("Set multi A");
    UUID b = api.network("Set multi B");
    String key = api.key(List.of(a, b), List.of("cpms:settings:read"));
    Result r = api.get("/cpms/v1/settings", key);
    assertEquals(400, r.status());
    assertEquals("networkUuid", r.json().getString("field"));
    assertEquals(b.toString(), api.get("/cpms/v1/settings?networkUuid=" + b, key).data().getString("id"));
  }

  @Test
  void anotherNetworksSettingsAnswer404() {
    FleetFixture mine = new FleetFixture(api, "Set mine");
    UUID theirs = api.network("Set theirs");
    assertEquals(404, api.get("/cpms/v1/settings?networkUuid=" + theirs, mine.key).status());
    assertEquals(404, api.call("PUT", "/cpms/v1/settings?networkUuid=" + theirs, mine.key, new JsonObject().put("name", "x")).status());
  }

  @Test
  void aMalformedEmailIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Set email");
    Result r = api.call("PUT", "/cpms/v1/settings", f.key, new JsonObject().put("contactEmail", "not an email"));
    assertEquals(400, r.status());
    assertEquals("contactEmail", r.json().getString("field"));
  }

  @Test
  void aMalformedBrandColorIs400NamingTheNestedField() {
    FleetFixture f = new FleetFixture(api, "Set color");
    Result r = api.call("PUT", "/cpms/v1/settings", f.key, new JsonObject().put("branding", new JsonObject().put("primaryColor", "red")));
    assertEquals(400, r.status());
    assertEquals("branding.primaryColor", r.json().getString("field"));
  }

  @Test
  void anUnknownTimeZoneIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Set tz");
    Result r = api.call("PUT", "/cpms/v1/settings", f.key, new JsonObject().put("timeZone", "Atlantis/Capital"));
    assertEquals(400, r.status());
    assertEquals("timeZone", r.json().getString("field"));
  }

  @Test
  void updatingWithAReadOnlyKeyIs403() {
    UUID network = api.network("Set readonly");
    String key = api.key(List.of(network), List.of("cpms:settings:read"));
    assertEquals(403, api.call("PUT", "/cpms/v1/settings", key, new JsonObject().put("name", "x")).status());
  }
}
