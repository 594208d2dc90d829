package io.voltgate.services.emp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.voltgate.services.Refusal;
import org.junit.jupiter.api.Test;

class KeyIdentifiersTest {

  @Test
  void theSeedsLittleEndianIdentifierIsTheIdTagWithItsBytesReversed() {
    assertEquals("3633E0E0", KeyIdentifiers.toIdTag("e0e03336"));
    assertEquals("3633e0e0", KeyIdentifiers.shown(KeyIdentifiers.toIdTag("e0e03336")));
    assertEquals("3633E0E0", KeyIdentifiers.toIdTag("E0E03336"), "either case");
    assertEquals("04A1B2C3D4E5F6", KeyIdentifiers.toIdTag("f6e5d4c3b2a104"), "a 7-byte UID");
  }

  @Test
  void aRemoteStartTriesTheChargingKeysIdTagThenTheValueAsGiven() {
    assertEquals(java.util.List.of("3633E0E0", "e0e03336"), KeyIdentifiers.candidates("e0e03336"));
    assertEquals(java.util.List.of("BnZd3qp87z"), KeyIdentifiers.candidates("BnZd3qp87z"), "the seed's example");
    assertEquals(java.util.List.of("ABAB"), KeyIdentifiers.candidates("ABAB"), "a palindrome once");
  }

  @Test
  void anythingButWholeHexBytesIsRefused() {
    for (String bad : new String[] {"", "e0e0333", "e0e0333g", "3633-e0e0", "00112233445566778899aa"}) {
      assertThrows(Refusal.class, () -> KeyIdentifiers.toIdTag(bad), bad);
    }
  }
}
