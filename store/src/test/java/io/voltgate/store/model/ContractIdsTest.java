package io.voltgate.store.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContractIdsTest {

  @Test
  void checkDigitsMatchThePublishedExamples() {
    String[] ids = {"NN123ABCDEFGHI", "FRXYZ123456789", "ITA1B2C3E4F5G6", "ESZU8WOX834H1D", "PT73902837ABCZ",
        "DE83DUIEN83QGZ", "DE83DUIEN83ZGQ", "DE8AA001234567"};
    StringBuilder digits = new StringBuilder();
    for (String id : ids) {
      digits.append(ContractIds.checkDigit(id));
    }
    assertEquals("T24RZDM0", digits.toString());
  }

  @Test
  void generatedIdsHaveTheEmi3FormAndAValidCheckDigit() {
    for (int i = 0; i < 200; i++) {
      String id = ContractIds.generate("us", "PHV");
      assertTrue(id.matches("US-PHV-[A-Z0-9]{9}-[A-Z0-9]"), id);
      assertTrue(ContractIds.valid(id), id);
    }
    assertTrue(ContractIds.valid("DE-83D-UIEN83QGZ-D"));
    assertFalse(ContractIds.valid("DE-83D-UIEN83QGZ-E"));
    assertFalse(ContractIds.valid("DE-83D-UIEN83QG"));
  }
}
