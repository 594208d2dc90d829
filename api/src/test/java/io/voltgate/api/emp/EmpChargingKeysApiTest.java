package io.voltgate.api.emp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.store.model.ContractIds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /emp/v1/charging-keys} over HTTP: the seed's shapes, statuses and errors, the keyIdentifier
 * mapping, generated contract ids, keyset pagination under inserts, and one partner never seeing or
 * changing another's keys.
 */
@Timeout(180)
class EmpChargingKeysApiTest extends EmpApiTestBase {

  /** A random little-endian identifier of a 4-byte UID. */
  static String randomKey() {
    return String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt() & 0x7fffffff | 0x01000000);
  }

  private static Result create(String key, JsonObject body) {
    return api.post("/emp/v1/charging-keys", key, body);
  }

  @Test
  void theSeedsExampleIsCreatedAndShownAsTheIdTagChargersSend() {
    api.await(api.pg.preparedQuery("DELETE FROM id_tokens WHERE token = '3633E0E0'").execute());
    Result created = create(partnerA, new JsonObject().put("keyIdentifier", "e0e03336").put("fleetId", "y1nNLJqb7m")
        .put("contractId", "DE-9FS-C045DS363-E").put("visualNumber", "DE-9FS-C045DS363-E").put("enabled", true));
    assertEquals(200, created.status(), created.raw());
    JsonObject key = created.json();
    assertEquals("3633e0e0", key.getString("keyIdentifier"));
    assertEquals("DE-9FS-C045DS363-E", key.getString("contractId"));
    assertEquals("DE-9FS-C045DS363-E", key.getString("visualNumber"));
    assertEquals("y1nNLJqb7m", key.getString("fleetId"));
    assertTrue(key.getBoolean("enabled"));
    assertNotNull(key.getString("validTo"));
    assertFalse(key.containsKey("data"), "EMP answers are bare, as in the seed");
    String stored = api.await(api.pg.preparedQuery("SELECT token FROM id_tokens WHERE charging_key AND token = $1")
        .execute(Tuple.of("3633E0E0"))).iterator().next().getString("token");
    assertEquals("3633E0E0", stored, "stored as the idTag a charger sends (upper case, bytes reversed)");

    Result listed = api.get("/emp/v1/charging-keys?fleetId=y1nNLJqb7m", partnerA);
    assertEquals(200, listed.status(), listed.raw());
    assertEquals(1, listed.json().getJsonArray("keys").size(), listed.raw());
    assertEquals(key, listed.json().getJsonArray("keys").getJsonObject(0));
    assertFalse(listed.json().containsKey("cursor"), "the last page has no cursor");

    Result again = create(partnerA, new JsonObject().put("keyIdentifier", "E0E03336").put("visualNumber", "x"));
    assertEquals(409, again.status(), again.raw());
    assertEquals("Charging key already activated", again.json().getString("message"));
    assertEquals(409, create(partnerB, new JsonObject().put("keyIdentifier", "e0e03336").put("visualNumber", "x"))
        .status(), "an idTag is one token across partners");
  }

  @Test
  void aContractIdIsGeneratedWithItsCheckDigitAndDefaultsApply() {
    Result created = create(partnerA, new JsonObject().put("keyIdentifier", randomKey()).put("visualNumber", "V-1")
        .put("validTo", "2031-01-24T11:25:54Z"));
    assertEquals(200, created.status(), created.raw());
    String contract = created.json().getString("contractId");
    assertTrue(contract.matches("[A-Z]{2}-[A-Z0-9]{3}-[A-Z0-9]{9}-[A-Z0-9]"), contract);
    assertTrue(ContractIds.valid(contract), contract);
    assertEquals(contract.charAt(17), ContractIds.checkDigit(contract.replace("-", "").substring(0, 14)));
    assertTrue(created.json().getBoolean("enabled"), "enabled by default");
    assertFalse(created.json().containsKey("fleetId"), "fleetId is optional and left out when unset");
    assertEquals("2031-01-24T11:25:54Z", created.json().getString("validTo"));
    Result disabled = create(partnerA, new JsonObject().put("keyIdentifier", randomKey()).put("visualNumber", "V-2")
        .put("enabled", false));
    assertEquals(200, disabled.status(), disabled.raw());
    assertFalse(disabled.json().getBoolean("enabled"), "created disabled");
    // Known eMI3 examples: the check character the generator appends.
    assertEquals('D', ContractIds.checkDigit("DE83DUIEN83QGZ"));
    assertEquals('C', ContractIds.checkDigit("DE9FSC045DS363"));
  }

  @Test
  void enableAndDisableChangeTheKeyAndAnotherPartnersKeyIs403() {
    String identifier = randomKey();
    assertEquals(200, create(partnerA, new JsonObject().put("keyIdentifier", identifier).put("visualNumber", "V")).status());
    Result disabled = api.call("PUT", "/emp/v1/charging-keys/" + identifier + "/disable", partnerA, null);
    assertEquals(200, disabled.status(), disabled.raw());
    assertFalse(disabled.json().getBoolean("enabled"));
    Result enabled = api.call("PUT", "/emp/v1/charging-keys/" + identifier + "/enable", partnerA, null);
    assertEquals(200, enabled.status(), enabled.raw());
    assertTrue(enabled.json().getBoolean("enabled"));

    Result foreign = api.call("PUT", "/emp/v1/charging-keys/" + identifier + "/disable", partnerB, null);
    assertEquals(403, foreign.status(), foreign.raw());
    assertEquals("You have no access to this charging key", foreign.json().getString("message"));
    Result unknown = api.call("PUT", "/emp/v1/charging-keys/0badc0de/enable", partnerA, null);
    assertEquals(404, unknown.status(), unknown.raw());
    assertEquals("Charging key not found", unknown.json().getString("message"));
    assertTrue(api.get("/emp/v1/charging-keys?page_size=500", partnerB).json().getJsonArray("keys").stream()
        .noneMatch(k -> KeyIdentifiersView.of(identifier).equals(((JsonObject) k).getString("keyIdentifier"))));
  }

  @Test
  void clientInputErrorsAre400NeverA500() {
    for (String bad : new String[] {"page_size=9", "page_size=501", "page_size=abc", "cursor=not-ours"}) {
      Result r = api.get("/emp/v1/charging-keys?" + bad, partnerA);
      assertEquals(400, r.status(), bad + ": " + r.raw());
    }
    for (JsonObject body : new JsonObject[] {
        new JsonObject().put("visualNumber", "V"),
        new JsonObject().put("keyIdentifier", "e0e0333").put("visualNumber", "V"),
        new JsonObject().put("keyIdentifier", "zzzz").put("visualNumber", "V"),
        new JsonObject().put("keyIdentifier", randomKey()),
        new JsonObject().put("keyIdentifier", randomKey()).put("visualNumber", "V").put("contractId", "nope"),
        new JsonObject().put("keyIdentifier", randomKey()).put("visualNumber", "V").put("enabled", "yes"),
        new JsonObject().put("keyIdentifier", randomKey()).put("visualNumber", "V").put("validTo", "tomorrow")}) {
      Result r = create(partnerA, body);
      assertEquals(400, r.status(), body.encode() + ": " + r.raw());
    }
    assertEquals(400, api.call("PUT", "/emp/v1/charging-keys/xyz/enable", partnerA, null).status());
    assertEquals(401, api.get("/emp/v1/charging-keys", null).status());
  }

  @Test
  void pagesOver1200KeysMissNoneAndRepeatNoneWhileKeysAreCreated() {
    UUID network = api.network("emp paging");
    String partner = empKey(network);
    // 1,200 keys in one statement: one created_at for all, so the id alone orders them (the tie case).
    api.await(api.pg.preparedQuery("INSERT INTO id_tokens (id, network_id, token, contract_id, status, expires_at,"
            + " charging_key, visual_number, fleet_id) SELECT gen_random_uuid(), $1, 'PG' || lpad(n::text, 8, '0'),"
            + " 'DE-AAA-000000000-0', 'Accepted', now() + interval '1 year', true, 'V' || n, 'fleet' FROM"
            + " generate_series(1, 1200) n").execute(Tuple.of(network)));
    Set<String> seen = new HashSet<>();
    Set<String> insertedMeanwhile = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = "/emp/v1/charging-keys?fleetId=fleet&page_size=100"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      Result page = api.get(path, partner);
      assertEquals(200, page.status(), page.raw());
      for (Object k : page.json().getJsonArray("keys")) {
        String id = ((JsonObject) k).getString("keyIdentifier");
        assertTrue(seen.add(id), "repeated: " + id);
      }
      cursor = page.json().getString("cursor");
      pages++;
      if (pages <= 3) {
        String identifier = randomKey();
        Result inserted = create(partner, new JsonObject().put("keyIdentifier", identifier).put("visualNumber", "new")
            .put("fleetId", "fleet"));
        assertEquals(200, inserted.status(), inserted.raw());
        insertedMeanwhile.add(inserted.json().getString("keyIdentifier"));
      }
    } while (cursor != null && pages < 50);
    assertNull(cursor);
    for (int n = 1; n <= 1200; n++) {
      assertTrue(seen.contains(String.format(Locale.ROOT, "pg%08d", n)), "missed key " + n);
    }
    assertTrue(seen.containsAll(insertedMeanwhile), "keys created meanwhile come at the end");
    assertEquals(1203, seen.size());
    assertEquals(13, pages);
    Result small = api.get("/emp/v1/charging-keys?fleetId=fleet&page_size=10", partner);
    assertEquals(10, small.json().getJsonArray("keys").size());
    assertNotNull(small.json().getString("cursor"));
    assertEquals(100, api.get("/emp/v1/charging-keys", partner).json().getJsonArray("keys").size(), "default 100");
    assertTrue(api.get("/emp/v1/charging-keys?page_size=500", partnerA).json().getJsonArray("keys").stream()
        .noneMatch(k -> ((JsonObject) k).getString("keyIdentifier").startsWith("pg")), "another partner's keys");
  }

  /** The identifier the API shows for a little-endian one. */
  private static final class KeyIdentifiersView {
    static String of(String littleEndian) {
      return io.voltgate.services.emp.KeyIdentifiers.shown(io.voltgate.services.emp.KeyIdentifiers.toIdTag(littleEndian));
    }
  }
}
