package io.voltgate.api.cpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/** The firmware catalog of /cpms/v1 over real HTTP. */
@Timeout(60)
class FirmwareTest {

  private static ApiTestServer api;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String modelName() {
    return "EVlink-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject image(String model, String version, String releasedAt) {
    return new JsonObject().put("vendor", "Schneider").put("model", model).put("version", version)
        .put("fileUrl", "https://firmware.example.com/evlink/evlink-" + version + ".bin?sig=abc")
        .put("releasedAt", releasedAt).put("ocppVersionSupport", "1.6,2.0.1").put("fileSizeBytes", 8388608)
        .put("checksum", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  }

  @Test
  void anAddedImageIsListedForItsModelAndTheNewestReleaseIsLatest() {
    FleetFixture f = new FleetFixture(api, "Fw model");
    String model = modelName();
    Result old = api.post("/cpms/v1/firmware", f.key, image(model, "1.5.4", "2026-01-01T00:00:00Z"));
    assertEquals(201, old.status(), old.raw());
    assertEquals("evlink-1.5.4.bin", old.data().getString("fileName"));
    assertEquals(f.network.toString(), old.data().getString("networkId"));
    String modelId = old.data().getString("modelId");
    JsonObject byId = image(model, "1.5.32", "2026-05-01T00:00:00Z").put("modelId", modelId);
    byId.remove("vendor");
    byId.remove("model");
    Result newer = api.post("/cpms/v1/firmware", f.key, byId);
    assertEquals(201, newer.status(), newer.raw());
    assertEquals(modelId, newer.data().getString("modelId"));
    Result list = api.get("/cpms/v1/charger-models/" + modelId + "/firmware", f.key);
    assertEquals(200, list.status(), list.raw());
    assertEquals(2, list.list().size());
    JsonObject first = list.list().getJsonObject(0);
    assertEquals("1.5.32", first.getString("version"));
    assertTrue(first.getBoolean("isLatest"));
    assertEquals("2026-05-01T00:00:00Z", first.getString("releasedAt"));
    assertEquals(8388608L, first.getLong("fileSizeBytes"));
    assertFalse(list.list().getJsonObject(1).getBoolean("isLatest"));
    assertEquals(2, list.json().getJsonObject("pagination").getInteger("total"));
  }

  @Test
  void theCatalogShowsGlobalImagesOnlyForModelsTheOperatorsChargersUse() {
    FleetFixture f = new FleetFixture(api, "Fw applicable");
    String used = modelName();
    String unused = modelName();
    Result usedImage = api.post("/cpms/v1/firmware", api.adminKey, image(used, "2.0.0", "2026-02-01T00:00:00Z"));
    assertEquals(201, usedImage.status(), usedImage.raw());
    assertNull(usedImage.data().getString("networkId"), "an unrestricted key adds to the global catalog");
    api.post("/cpms/v1/firmware", api.adminKey, image(unused, "2.0.0", "2026-02-01T00:00:00Z"));
    f.charger(new JsonObject().put("serial", FleetFixture.uid()).put("modelUuid", usedImage.data().getString("modelId")));
    Result catalog = api.get("/cpms/v1/firmware", f.key);
    assertEquals(200, catalog.status(), catalog.raw());
    assertEquals(1, catalog.list().size());
    assertEquals(used, catalog.list().getJsonObject(0).getString("model"));
    // The model's own catalog still lists every readable image of that model.
    Result byModel = api.get("/cpms/v1/firmware?modelId=" + usedImage.data().getString("modelId"), f.key);
    assertEquals(1, byModel.list().size());
  }

  @Test
  void anotherNetworksPrivateModelAndImagesAreUnknown() {
    FleetFixture mine = new FleetFixture(api, "Fw mine");
    FleetFixture theirs = new FleetFixture(api, "Fw theirs");
    Result private_ = api.post("/cpms/v1/firmware", theirs.key, image(modelName(), "1.0.0", "2026-03-01T00:00:00Z"));
    assertEquals(201, private_.status(), private_.raw());
    String modelId = private_.data().getString("modelId");
    assertEquals(404, api.get("/cpms/v1/charger-models/" + modelId + "/firmware", mine.key).status());
    Result byId = api.post("/cpms/v1/firmware", mine.key, new JsonObject().put("modelId", modelId).put("version", "9")
        .put("fileUrl", "https://x.example.com/a.bin"));
    assertEquals(404, byId.status(), byId.raw());
    Result charger = api.post("/cpms/v1/chargers", mine.key, new JsonObject().put("serial", FleetFixture.uid()).put("modelUuid", modelId));
    assertEquals(404, charger.status(), charger.raw());
    assertEquals(1, api.get("/cpms/v1/charger-models/" + modelId + "/firmware", theirs.key).list().size());
  }

  @Test
  void aVersionAnotherNetworkHasPrivatelyIsNoConflictAndRevealsNothing() {
    FleetFixture theirs = new FleetFixture(api, "Fw secret theirs");
    FleetFixture mine = new FleetFixture(api, "Fw secret mine");
    String secretModel = "Secret-" + modelName();
    Result theirImage = api.post("/cpms/v1/firmware", theirs.key, image(secretModel, "7.0.1", "2026-03-01T00:00:00Z"));
    assertEquals(201, theirImage.status(), theirImage.raw());
    Result mineImage = api.post("/cpms/v1/firmware", mine.key, image(secretModel.toLowerCase(), "7.0.1", "2026-03-02T00:00:00Z"));
    assertEquals(201, mineImage.status(), "no 409 on another network's private entry: " + mineImage.raw());
    assertEquals(secretModel.toLowerCase(), mineImage.data().getString("model"), "not the other network's spelling");
    assertNotEquals(theirImage.data().getString("modelId"), mineImage.data().getString("modelId"));
    assertEquals(mine.network.toString(), mineImage.data().getString("networkId"));
    assertEquals(409, api.post("/cpms/v1/firmware", mine.key, image(secretModel.toLowerCase(), "7.0.1", "2026-03-03T00:00:00Z")).status(),
        "the network's own entry still conflicts");
  }

  @Test
  void aVersionInTheGlobalCatalogConflictsForEveryNetwork() {
    FleetFixture f = new FleetFixture(api, "Fw global dup");
    String model = modelName();
    Result global = api.post("/cpms/v1/firmware", api.adminKey, image(model, "4.0", "2026-04-01T00:00:00Z"));
    assertEquals(201, global.status(), global.raw());
    Result again = api.post("/cpms/v1/firmware", f.key, image(model, "4.0", "2026-04-02T00:00:00Z"));
    assertEquals(409, again.status(), again.raw());
    assertEquals(global.data().getString("modelId"),
        api.post("/cpms/v1/firmware", f.key, image(model, "4.1", "2026-04-03T00:00:00Z")).data().getString("modelId"),
        "a network naming a global model uses it");
  }

  @Test
  void anUnknownModelIs404() {
    FleetFixture f = new FleetFixture(api, "Fw unknown");
    assertEquals(404, api.get("/cpms/v1/charger-models/" + UUID.randomUUID() + "/firmware", f.key).status());
    Result add = api.post("/cpms/v1/firmware", f.key, new JsonObject().put("modelId", UUID.randomUUID().toString())
        .put("version", "1").put("fileUrl", "https://x.example.com/a.bin"));
    assertEquals(404, add.status(), add.raw());
  }

  @Test
  void addingTheSameVersionTwiceIs409() {
    FleetFixture f = new FleetFixture(api, "Fw dup");
    String model = modelName();
    assertEquals(201, api.post("/cpms/v1/firmware", f.key, image(model, "3.1", "2026-04-01T00:00:00Z")).status());
    Result again = api.post("/cpms/v1/firmware", f.key, image(model, "3.1", "2026-04-02T00:00:00Z"));
    assertEquals(409, again.status(), again.raw());
  }

  @Test
  void aMissingFileUrlIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Fw no url");
    Result r = api.post("/cpms/v1/firmware", f.key, new JsonObject().put("model", modelName()).put("version", "1"));
    assertEquals(400, r.status());
    assertEquals("fileUrl", r.json().getString("field"));
  }

  @Test
  void anImageWithoutAModelIs400NamingTheField() {
    FleetFixture f = new FleetFixture(api, "Fw no model");
    Result r = api.post("/cpms/v1/firmware", f.key, new JsonObject().put("version", "1").put("fileUrl", "https://x.example.com/a.bin"));
    assertEquals(400, r.status());
    assertEquals("model", r.json().getString("field"));
  }

  @Test
  void addingWithAReadOnlyKeyIs403() {
    UUID network = api.network("Fw readonly");
    String key = api.key(List.of(network), List.of("cpms:firmware:read"));
    assertEquals(200, api.get("/cpms/v1/firmware", key).status());
    assertEquals(403, api.post("/cpms/v1/firmware", key, image(modelName(), "1", "2026-01-01T00:00:00Z")).status());
  }
}
