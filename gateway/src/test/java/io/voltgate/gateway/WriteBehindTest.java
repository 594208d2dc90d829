package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestBackends;
import io.voltgate.gateway.support.TestGateway;
import io.voltgate.store.pg.PgClients;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Statuses and boot info are written to Postgres in batches. With a flush period far longer than the
 * test, only the shutdown flush (what SIGTERM runs: Vert.x closes, each gateway verticle stops after
 * closing its sockets) can have written them: nothing is lost and the latest status wins.
 */
@Timeout(60)
class WriteBehindTest {

  @Test
  void batchedStatusesSurviveShutdownAndTheLatestStatusWins() {
    String cp = "WB-" + UUID.randomUUID();
    TestGateway gateway = TestGateway.start(Map.of("VOLTGATE_NODE_ID", "node-write-behind",
        "VOLTGATE_STATE_FLUSH_MS", "3600000"));
    String[] statuses = {"Available", "Preparing", "Charging", "SuspendedEV", "Charging", "Finishing"};
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, cp, "ocpp1.6")) {
      c.call("BootNotification", new JsonObject().put("chargePointVendor", "WB-Vendor").put("chargePointModel", "WB-1"));
      for (int i = 0; i < statuses.length; i++) {
        c.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError")
            .put("status", statuses[i]).put("timestamp", "2026-12-01T10:00:0" + i + "Z"));
      }
      // An older report arriving last must not overwrite the newer ones.
      c.call("StatusNotification", new JsonObject().put("connectorId", 1).put("errorCode", "NoError")
          .put("status", "Faulted").put("timestamp", "2026-12-01T09:59:00Z"));
    }
    gateway.close();

    Vertx vertx = Vertx.vertx();
    try {
      Pool pg = PgClients.pool(vertx, TestBackends.get().pgUrl(), 2);
      Row connector = TestGateway.await(pg.preparedQuery("SELECT k.status FROM connectors k JOIN chargers c"
          + " ON c.id = k.charger_id WHERE c.charge_point_id = $1 AND k.evse_id = 1").execute(Tuple.of(cp))).iterator().next();
      assertEquals("Finishing", connector.getString("status"));
      List<String> history = new ArrayList<>();
      TestGateway.await(pg.preparedQuery("SELECT h.status FROM status_history h JOIN chargers c ON c.id = h.charger_id"
          + " WHERE c.charge_point_id = $1 ORDER BY h.id").execute(Tuple.of(cp))).forEach(r -> history.add(r.getString("status")));
      assertEquals(List.of("Available", "Preparing", "Charging", "SuspendedEV", "Charging", "Finishing", "Faulted"), history);
      Row charger = TestGateway.await(pg.preparedQuery("SELECT vendor, model, ocpp_version FROM chargers"
          + " WHERE charge_point_id = $1").execute(Tuple.of(cp))).iterator().next();
      assertEquals("WB-Vendor", charger.getString("vendor"));
      assertEquals("1.6", charger.getString("ocpp_version"));
    } finally {
      TestGateway.await(vertx.close());
    }
  }
}
