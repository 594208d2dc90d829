package io.voltgate.api.emp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.UUID;

/** EMP partner keys for the /emp/v1 tests, minted by the operator as in production. */
final class EmpKeys {

  private EmpKeys() {
  }

  static String mint(ApiTestServer api, UUID network) {
    Result r = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "emp partner")
        .put("apiFamily", "emp").put("networkIds", new JsonArray().add(network.toString())));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }
}
