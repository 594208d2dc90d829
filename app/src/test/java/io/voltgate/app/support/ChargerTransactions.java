package io.voltgate.app.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * The charger's side of a transaction, per OCPP version, for whole-process charging tests: start
 * (1.6 StartTransaction, 2.0.1 TransactionEvent Started), meter values, and the stop that answers a
 * remote stop.
 */
public final class ChargerTransactions {

  private ChargerTransactions() {
  }

  public interface Transaction {
    void start(Instant at, int meterWh);

    void meter(Instant at, int meterWh, int powerW, int soc);

    void stop(JsonObject remoteStop, Instant at, int meterWh);
  }

  public static final class Tx16 implements Transaction {
    private final WsCharger cp;
    private final String idTag;
    private int tx;

    public Tx16(WsCharger cp, String idTag) {
      this.cp = cp;
      this.idTag = idTag;
    }

    @Override
    public void start(Instant at, int meterWh) {
      JsonObject answer = cp.call("StartTransaction", new JsonObject().put("connectorId", 1).put("idTag", idTag)
          .put("meterStart", meterWh).put("timestamp", at.toString())).getJsonObject(2);
      assertEquals("Accepted", answer.getJsonObject("idTagInfo").getString("status"), answer.encode());
      tx = answer.getInteger("transactionId");
    }

    @Override
    public void meter(Instant at, int meterWh, int powerW, int soc) {
      cp.call("MeterValues", new JsonObject().put("connectorId", 1).put("transactionId", tx).put("meterValue",
          new JsonArray().add(new JsonObject().put("timestamp", at.toString()).put("sampledValue", new JsonArray()
              .add(new JsonObject().put("value", "" + meterWh).put("measurand", "Energy.Active.Import.Register")
                  .put("unit", "Wh"))
              .add(new JsonObject().put("value", "" + powerW).put("measurand", "Power.Active.Import").put("unit", "W"))
              .add(new JsonObject().put("value", "" + soc).put("measurand", "SoC").put("unit", "Percent"))))));
    }

    @Override
    public void stop(JsonObject remoteStop, Instant at, int meterWh) {
      assertEquals(tx, remoteStop.getInteger("transactionId"));
      cp.call("StopTransaction", new JsonObject().put("transactionId", tx).put("idTag", idTag)
          .put("meterStop", meterWh).put("timestamp", at.toString()).put("reason", "Remote"));
    }
  }

  public static final class Tx201 implements Transaction {
    private final WsCharger cp;
    private final String idToken;
    private final String tx = UUID.randomUUID().toString();
    private int seqNo;

    public Tx201(WsCharger cp, String idToken) {
      this.cp = cp;
      this.idToken = idToken;
    }

    private JsonObject event(String type, String trigger, Instant at) {
      return new JsonObject().put("eventType", type).put("timestamp", at.toString()).put("triggerReason", trigger)
          .put("seqNo", seqNo++).put("transactionInfo", new JsonObject().put("transactionId", tx));
    }

    @Override
    public void start(Instant at, int meterWh) {
      JsonObject answer = cp.call("TransactionEvent", event("Started", "RemoteStart", at)
          .put("evse", new JsonObject().put("id", 1).put("connectorId", 1))
          .put("idToken", new JsonObject().put("idToken", idToken).put("type", "Central"))
          .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", at.toString()).put("sampledValue",
              new JsonArray().add(register(meterWh).put("context", "Transaction.Begin")))))).getJsonObject(2);
      assertEquals("Accepted", answer.getJsonObject("idTokenInfo").getString("status"), answer.encode());
    }

    @Override
    public void meter(Instant at, int meterWh, int powerW, int soc) {
      cp.call("TransactionEvent", event("Updated", "MeterValuePeriodic", at)
          .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", at.toString()).put("sampledValue",
              new JsonArray().add(register(meterWh))
                  .add(new JsonObject().put("value", powerW).put("measurand", "Power.Active.Import")
                      .put("unitOfMeasure", new JsonObject().put("unit", "W")))
                  .add(new JsonObject().put("value", soc).put("measurand", "SoC")
                      .put("unitOfMeasure", new JsonObject().put("unit", "Percent")))))));
    }

    @Override
    public void stop(JsonObject remoteStop, Instant at, int meterWh) {
      assertEquals(tx, remoteStop.getString("transactionId"));
      cp.call("TransactionEvent", event("Ended", "RemoteStop", at)
          .put("transactionInfo", new JsonObject().put("transactionId", tx).put("stoppedReason", "Remote"))
          .put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", at.toString()).put("sampledValue",
              new JsonArray().add(register(meterWh).put("context", "Transaction.End"))))));
    }

    private static JsonObject register(int wh) {
      return new JsonObject().put("value", wh).put("measurand", "Energy.Active.Import.Register")
          .put("unitOfMeasure", new JsonObject().put("unit", "Wh"));
    }
  }

}
