package io.voltgate.app.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A charger of the fault tests (issue 21): one transaction with fixed meter readings and timestamps,
 * whose messages it resends after a drop until they are acknowledged, as a real charger does; and
 * the check that Postgres holds that transaction exactly once, energy and timestamps intact.
 */
public final class FaultCharger {

  private final Vertx vertx;
  public final String id;
  public final boolean v201;
  private final Instant startAt;
  private final Instant stopAt;
  private final int meterStart;
  private final int meterStop;
  private final String tx201 = UUID.randomUUID().toString();
  private WsCharger ws;
  private Integer tx16;
  private int seqNo;

  public FaultCharger(Vertx vertx, String id, boolean v201, int index) {
    this.vertx = vertx;
    this.id = id;
    this.v201 = v201;
    Instant base = Instant.parse("2026-11-20T08:00:00Z").plusSeconds(index * 60L);
    this.startAt = base;
    this.stopAt = base.plusSeconds(1800 + index);
    this.meterStart = 1_000 + index * 10;
    this.meterStop = meterStart + 5_000 + index * 7;
  }

  public WsCharger ws() {
    return ws;
  }

  /** Connects to {@code port} and boots; answers whatever Voltgate asks with the usual payloads. */
  public FaultCharger connect(int port) {
    ws = WsCharger.connect(vertx, port, id, v201 ? "ocpp2.0.1" : "ocpp1.6");
    ws.answer("UnlockConnector", new JsonObject().put("status", v201 ? "Unlocked" : "Unlocked"));
    JsonObject boot = v201
        ? new JsonObject().put("reason", "PowerUp").put("chargingStation", new JsonObject().put("vendorName", "V").put("model", "M"))
        : new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M");
    JsonArray answer = ws.call("BootNotification", boot);
    assertEquals(3, answer.getInteger(0), "boot of " + id + " answered " + answer.encode());
    return this;
  }

  public boolean connected() {
    return ws != null && !ws.isClosed();
  }

  /** The transaction's start (waits for its acknowledgement). */
  public void start() {
    JsonArray answer = ws.call(v201 ? "TransactionEvent" : "StartTransaction", startPayload());
    assertEquals(3, answer.getInteger(0), "start of " + id + " answered " + answer.encode());
    if (!v201) {
      tx16 = answer.getJsonObject(2).getInteger("transactionId");
    }
  }

  public JsonObject startPayload() {
    if (v201) {
      return new JsonObject().put("eventType", "Started").put("timestamp", startAt.toString())
          .put("triggerReason", "Authorized").put("seqNo", 0)
          .put("transactionInfo", new JsonObject().put("transactionId", tx201))
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1))
          .put("idToken", new JsonObject().put("idToken", "TAG-" + id).put("type", "ISO14443"))
          .put("meterValue", meter(startAt, meterStart, "Transaction.Begin"));
    }
    return new JsonObject().put("connectorId", 1).put("idTag", "TAG-" + id.hashCode() % 1000)
        .put("meterStart", meterStart).put("timestamp", startAt.toString());
  }

  /** A 2.0.1 Updated event (seqNo 1) or a 1.6 MeterValues, acknowledged. */
  public void meterMidway() {
    int wh = (meterStart + meterStop) / 2;
    Instant at = startAt.plusSeconds(900);
    JsonArray answer = v201
        ? ws.call("TransactionEvent", new JsonObject().put("eventType", "Updated").put("timestamp", at.toString())
            .put("triggerReason", "MeterValuePeriodic").put("seqNo", 1)
            .put("transactionInfo", new JsonObject().put("transactionId", tx201))
            .put("meterValue", meter(at, wh, "Sample.Periodic")))
        : ws.call("MeterValues", new JsonObject().put("connectorId", 1).put("transactionId", tx16)
            .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", at.toString())
                .put("sampledValue", new JsonArray().add(new JsonObject().put("value", "" + wh)
                    .put("measurand", "Energy.Active.Import.Register").put("unit", "Wh"))))));
    assertEquals(3, answer.getInteger(0), "meter values of " + id + " answered " + answer.encode());
  }

  /** The stop, the same payload every time it is (re)sent. */
  public String stopAction() {
    return v201 ? "TransactionEvent" : "StopTransaction";
  }

  public JsonObject stopPayload() {
    if (v201) {
      return new JsonObject().put("eventType", "Ended").put("timestamp", stopAt.toString())
          .put("triggerReason", "EVDeparted").put("seqNo", 2)
          .put("transactionInfo", new JsonObject().put("transactionId", tx201).put("stoppedReason", "EVDisconnected"))
          .put("meterValue", meter(stopAt, meterStop, "Transaction.End"));
    }
    return new JsonObject().put("transactionId", tx16).put("meterStop", meterStop)
        .put("timestamp", stopAt.toString()).put("reason", "EVDisconnected");
  }

  /** Sends the stop without waiting. */
  public Future<JsonArray> sendStop() {
    return ws.send(stopAction(), stopPayload());
  }

  /** The stop, resent after 5 s without an answer, as a charger does; the first answer, whatever it is. */
  public JsonArray stopAnswered() throws Exception {
    for (int attempt = 0; attempt < 6; attempt++) {
      try {
        return sendStop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // no answer: resend
      }
    }
    throw new AssertionError("stop of " + id + " never answered");
  }

  private static JsonArray meter(Instant at, int wh, String context) {
    return new JsonArray().add(new JsonObject().put("timestamp", at.toString()).put("sampledValue", new JsonArray()
        .add(new JsonObject().put("value", wh).put("measurand", "Energy.Active.Import.Register").put("context", context)
            .put("unitOfMeasure", new JsonObject().put("unit", "Wh")))));
  }

  /**
   * What Postgres holds for this charger, against what it sent: empty when it is exactly one session,
   * COMPLETED (or still ACTIVE when {@code stopped} is false), timestamps and energy as sent, and one
   * CDR for a stopped one; otherwise a description of the difference.
   */
  public String checkStored(Pool pg, boolean stopped) {
    return checkStored(pg, stopped, true);
  }

  /**
   * As above; with {@code cdrNow} false a stopped session may have no CDR yet (its
   * {@code session.completed} event was lost with Redis: the billing sweep prices it within a minute
   * or two), but never more than one.
   */
  public String checkStored(Pool pg, boolean stopped, boolean cdrNow) {
    List<Row> rows = new ArrayList<>();
    WsCharger.await(pg.preparedQuery("SELECT s.status, s.started_at, s.stopped_at, s.meter_start_wh, s.meter_stop_wh,"
            + " s.energy_wh, s.transaction_ref, s.ocpp16_transaction_id,"
            + " (SELECT count(*) FROM transactions t WHERE t.session_id = s.id) AS cdrs"
            + " FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id WHERE c.charge_point_id = $1")
        .execute(Tuple.of(id))).forEach(rows::add);
    if (rows.size() != 1) {
      return id + ": " + rows.size() + " sessions";
    }
    Row r = rows.get(0);
    List<String> diffs = new ArrayList<>();
    String expectRef = v201 ? tx201 : String.valueOf(tx16);
    if (!expectRef.equals(r.getString("transaction_ref"))) {
      diffs.add("transaction_ref " + r.getString("transaction_ref") + " (sent " + expectRef + ")");
    }
    if (!r.getOffsetDateTime("started_at").equals(OffsetDateTime.ofInstant(startAt, ZoneOffset.UTC))) {
      diffs.add("started_at " + r.getOffsetDateTime("started_at") + " (sent " + startAt + ")");
    }
    if (stopped) {
      if (!"COMPLETED".equals(r.getString("status"))) {
        diffs.add("status " + r.getString("status"));
      }
      OffsetDateTime stoppedAt = r.getOffsetDateTime("stopped_at");
      if (stoppedAt == null || !stoppedAt.toInstant().equals(stopAt)) {
        diffs.add("stopped_at " + stoppedAt + " (sent " + stopAt + ")");
      }
      Object energy = r.getValue("energy_wh");
      if (energy == null || Math.abs(Double.parseDouble(energy.toString()) - (meterStop - meterStart)) > 0.001) {
        diffs.add("energy_wh " + energy + " (sent " + meterStart + " → " + meterStop + ")");
      }
      if (cdrNow ? r.getLong("cdrs") != 1L : r.getLong("cdrs") > 1L) {
        diffs.add(r.getLong("cdrs") + " CDRs");
      }
    } else if (!"ACTIVE".equals(r.getString("status"))) {
      diffs.add("status " + r.getString("status") + " (not stopped yet)");
    }
    return diffs.isEmpty() ? "" : id + ": " + String.join(", ", diffs);
  }

  /** Every charger's differences (empty: all stored exactly once and intact). */
  public static List<String> check(Pool pg, List<FaultCharger> fleet, boolean stopped) {
    return check(pg, fleet, stopped, true);
  }

  public static List<String> check(Pool pg, List<FaultCharger> fleet, boolean stopped, boolean cdrNow) {
    List<String> problems = new ArrayList<>();
    for (FaultCharger c : fleet) {
      String p = c.checkStored(pg, stopped, cdrNow);
      if (!p.isEmpty()) {
        problems.add(p);
      }
    }
    return problems;
  }

  public void close() {
    if (ws != null) {
      try {
        ws.close();
      } catch (RuntimeException ignored) {
        // already gone with the node
      }
    }
  }
}
