package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.chargetime.ocpp.ClientEvents;
import eu.chargetime.ocpp.JSONClient;
import eu.chargetime.ocpp.feature.profile.ClientCoreEventHandler;
import eu.chargetime.ocpp.feature.profile.ClientCoreProfile;
import eu.chargetime.ocpp.model.Confirmation;
import eu.chargetime.ocpp.model.Request;
import eu.chargetime.ocpp.model.core.AuthorizationStatus;
import eu.chargetime.ocpp.model.core.AuthorizeConfirmation;
import eu.chargetime.ocpp.model.core.BootNotificationConfirmation;
import eu.chargetime.ocpp.model.core.ChangeAvailabilityConfirmation;
import eu.chargetime.ocpp.model.core.ChangeAvailabilityRequest;
import eu.chargetime.ocpp.model.core.ChangeConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.ChangeConfigurationRequest;
import eu.chargetime.ocpp.model.core.ChargePointErrorCode;
import eu.chargetime.ocpp.model.core.ChargePointStatus;
import eu.chargetime.ocpp.model.core.ClearCacheConfirmation;
import eu.chargetime.ocpp.model.core.ClearCacheRequest;
import eu.chargetime.ocpp.model.core.DataTransferConfirmation;
import eu.chargetime.ocpp.model.core.DataTransferRequest;
import eu.chargetime.ocpp.model.core.DataTransferStatus;
import eu.chargetime.ocpp.model.core.GetConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.GetConfigurationRequest;
import eu.chargetime.ocpp.model.core.HeartbeatConfirmation;
import eu.chargetime.ocpp.model.core.MeterValuesRequest;
import eu.chargetime.ocpp.model.core.RegistrationStatus;
import eu.chargetime.ocpp.model.core.RemoteStartTransactionConfirmation;
import eu.chargetime.ocpp.model.core.RemoteStartTransactionRequest;
import eu.chargetime.ocpp.model.core.RemoteStopTransactionConfirmation;
import eu.chargetime.ocpp.model.core.RemoteStopTransactionRequest;
import eu.chargetime.ocpp.model.core.ResetConfirmation;
import eu.chargetime.ocpp.model.core.ResetRequest;
import eu.chargetime.ocpp.model.core.StartTransactionConfirmation;
import eu.chargetime.ocpp.model.core.StartTransactionRequest;
import eu.chargetime.ocpp.model.core.StopTransactionConfirmation;
import eu.chargetime.ocpp.model.core.StopTransactionRequest;
import eu.chargetime.ocpp.model.core.UnlockConnectorConfirmation;
import eu.chargetime.ocpp.model.core.UnlockConnectorRequest;
import io.vertx.redis.client.Command;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.support.TestGateway;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An independent OCPP 1.6 implementation (Java-OCA-OCPP's JSON client) acts as the charger, so
 * Voltgate is checked against someone else's reading of the specification.
 */
@Timeout(90)
class OcaChargerInteropTest {

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JSONClient connect(String chargePointId, ClientCoreProfile core) {
    JSONClient client = new JSONClient(core, chargePointId);
    client.connect("ws://127.0.0.1:" + gateway.port + "/ocpp", new ClientEvents() {
      @Override
      public void connectionOpened() {
      }

      @Override
      public void connectionClosed() {
      }
    });
    return client;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Confirmation> T send(JSONClient client, Request request) throws Exception {
    return (T) client.send(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The first row, waited for: boot info and statuses reach Postgres in batches, a moment after the answer. */
  private static Row one(String sql, Object... params) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (true) {
      var rows = TestGateway.await(gateway.pg.preparedQuery(sql).execute(Tuple.from(params)));
      if (rows.size() > 0 || System.currentTimeMillis() > deadline) {
        return rows.iterator().next();
      }
      Thread.sleep(50);
    }
  }

  @Test
  void aChargingSessionFromBootToStopIsRecordedWithItsEnergy() throws Exception {
    String cp = "OCA-" + UUID.randomUUID().toString().substring(0, 8);
    String tag = "TAG" + UUID.randomUUID().toString().substring(0, 8);
    TestGateway.await(gateway.pg.preparedQuery("INSERT INTO id_tokens (id, token, status) VALUES ($1, $2, 'Accepted')")
        .execute(Tuple.of(UUID.randomUUID(), tag)));
    ClientCoreProfile core = new ClientCoreProfile(new IdleChargerHandler());
    JSONClient client = connect(cp, core);
    try {
      BootNotificationConfirmation boot = send(client, core.createBootNotificationRequest("Acme", "AC-22"));
      assertEquals(RegistrationStatus.Accepted, boot.getStatus());
      assertEquals(300, boot.getInterval());
      HeartbeatConfirmation hb = send(client, core.createHeartbeatRequest());
      assertNotNull(hb.getCurrentTime());

      send(client, core.createStatusNotificationRequest(1, ChargePointErrorCode.NoError, ChargePointStatus.Preparing));
      AuthorizeConfirmation auth = send(client, core.createAuthorizeRequest(tag));
      assertEquals(AuthorizationStatus.Accepted, auth.getIdTagInfo().getStatus());

      StartTransactionRequest startReq = core.createStartTransactionRequest(1, tag, 1_000, ZonedDateTime.now());
      StartTransactionConfirmation start = send(client, startReq);
      assertEquals(AuthorizationStatus.Accepted, start.getIdTagInfo().getStatus());
      int tx = start.getTransactionId();

      MeterValuesRequest mv = core.createMeterValuesRequest(1, ZonedDateTime.now(), "4500");
      mv.setTransactionId(tx);
      send(client, mv);

      StopTransactionRequest stopReq = core.createStopTransactionRequest(8_500, ZonedDateTime.now(), tx);
      stopReq.setIdTag(tag);
      StopTransactionConfirmation stop = send(client, stopReq);
      assertEquals(AuthorizationStatus.Accepted, stop.getIdTagInfo().getStatus());

      Row session = one("SELECT status, energy_wh, meter_start_wh, meter_stop_wh, stop_reason, id_token"
          + " FROM charging_sessions WHERE ocpp16_transaction_id = $1", tx);
      assertEquals("COMPLETED", session.getString("status"));
      assertEquals(0, session.getBigDecimal("energy_wh").compareTo(java.math.BigDecimal.valueOf(7_500)));
      assertEquals("Local", session.getString("stop_reason"));
      assertEquals(tag, session.getString("id_token"));

      Row connector = one("SELECT status FROM connectors c JOIN chargers ch ON ch.id = c.charger_id"
          + " WHERE ch.charge_point_id = $1 AND c.evse_id = 1", cp);
      assertEquals("Preparing", connector.getString("status"));

      Row charger = one("SELECT vendor, model, ocpp_version FROM chargers WHERE charge_point_id = $1"
          + " AND ocpp_version IS NOT NULL", cp);
      assertEquals("Acme", charger.getString("vendor"));
      assertEquals("1.6", charger.getString("ocpp_version"));

      var conn = TestGateway.await(gateway.redis.send(io.vertx.redis.client.Request.cmd(Command.HGET)
          .arg("vg:{cp:" + cp + "}:conn").arg("protocol")));
      assertEquals("ocpp1.6", conn.toString());

      long samples = waitForSamples(tx);
      assertTrue(samples >= 1, "meter sample stored");
    } finally {
      client.disconnect();
    }
  }

  @Test
  void unknownTokensAreInvalidAndDataTransferToAnUnknownVendorIsAnswered() throws Exception {
    ClientCoreProfile core = new ClientCoreProfile(new IdleChargerHandler());
    JSONClient client = connect("OCA-" + UUID.randomUUID().toString().substring(0, 8), core);
    try {
      BootNotificationConfirmation boot = send(client, core.createBootNotificationRequest("Acme", "AC-22"));
      assertEquals(RegistrationStatus.Accepted, boot.getStatus());
      AuthorizeConfirmation auth = send(client, core.createAuthorizeRequest("NOBODY"));
      assertEquals(AuthorizationStatus.Invalid, auth.getIdTagInfo().getStatus());
      DataTransferConfirmation dt = send(client, core.createDataTransferRequest("com.unknown.vendor"));
      assertEquals(DataTransferStatus.UnknownVendorId, dt.getStatus());
    } finally {
      client.disconnect();
    }
  }

  @Test
  void aRetriedStartTransactionGetsTheSameTransactionIdAndAStopForAnUnknownIdIsAccepted() throws Exception {
    ClientCoreProfile core = new ClientCoreProfile(new IdleChargerHandler());
    String cp = "OCA-" + UUID.randomUUID().toString().substring(0, 8);
    JSONClient client = connect(cp, core);
    try {
      send(client, core.createBootNotificationRequest("Acme", "AC-22"));
      ZonedDateTime at = ZonedDateTime.parse("2026-11-21T10:00:00Z");
      StartTransactionConfirmation first = send(client, core.createStartTransactionRequest(2, "T1", 100, at));
      StartTransactionConfirmation retry = send(client, core.createStartTransactionRequest(2, "T1", 100, at));
      assertEquals(first.getTransactionId(), retry.getTransactionId());
      Row count = one("SELECT count(*)::int AS n FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
          + " WHERE c.charge_point_id = $1", cp);
      assertEquals(1, count.getInteger("n"));

      StopTransactionConfirmation orphan = send(client, core.createStopTransactionRequest(500, ZonedDateTime.now(), 987_654));
      assertNotNull(orphan);
      Row o = one("SELECT orphan, status FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id"
          + " WHERE c.charge_point_id = $1 AND s.transaction_ref = '987654'", cp);
      assertTrue(o.getBoolean("orphan"));
      assertEquals("COMPLETED", o.getString("status"));
    } finally {
      client.disconnect();
    }
  }

  private static long waitForSamples(int tx) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      long n = one("SELECT count(*)::int AS n FROM meter_samples m JOIN charging_sessions s ON s.id = m.session_id"
          + " WHERE s.ocpp16_transaction_id = $1", tx).getInteger("n");
      if (n > 0) {
        return n;
      }
      Thread.sleep(100);
    }
    return 0;
  }

  /** A charger that answers every CSMS-initiated core request plainly (not exercised here). */
  static final class IdleChargerHandler implements ClientCoreEventHandler {
    @Override
    public ChangeAvailabilityConfirmation handleChangeAvailabilityRequest(ChangeAvailabilityRequest r) {
      return null;
    }

    @Override
    public GetConfigurationConfirmation handleGetConfigurationRequest(GetConfigurationRequest r) {
      return null;
    }

    @Override
    public ChangeConfigurationConfirmation handleChangeConfigurationRequest(ChangeConfigurationRequest r) {
      return null;
    }

    @Override
    public ClearCacheConfirmation handleClearCacheRequest(ClearCacheRequest r) {
      return null;
    }

    @Override
    public DataTransferConfirmation handleDataTransferRequest(DataTransferRequest r) {
      return null;
    }

    @Override
    public RemoteStartTransactionConfirmation handleRemoteStartTransactionRequest(RemoteStartTransactionRequest r) {
      return null;
    }

    @Override
    public RemoteStopTransactionConfirmation handleRemoteStopTransactionRequest(RemoteStopTransactionRequest r) {
      return null;
    }

    @Override
    public ResetConfirmation handleResetRequest(ResetRequest r) {
      return null;
    }

    @Override
    public UnlockConnectorConfirmation handleUnlockConnectorRequest(UnlockConnectorRequest r) {
      return null;
    }
  }
}
