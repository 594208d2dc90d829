package io.voltgate.services.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure parts of invoicing: numbers and the identity of a set of CDRs. */
class InvoicingTest {

  private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

  @Test
  void aNumberIsThePrefixADashAndSixDigits() {
    assertEquals("INV-000001", Invoicing.number("INV", 1));
    assertEquals("PR_2026-123456", Invoicing.number("PR_2026", 123_456));
    assertEquals("INV-1234567", Invoicing.number("INV", 1_234_567), "past a million the number grows");
  }

  @Test
  void aSetKeyIsAHexSha256ThatDependsOnEveryId() {
    String ab = Invoicing.setKey(List.of(A, B));
    assertEquals(64, ab.length());
    assertEquals(ab, Invoicing.setKey(List.of(A, B)));
    assertNotEquals(ab, Invoicing.setKey(List.of(A)));
    assertNotEquals(Invoicing.setKey(List.of(A)), Invoicing.setKey(List.of(B)));
  }
}
