package io.voltgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.gateway.support.RawOcppClient;
import io.voltgate.gateway.support.TestGateway;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Negative and edge cases of OCPP-J framing through a real socket; the socket must stay up. */
@Timeout(60)
class OcppFramingTest {

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static RawOcppClient booted(String subprotocol) {
    RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, "FRAME-" + UUID.randomUUID(), subprotocol);
    JsonArray boot = subprotocol.equals("ocpp1.6")
        ? c.call("BootNotification", new JsonObject().put("chargePointVendor", "V").put("chargePointModel", "M"))
        : c.call("BootNotification", new JsonObject().put("reason", "PowerUp")
            .put("chargingStation", new JsonObject().put("vendorName", "V").put("model", "M")));
    assertEquals(3, boot.getInteger(0), boot.encode());
    assertEquals("Accepted", boot.getJsonObject(2).getString("status"));
    return c;
  }

  private static void assertError(JsonArray reply, String code) {
    assertEquals(4, reply.getInteger(0), reply.encode());
    assertEquals(code, reply.getString(2), reply.encode());
  }

  private static void assertStillWorks(RawOcppClient c) {
    JsonArray hb = c.call("Heartbeat", new JsonObject());
    assertEquals(3, hb.getInteger(0), hb.encode());
    assertFalse(c.isClosed());
  }

  @Test
  void echoesTheOfferedSubprotocol() {
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, "SP-1", "ocpp2.0.1")) {
      assertEquals("ocpp2.0.1", c.subprotocol());
    }
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, "SP-2", "ocpp1.6")) {
      assertEquals("ocpp1.6", c.subprotocol());
    }
  }

  @Test
  void refusesHandshakeWithoutSupportedSubprotocol() {
    var attempt = RawOcppClient.connect(gateway.vertx, gateway.port, "/ocpp/NOPROTO", "ocpp1.5");
    try {
      TestGateway.await(attempt);
      throw new AssertionError("handshake without OCPP subprotocol was accepted");
    } catch (IllegalStateException e) {
      assertTrue(e.getCause().getMessage().contains("400"), e.getCause().getMessage());
    }
  }

  @Test
  void refusesHandshakeOutsideThePathPrefix() {
    var attempt = RawOcppClient.connect(gateway.vertx, gateway.port, "/other/CP", "ocpp1.6");
    try {
      TestGateway.await(attempt);
      throw new AssertionError("accepted a path outside the prefix");
    } catch (IllegalStateException e) {
      assertTrue(e.getCause().getMessage().contains("404"), e.getCause().getMessage());
    }
  }

  @Test
  void malformedJsonWithRecoverableIdGetsFormationViolationAndSocketStaysUp() {
    try (RawOcppClient c = booted("ocpp1.6")) {
      c.sendText("[2,\"bad-1\",\"Heartbeat\",{");
      assertError(c.awaitReply("bad-1"), "FormationViolation");
      assertStillWorks(c);
    }
  }

  @Test
  void malformedJsonWithoutIdIsCountedAndIgnored() throws Exception {
    try (RawOcppClient c = booted("ocpp2.0.1")) {
      c.sendText("this is not json");
      c.sendText("{\"an\":\"object\"}");
      assertNull(c.poll(300));
      assertStillWorks(c);
    }
  }

  @Test
  void wrongTypeGetsTypeConstraintViolation() {
    try (RawOcppClient c = booted("ocpp1.6")) {
      JsonArray r = c.call("StatusNotification", new JsonObject().put("connectorId", "one")
          .put("errorCode", "NoError").put("status", "Available"));
      assertError(r, "TypeConstraintViolation");
      assertStillWorks(c);
    }
  }

  @Test
  void missingRequiredFieldGetsTheVersionsOccurrenceSpelling() {
    try (RawOcppClient c = booted("ocpp1.6")) {
      assertError(c.call("Authorize", new JsonObject()), "OccurenceConstraintViolation");
    }
    try (RawOcppClient c = booted("ocpp2.0.1")) {
      assertError(c.call("Authorize", new JsonObject()), "OccurrenceConstraintViolation");
    }
  }

  @Test
  void stringOverMaxLengthGetsPropertyConstraintViolation() {
    try (RawOcppClient c = booted("ocpp1.6")) {
      assertError(c.call("Authorize", new JsonObject().put("idTag", "X".repeat(21))),
          "PropertyConstraintViolation");
      assertStillWorks(c);
    }
  }

  @Test
  void unknownActionGetsNotImplemented() {
    try (RawOcppClient c = booted("ocpp2.0.1")) {
      assertError(c.call("MakeCoffee", new JsonObject()), "NotImplemented");
      assertStillWorks(c);
    }
  }

  @Test
  void csmsOnlyActionFromChargerGetsNotSupported() {
    try (RawOcppClient c = booted("ocpp1.6")) {
      assertError(c.call("RemoteStartTransaction", new JsonObject().put("idTag", "T")), "NotSupported");
    }
  }

  @Test
  void oversizedFrameGetsCallErrorAndSocketStaysUp() {
    try (RawOcppClient c = booted("ocpp1.6")) {
      String big = "[2,\"big-1\",\"DataTransfer\",{\"vendorId\":\"v\",\"data\":\"" + "x".repeat(70_000) + "\"}]";
      c.sendText(big);
      assertError(c.awaitReply("big-1"), "FormationViolation");
      assertStillWorks(c);
    }
  }

  @Test
  void unknownMessageTypeGetsMessageTypeNotSupportedIn201() {
    try (RawOcppClient c = booted("ocpp2.0.1")) {
      c.sendText("[7,\"t-1\",\"Heartbeat\",{}]");
      assertError(c.awaitReply("t-1"), "MessageTypeNotSupported");
      assertStillWorks(c);
    }
  }

  @Test
  void callResultForUnknownIdIsIgnored() throws Exception {
    try (RawOcppClient c = booted("ocpp2.0.1")) {
      c.sendText("[3,\"never-sent\",{}]");
      c.sendText("[4,\"never-sent-2\",\"GenericError\",\"x\",{}]");
      assertNull(c.poll(300));
      assertStillWorks(c);
    }
  }

  @Test
  void repeatedMessageIdGetsTheOriginalAnswer() {
    try (RawOcppClient c = booted("ocpp1.6")) {
      c.sendText("[2,\"same\",\"Heartbeat\",{}]");
      JsonArray first = c.awaitReply("same");
      c.sendText("[2,\"same\",\"Heartbeat\",{}]");
      JsonArray second = c.awaitReply("same");
      assertEquals(first, second);
    }
  }

  @Test
  void messagesBeforeAcceptanceArePossibleAfterReconnectOfAKnownCharger() {
    String id = "KNOWN-" + UUID.randomUUID();
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, id, "ocpp1.6")) {
      assertEquals(3, c.call("BootNotification", new JsonObject().put("chargePointVendor", "V")
          .put("chargePointModel", "M")).getInteger(0));
    }
    try (RawOcppClient c = RawOcppClient.open(gateway.vertx, gateway.port, id, "ocpp1.6")) {
      assertStillWorks(c);
    }
  }
}
