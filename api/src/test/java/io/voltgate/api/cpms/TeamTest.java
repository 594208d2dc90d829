package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

/** /cpms/v1/team over real HTTP. */
@Timeout(60)
class TeamTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String email() {
    return "m-" + UUID.randomUUID().toString().substring(0, 8) + "@islaverde.example.com";
  }

  @Test
  void anAddedMemberIsListedWithRoleAndJoinDate() {
    FleetFixture f = new FleetFixture(api, "Team add");
    String email = email();
    Result r = api.post("/cpms/v1/team", f.key, new JsonObject().put("email", email).put("role", "manager")
        .put("firstName", "Maria").put("lastName", "Rivera"));
    assertEquals(201, r.status(), r.raw());
    assertEquals("Manager", r.data().getString("role"));
    assertTrue(r.data().getBoolean("added"));
    Result list = api.get("/cpms/v1/team", f.key);
    assertEquals(200, list.status(), list.raw());
    assertEquals(1, list.list().size());
    JsonObject m = list.list().getJsonObject(0);
    assertEquals(email, m.getString("email"));
    assertEquals("Maria", m.getString("firstName"));
    assertEquals("Rivera", m.getString("lastName"));
    assertEquals("Manager", m.getString("role"));
    assertNotNull(m.getString("joinedAt"));
  }

  @Test
  void aMemberAddedWithoutRoleIsAViewer() {
    FleetFixture f = new FleetFixture(api, "Team default role");
    Result r = api.post("/cpms/v1/team", f.key, new JsonObject().put("email", email()));
    assertEquals(201, r.status(), r.raw());
    assertEquals("Viewer", r.data().getString("role"));
  }

  @Test
  void addingAnEmailKnownOnAnotherNetworkAnswersExactlyAsForAnUnknownOne() {
    FleetFixture theirs = new FleetFixture(api, "Team leak theirs");
    FleetFixture mine = new FleetFixture(api, "Team leak mine");
    String known = email();
    assertEquals(201, api.post("/cpms/v1/team", theirs.key, new JsonObject().put("email", known)
        .put("firstName", "Ana").put("lastName", "Soto")).status());
    Result r = api.post("/cpms/v1/team", mine.key, new JsonObject().put("email", known.toUpperCase()));
    Result unknown = api.post("/cpms/v1/team", mine.key, new JsonObject().put("email", email()));
    assertEquals(201, r.status(), r.raw());
    assertEquals(unknown.status(), r.status());
    assertEquals(unknown.data().fieldNames(), r.data().fieldNames());
    assertNull(r.data().getString("firstName"), "another network's name leaked: " + r.raw());
    assertNull(r.data().getString("lastName"), "another network's name leaked: " + r.raw());
    assertFalse(api.get("/cpms/v1/team", mine.key).raw().contains("Soto"));
    assertEquals("Ana", api.get("/cpms/v1/team", theirs.key).list().getJsonObject(0).getString("firstName"),
        "their member is unchanged");
  }

  @Test
  void addingTheSameEmailTwiceIs409() {
    FleetFixture f = new FleetFixture(api, "Team dup");
    String email = email();
    api.post("/cpms/v1/team", f.key, new JsonObject().put("email", email));
    Result r = api.post("/cpms/v1/team", f.key, new JsonObject().put("email", email.toUpperCase()));
    assertEquals(409, r.status(), r.raw());
  }

  @Test
  void aMissingEmailIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Team no email");
    Result r = api.post("/cpms/v1/team", f.key, new JsonObject().put("role", "Admin"));
    assertEquals(400, r.status());
    assertEquals("email", r.json().getString("field"));
  }

  @Test
  void anUnknownRoleIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Team bad role");
    Result r = api.post("/cpms/v1/team", f.key, new JsonObject().put("email", email()).put("role", "Emperor"));
    assertEquals(400, r.status());
    assertEquals("role", r.json().getString("field"));
  }

  @Test
  void aRoleChangeIsAnsweredAndShownInTheList() {
    FleetFixture f = new FleetFixture(api, "Team role");
    String id = api.post("/cpms/v1/team", f.key, new JsonObject().put("email", email())).data().getString("id");
    Result r = api.call("PUT", "/cpms/v1/team/" + id, f.key, new JsonObject().put("role", "ADMIN"));
    assertEquals(200, r.status(), r.raw());
    assertEquals("Admin", r.data().getString("role"));
    assertTrue(r.data().getBoolean("updated"));
    assertEquals("Admin", api.get("/cpms/v1/team", f.key).list().getJsonObject(0).getString("role"));
  }

  @Test
  void aRemovedMemberLeavesTheList() {
    FleetFixture f = new FleetFixture(api, "Team remove");
    String id = api.post("/cpms/v1/team", f.key, new JsonObject().put("email", email())).data().getString("id");
    Result r = api.call("DELETE", "/cpms/v1/team/" + id, f.key, null);
    assertEquals(200, r.status(), r.raw());
    assertTrue(r.data().getBoolean("removed"));
    assertEquals(0, api.get("/cpms/v1/team", f.key).list().size());
    assertEquals(404, api.call("DELETE", "/cpms/v1/team/" + id, f.key, null).status());
  }

  @Test
  void anotherNetworksMemberAnswers404AndIsNotListed() {
    FleetFixture mine = new FleetFixture(api, "Team 404 mine");
    FleetFixture theirs = new FleetFixture(api, "Team 404 theirs");
    String other = api.post("/cpms/v1/team", theirs.key, new JsonObject().put("email", email())).data().getString("id");
    assertEquals(0, api.get("/cpms/v1/team", mine.key).list().size());
    assertEquals(404, api.call("PUT", "/cpms/v1/team/" + other, mine.key, new JsonObject().put("role", "Admin")).status());
    assertEquals(404, api.call("DELETE", "/cpms/v1/team/" + other, mine.key, null).status());
    assertEquals(404, api.get("/cpms/v1/team?networkUuid=" + theirs.network, mine.key).status());
  }

  @Test
  void addingWithAReadOnlyKeyIs403() {
    UUID network = api.network("Team readonly");
    String key = api.key(List.of(network), List.of("cpms:team:read"));
    assertEquals(200, api.get("/cpms/v1/team", key).status());
    assertEquals(403, api.post("/cpms/v1/team", key, new JsonObject().put("email", email())).status());
  }
}
