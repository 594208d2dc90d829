package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of random and mutated frames at one socket while a second charger keeps working: the
 * fuzzed socket must stay open, the other charger must never notice. Seeded, so failures replay.
 */
@Timeout(120)
class FrameFuzzTest {

  private static final long SEED = 0x5eedL;
  private static final int FRAMES = 4_000;
  private static TestGateway gateway;

  private static final List<String> SEEDS = List.of(
      "[2,\"1\",\"BootNotification\",{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}]",
      "[2,\"2\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}]",
      "[2,\"3\",\"MeterValues\",{\"connectorId\":1,\"meterValue\":[{\"timestamp\":\"2026-01-01T00:00:00Z\","
          + "\"sampledValue\":[{\"value\":\"12.5\",\"unit\":\"kWh\"}]}]}]",
      "[2,\"4\",\"Authorize\",{\"idTag\":\"ABC\"}]",
      "[2,\"5\",\"StartTransaction\",{\"connectorId\":1,\"idTag\":\"ABC\",\"meterStart\":0,"
          + "\"timestamp\":\"2026-01-01T00:00:00Z\"}]",
      "[2,\"6\",\"StopTransaction\",{\"transactionId\":1,\"meterStop\":10,\"timestamp\":\"2026-01-01T00:00:00Z\"}]",
      "[3,\"7\",{}]",
      "[4,\"8\",\"GenericError\",\"\",{}]",
      "[2,\"9\",\"DataTransfer\",{\"vendorId\":\"x\",\"data\":\"y\"}]");

  @BeforeAll
  static void start() {
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void randomAndMutatedFramesNeverCloseTheSocketOrDisturbAnotherCharger() throws Exception {
    Random random = new Random(SEED);
    try (RawOcppClient victim = RawOcppClient.open(gateway.vertx, gateway.port, "FUZZ-OK", "ocpp1.6");
         RawOcppClient fuzzed = RawOcppClient.open(gateway.vertx, gateway.port, "FUZZ-TARGET", "ocpp1.6")) {
      victim.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      fuzzed.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"));
      for (int i = 0; i < FRAMES; i++) {
        fuzzed.sendText(frame(random, i));
        if (i % 400 == 0) {
          JsonArray hb = victim.call("Heartbeat", new JsonObject());
          assertEquals(3, hb.getInteger(0), "the other charger was disturbed at frame " + i);
        }
      }
      JsonArray after = fuzzed.call("Heartbeat", new JsonObject());
      assertEquals(3, after.getInteger(0), "fuzzed socket no longer answers");
      assertFalse(fuzzed.isClosed());
      assertEquals(3, victim.call("Heartbeat", new JsonObject()).getInteger(0));
    }
  }

  private static String frame(Random r, int i) {
    String base = SEEDS.get(r.nextInt(SEEDS.size())).replaceFirst("\"\\d\"", "\"f" + i + "\"");
    switch (r.nextInt(8)) {
      case 0:
        return randomBytes(r, 1 + r.nextInt(200));
      case 1:
        return base.substring(0, r.nextInt(base.length()));
      case 2: {
        char[] c = base.toCharArray();
        for (int k = 0; k < 1 + r.nextInt(4); k++) {
          c[r.nextInt(c.length)] = (char) (32 + r.nextInt(95));
        }
        return new String(c);
      }
      case 3:
        return base.replace("1", "\"1\"").replace("\"Available\"", "42");
      case 4:
        return "[" + r.nextInt(10) + ",\"" + "x".repeat(r.nextInt(60)) + "\",\"" + randomBytes(r, 10) + "\",{}]";
      case 5:
        return base.replace("{", "{\"unexpected\":[null,{},1.5e309],");
      case 6:
        return "[2,\"n" + i + "\",\"Heartbeat\"," + "[".repeat(r.nextInt(300)) + "]";
      default:
        return base;
    }
  }

  private static String randomBytes(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) r.nextInt(0x3000));
    }
    return sb.toString();
  }
}
