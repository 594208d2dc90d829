package io.voltgate.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 quoting, record shape and formula neutralisation of the CSV writer. */
class CsvTableTest {

  @Test
  void plainFieldsAreWrittenAsIsWithCrlfLineEnds() {
    String csv = new CsvTable(List.of("a", "b")).row("x", 1).row(null, true).toString();
    assertEquals("a,b\r\nx,1\r\n,true\r\n", csv);
  }

  @Test
  void fieldsWithCommasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
    assertEquals("\"Plaza, North\"", CsvTable.field("Plaza, North"));
    assertEquals("\"say \"\"hi\"\"\"", CsvTable.field("say \"hi\""));
    assertEquals("\"two\nlines\"", CsvTable.field("two\nlines"));
    assertEquals("\"cr\rhere\"", CsvTable.field("cr\rhere"));
  }

  @Test
  void decimalsNeverUseExponents() {
    assertEquals("0.00000010", CsvTable.field(new BigDecimal("1.0E-7").setScale(8)));
    assertEquals("1200", CsvTable.field(new BigDecimal("1.2E+3")));
    assertEquals("-3.50", CsvTable.field(new BigDecimal("-3.50")));
  }

  @Test
  void textThatLooksLikeAFormulaIsNeutralised() {
    assertEquals("'=SUM(A1)", CsvTable.field("=SUM(A1)"));
    assertEquals("'+1", CsvTable.field("+1"));
    assertEquals("'@cmd", CsvTable.field("@cmd"));
    assertEquals("\"'=1,2\"", CsvTable.field("=1,2"));
  }

  @Test
  void aRecordMustMatchTheHeader() {
    assertThrows(IllegalArgumentException.class, () -> new CsvTable(List.of("a", "b")).row("only one"));
  }
}
