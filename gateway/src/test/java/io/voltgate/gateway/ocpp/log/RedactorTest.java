package io.voltgate.gateway.ocpp.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.voltgate.gateway.ocpp.rpc.FrameCodec;
import org.junit.jupiter.api.Test;

/** The shapes of secrets that travel in OCPP 1.6 and 2.0.1 frames, masked; everything else kept. */
class RedactorTest {

  @Test
  void aChangeConfigurationOfTheAuthorizationKeyLosesItsValue() throws Exception {
    String text = "[2,\"1\",\"ChangeConfiguration\",{\"key\":\"AuthorizationKey\",\"value\":\"0011AABB\"}]";
    assertTrue(Redactor.suspect(text));
    JsonNode frame = FrameCodec.MAPPER.readTree(text);
    assertTrue(Redactor.redact(frame));
    assertEquals("[2,\"1\",\"ChangeConfiguration\",{\"key\":\"AuthorizationKey\",\"value\":\"***\"}]",
        FrameCodec.MAPPER.writeValueAsString(frame));
  }

  @Test
  void anotherConfigurationKeyIsKept() throws Exception {
    String text = "[2,\"1\",\"ChangeConfiguration\",{\"key\":\"HeartbeatInterval\",\"value\":\"60\"}]";
    assertFalse(Redactor.suspect(text), "no parse for an ordinary frame");
    JsonNode frame = FrameCodec.MAPPER.readTree(text);
    assertFalse(Redactor.redact(frame));
  }

  @Test
  void setVariablesOfTheBasicAuthPasswordLosesItsAttributeValueOnly() throws Exception {
    String text = "[2,\"1\",\"SetVariables\",{\"setVariableData\":[{\"attributeValue\":\"hunter2hunter2\","
        + "\"component\":{\"name\":\"SecurityCtrlr\"},\"variable\":{\"name\":\"BasicAuthPassword\"}},"
        + "{\"attributeValue\":\"60\",\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}]";
    JsonNode frame = FrameCodec.MAPPER.readTree(text);
    assertTrue(Redactor.redact(frame));
    JsonNode data = frame.get(3).get("setVariableData");
    assertEquals("***", data.get(0).get("attributeValue").textValue());
    assertEquals("60", data.get(1).get("attributeValue").textValue());
  }

  @Test
  void passwordsVpnKeysAndPemPrivateKeysAreMaskedWherever() throws Exception {
    String text = "[2,\"1\",\"SetNetworkProfile\",{\"configurationSlot\":1,\"connectionData\":{"
        + "\"vpn\":{\"server\":\"vpn\",\"user\":\"u\",\"password\":\"p4ss\",\"key\":\"shared\",\"type\":\"IPSec\"},"
        + "\"apn\":{\"apn\":\"internet\",\"apnPassword\":\"apn-secret\",\"apnAuthentication\":\"AUTO\"},"
        + "\"note\":\"-----BEGIN RSA PRIVATE KEY-----abc\"}}]";
    assertTrue(Redactor.suspect(text));
    JsonNode frame = FrameCodec.MAPPER.readTree(text);
    assertTrue(Redactor.redact(frame));
    JsonNode data = frame.get(3).get("connectionData");
    assertEquals("***", data.get("vpn").get("password").textValue());
    assertEquals("***", data.get("vpn").get("key").textValue());
    assertEquals("u", data.get("vpn").get("user").textValue());
    assertEquals("***", data.get("apn").get("apnPassword").textValue());
    assertEquals("internet", data.get("apn").get("apn").textValue());
    assertEquals("***", data.get("note").textValue());
  }
}
