package io.voltgate.api.emp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A server per test class with two EMP partners, each with its own network and key. */
abstract class EmpApiTestBase {

  static ApiTestServer api;
  static UUID networkA;
  static String partnerA;
  static String partnerB;

  @BeforeAll
  static void startServerAndPartners() {
    api = ApiTestServer.start();
    networkA = api.network("emp A");
    partnerA = empKey(networkA);
    partnerB = empKey(api.network("emp B"));
  }

  @AfterAll
  static void stopServer() {
    api.close();
  }

  /** An EMP partner's key of the network, minted by the operator as in production. */
  static String empKey(UUID network) {
    Result r = api.post("/cpms/v1/api-keys", api.adminKey, new JsonObject().put("name", "emp partner")
        .put("apiFamily", "emp").put("networkIds", new JsonArray().add(network.toString())));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }
}
